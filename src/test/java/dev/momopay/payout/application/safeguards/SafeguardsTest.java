package dev.momopay.payout.application.safeguards;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.momopay.payout.testsupport.CommandProducer;
import dev.momopay.payout.testsupport.Commands;
import dev.momopay.payout.testsupport.PayoutTestResource;
import dev.momopay.payout.testsupport.TopicRecorder;
import dev.momopay.simulator.MomoSimulator;
import dev.momopay.simulator.faults.EndpointClass;
import dev.momopay.payout.momo.MomoResult;
import dev.momopay.payout.momo.dto.Balance;
import dev.momopay.payout.persistence.FloatRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The money-aware safeguards against the simulator, each on its own simulated market so the others keep working:
 * a drained float holds payouts instead of failing them, a broken market is paused by its breaker without slowing
 * another, payee checks reject before any money call, and currency routing picks the market.
 */
@QuarkusTest
@WithTestResource(PayoutTestResource.class)
class SafeguardsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(40);
    /** payout.safeguards.protection.breaker-open-for in the test profile, in milliseconds. */
    private static final long BREAKER_OPEN_FOR = 2000;

    private final MomoSimulator momo = PayoutTestResource.simulator();
    private final TopicRecorder outcomes = TopicRecorder.of("payouts.outcomes");

    @Inject
    FloatGuard floatGuard;

    @Inject
    FloatRepository floats;

    @Inject
    AccountBreakers breakers;

    @Test
    void aDrainedFloatHoldsPayoutsInsteadOfFailingThemAndResumesAfterATopUp() {
        momo.setFloat("floaty", "EUR", new BigDecimal("100"));
        floatGuard.refresh();
        List<String> refs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String ref = Commands.newReference();
            refs.add(ref);
            CommandProducer.send(CommandProducer.TRANSFERS, ref, withAccount(
                    Commands.payout(ref, "60", Commands.SUCCESS_MSISDN), "floaty"));
        }
        await().atMost(TIMEOUT).until(() -> finished(refs) >= 1 && floatGuard.isHolding("floaty", "EUR"));
        // The other two stay held, not failed and not sent, for as long as the float is short.
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertEquals(1, finished(refs), "only the payout the float covers finishes");
            assertEquals(1, refs.stream().filter(r -> momo.ledger().postAttempts(UUID.fromString(r)) > 0).count(),
                    "only the payout the float covers goes to MoMo");
        });

        momo.topUp("floaty", "EUR", new BigDecimal("500"));
        await().atMost(TIMEOUT).until(() -> refs.stream().allMatch(r -> !outcomes.forKey(r).isEmpty()));
        for (String ref : refs) {
            assertEquals("SUCCESSFUL", status(ref), "no NOT_ENOUGH_FUNDS storm: " + ref);
        }
    }

    @Test
    void aBrokenMarketIsPausedByItsBreakerWhileAnotherKeepsPayingAndItResumesAfterwards() {
        momo.faults("broken").errorRate(EndpointClass.POST, 1.0, 503).errorRate(EndpointClass.STATUS, 1.0, 503);
        try {
            List<String> broken = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String ref = Commands.newReference();
                broken.add(ref);
                CommandProducer.send(CommandProducer.DEPOSITS, ref, withAccount(
                        Commands.payout(ref, "7", Commands.SUCCESS_MSISDN), "broken"));
            }
            await().atMost(TIMEOUT).until(() -> breakers.isOpen("broken"));
            int callsWhenOpen = totalCalls(broken);
            long openedAt = System.nanoTime();
            String healthy = Commands.newReference();
            CommandProducer.send(CommandProducer.DEPOSITS, healthy, Commands.payout(healthy, "7",
                    Commands.SUCCESS_MSISDN));
            await().atMost(TIMEOUT).until(() -> !outcomes.forKey(healthy).isEmpty());
            assertEquals("SUCCESSFUL", status(healthy));
            // While open, the broken market sees its probes only: a round per open period (a POST and a status
            // check at most), plus one call per payout that was in flight when it opened. Without the breaker the
            // eight payouts retry about once a second each.
            await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(6)).untilAsserted(() -> {
                long periods = Duration.ofNanos(System.nanoTime() - openedAt).toMillis() / BREAKER_OPEN_FOR + 1;
                int since = totalCalls(broken) - callsWhenOpen;
                assertTrue(since <= broken.size() + 2 * periods,
                        "an open breaker stops the storm: " + since + " calls in " + periods + " open periods");
            });
            momo.faults("broken").reset();
            await().atMost(TIMEOUT).until(() -> broken.stream().allMatch(r -> !outcomes.forKey(r).isEmpty()));
            for (String ref : broken) {
                assertEquals("SUCCESSFUL", status(ref));
                assertTrue(momo.ledger().transaction(UUID.fromString(ref)).isPresent());
            }
        } finally {
            momo.faults("broken").reset();
        }
    }

    @Test
    void aPayeeFlippedToInactiveIsRejectedWithoutAnyMoneyCall() {
        String msisdn = "25677" + (1000000 + (int) (Math.random() * 8999999));
        momo.accountHolders().inactive(msisdn);
        String ref = Commands.newReference();
        CommandProducer.send(CommandProducer.DEPOSITS, ref, withAccount(Commands.payout(ref, "9", msisdn), "checked"));
        await().atMost(TIMEOUT).until(() -> !outcomes.forKey(ref).isEmpty());
        assertEquals("REJECTED", status(ref));
        assertEquals("PAYEE_NOT_ACTIVE", reasonCode(ref));
        assertEquals(0, momo.ledger().postAttempts(UUID.fromString(ref)));
    }

    @Test
    void theExpectedPayeeNameIsComparedTolerantly() {
        String msisdn = "25678" + (1000000 + (int) (Math.random() * 8999999));
        momo.accountHolders().active(msisdn).name(msisdn, "Jean-Paul", "Mbeki");
        String matching = Commands.newReference();
        String mismatching = Commands.newReference();
        CommandProducer.send(CommandProducer.TRANSFERS, matching, withName(withAccount(
                Commands.payout(matching, "9", msisdn), "checked"), "MBEKI jean paul"));
        CommandProducer.send(CommandProducer.TRANSFERS, mismatching, withName(withAccount(
                Commands.payout(mismatching, "9", msisdn), "checked"), "John Doe"));
        await().atMost(TIMEOUT).until(() -> !outcomes.forKey(matching).isEmpty()
                && !outcomes.forKey(mismatching).isEmpty());
        assertEquals("SUCCESSFUL", status(matching));
        assertEquals("REJECTED", status(mismatching));
        assertEquals("PAYEE_NAME_MISMATCH", reasonCode(mismatching));
        assertEquals(0, momo.ledger().postAttempts(UUID.fromString(mismatching)));
    }

    @Test
    void aCommandWithoutAccountIsRoutedByCurrencyAndAnUnknownAccountIsRejected() {
        String routed = Commands.newReference();
        CommandProducer.send(CommandProducer.TRANSFERS, routed,
                Commands.payout(routed, "1500", Commands.SUCCESS_MSISDN).replace("\"EUR\"", "\"UGX\""));
        await().atMost(TIMEOUT).until(() -> !outcomes.forKey(routed).isEmpty());
        assertEquals("SUCCESSFUL", status(routed));
        given().get("/payouts/" + routed).then().body("account", equalTo("uganda"));

        String unknown = Commands.newReference();
        CommandProducer.send(CommandProducer.TRANSFERS, unknown,
                withAccount(Commands.payout(unknown, "5", Commands.SUCCESS_MSISDN), "atlantis"));
        await().atMost(TIMEOUT).until(() -> !outcomes.forKey(unknown).isEmpty());
        assertEquals("UNKNOWN_ACCOUNT", reasonCode(unknown));
    }

    @Test
    void aSlowBalanceReadingNeverReplacesANewerOne() {
        String account = "reading-order-" + UUID.randomUUID(); // no configured account: no scheduled reading of it
        Instant earlier = floats.now();
        Instant later = earlier.plusMillis(1);
        floatGuard.apply(account, "EUR", balance("100"), later);
        floatGuard.apply(account, "EUR", balance("5000"), earlier); // requested first, answered last
        assertEquals(0, new BigDecimal("100").compareTo(spendable(account)),
                "the float a slow reading saw has been spent since; the newer reading stands");
        floatGuard.apply(account, "EUR", balance("70"), later.plusMillis(1));
        assertEquals(0, new BigDecimal("70").compareTo(spendable(account)), "a newer reading replaces it");
    }

    private static MomoResult<Balance> balance(String available) {
        return new MomoResult.Ok<>(new Balance(available, "EUR"));
    }

    private BigDecimal spendable(String account) {
        return QuarkusTransaction.requiringNew().call(() -> floats.lock(account, List.of("EUR")).get("EUR"))
                .spendable();
    }

    private long finished(List<String> refs) {
        return refs.stream().filter(r -> !outcomes.forKey(r).isEmpty()).count();
    }

    private int totalCalls(List<String> refs) {
        return refs.stream().mapToInt(r -> momo.ledger().postAttempts(UUID.fromString(r))
                + momo.ledger().statusGets(UUID.fromString(r))).sum();
    }

    private static String withAccount(String command, String account) {
        return command.substring(0, command.length() - 1) + ",\"account\":\"" + account + "\"}";
    }

    private static String withName(String command, String name) {
        return command.substring(0, command.length() - 1) + ",\"expectedPayeeName\":\"" + name + "\"}";
    }

    private String status(String ref) {
        return event(ref).get("status").asText();
    }

    private String reasonCode(String ref) {
        return event(ref).get("reason").get("code").asText();
    }

    private JsonNode event(String ref) {
        try {
            return JSON.readTree(outcomes.forKey(ref).get(0).value());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
