package dev.momopay.payout.application.controls;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.momopay.payout.testsupport.CommandProducer;
import dev.momopay.payout.testsupport.Commands;
import dev.momopay.payout.testsupport.PayoutTestResource;
import dev.momopay.payout.testsupport.TopicRecorder;
import dev.momopay.simulator.MomoSimulator;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * Velocity limits and the suspected-duplicate hold through the real pipeline, each on a test account of its own:
 * {@code limited} (a payee may get 2 payouts and 100 EUR a day; held when exceeded), {@code strict} (the account may
 * pay out 300 EUR a day; rejected when exceeded) and {@code dupes} (the same payee, amount and currency within 1h is
 * held). Every test pays payees of its own (fresh wallet numbers), so the day's usage is its own.
 */
@QuarkusTest
@WithTestResource(PayoutTestResource.class)
class VelocityControlsTest {

    private static final String OPERATOR = "ops-test-key-7f3a9c21d54b";
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final Duration QUIET = Duration.ofSeconds(1);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final MomoSimulator momo = PayoutTestResource.simulator();
    private final TopicRecorder outcomes = TopicRecorder.of("payouts.outcomes");

    @Test
    void aPayeeOverItsDailyCountOrAmountIsHeldForApprovalAndPaidOnceApproved() {
        String payee = freshWallet();
        awaitStatus(send("limited", "10", payee), "SUCCESSFUL");
        awaitStatus(send("limited", "10", payee), "SUCCESSFUL");
        String third = send("limited", "10", payee);
        awaitStatus(third, "AWAITING_APPROVAL");
        given().get("/payouts/" + third).then().body("history[-1].detail",
                containsString("the payee already had 2 payouts today; the daily limit is 2"));
        assertNoPostFor(third);
        String other = freshWallet();
        String tooMuch = send("limited", "100.01", other);
        awaitStatus(tooMuch, "AWAITING_APPROVAL");
        given().get("/payouts/" + tooMuch).then().body("history[-1].detail",
                containsString("the payee would get 100.01 EUR today; the daily limit is 100 EUR"));
        awaitStatus(send("limited", "100", other), "SUCCESSFUL");

        given().header("X-Api-Key", OPERATOR).post("/ops/payouts/" + third + "/approve").then().statusCode(200)
                .body("result", equalTo("APPROVED"));
        awaitStatus(third, "SUCCESSFUL");
        assertEquals(1, momo.ledger().postAttempts(UUID.fromString(third)));
    }

    @Test
    void anAccountOverItsDailyAmountRejectsWhenConfiguredSo() throws Exception {
        String first = send("strict", "200", freshWallet());
        awaitStatus(first, "SUCCESSFUL");
        String over = send("strict", "150", freshWallet());
        awaitStatus(over, "REJECTED");
        given().get("/payouts/" + over).then().body("reason.code", equalTo("VELOCITY_LIMIT_EXCEEDED"))
                .body("reason.message", containsString("its daily limit is 300 EUR"));
        await().atMost(TIMEOUT).until(() -> outcomes.forKey(over).size() == 1);
        assertEquals("VELOCITY_LIMIT_EXCEEDED", JSON.readTree(outcomes.forKey(over).get(0).value())
                .at("/reason/code").asText());
        assertEquals(0, momo.ledger().postAttempts(UUID.fromString(over)));
        awaitStatus(send("strict", "100", freshWallet()), "SUCCESSFUL");
    }

    @Test
    void theSamePayeeAmountAndCurrencyWithinTheWindowWaitsForApproval() {
        String payee = freshWallet();
        String original = send("dupes", "25", payee);
        awaitStatus(original, "SUCCESSFUL");
        String suspect = send("dupes", "25.00", payee);
        awaitStatus(suspect, "AWAITING_APPROVAL");
        given().get("/payouts/" + suspect).then().body("history[-1].detail",
                containsString("suspected duplicate: payout " + original));
        assertNoPostFor(suspect);
        awaitStatus(send("dupes", "26", payee), "SUCCESSFUL");
        awaitStatus(send("dupes", "25", freshWallet()), "SUCCESSFUL");
        given().header("X-Api-Key", OPERATOR).contentType("application/json").body("{\"reason\":\"not a duplicate\"}")
                .post("/ops/payouts/" + suspect + "/cancel").then().statusCode(200);
        awaitStatus(suspect, "CANCELLED");
    }

    private static String send(String account, String amount, String msisdn) {
        String ref = Commands.newReference();
        CommandProducer.send(CommandProducer.TRANSFERS, ref, Commands.onAccount(Commands.payout(ref, amount, msisdn),
                account));
        return ref;
    }

    /** A wallet number outside the sandbox test table (always SUCCESSFUL), used by no other test. */
    private static String freshWallet() {
        return "2567" + String.format("%08d", ThreadLocalRandom.current().nextInt(100_000_000));
    }

    private void assertNoPostFor(String ref) {
        await().during(QUIET).atMost(QUIET.plusSeconds(5)).untilAsserted(() -> {
            given().get("/payouts/" + ref).then().body("status", equalTo("AWAITING_APPROVAL"));
            assertEquals(0, momo.ledger().postAttempts(UUID.fromString(ref)));
        });
    }

    private static void awaitStatus(String ref, String status) {
        await().atMost(TIMEOUT).untilAsserted(() -> given().get("/payouts/" + ref).then().statusCode(200)
                .body("status", equalTo(status)));
    }
}
