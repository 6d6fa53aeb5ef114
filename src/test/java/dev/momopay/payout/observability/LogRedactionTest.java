package dev.momopay.payout.observability;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.momopay.payout.testsupport.CommandProducer;
import dev.momopay.payout.testsupport.Commands;
import dev.momopay.payout.testsupport.PayoutTestResource;
import dev.momopay.payout.testsupport.TopicRecorder;
import dev.momopay.simulator.MomoSimulator;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * A whole batch (deposits, transfers, failures, a rejection, an ops account-holder check) runs with DEBUG logging
 * for the worker and the REST client (request and response bodies included); the captured log file must contain
 * none of the secrets (subscription key, API key, ops API key, MoMo access tokens) and none of the MSISDNs.
 */
@QuarkusTest
@WithTestResource(PayoutTestResource.class)
class LogRedactionTest {

    private static final Path LOG = Path.of("target/quarkus-test.log");
    private static final String OPS_KEY = "ops-test-key-7f3a9c21d54b";
    private static final List<String> CATEGORIES = List.of("dev.momopay", "org.jboss.resteasy.reactive.client.logging",
            "io.quarkus.rest.client");

    private final MomoSimulator momo = PayoutTestResource.simulator();
    private final TopicRecorder outcomes = TopicRecorder.of("payouts.outcomes");

    @Test
    void aFullBatchAtDebugLeavesNoSecretOrMsisdnInTheLog() throws Exception {
        long start = Files.exists(LOG) ? Files.size(LOG) : 0;
        List<Level> before = new ArrayList<>();
        for (String category : CATEGORIES) {
            before.add(Logger.getLogger(category).getLevel());
            Logger.getLogger(category).setLevel(Level.FINE);
        }
        List<String> msisdns = List.of(Commands.SUCCESS_MSISDN, "46733123457", "46733123455", "46733123456",
                "56733123452");
        List<String> refs = new ArrayList<>();
        try {
            for (int i = 0; i < msisdns.size(); i++) {
                String ref = Commands.newReference();
                refs.add(ref);
                CommandProducer.send(i % 2 == 0 ? CommandProducer.DEPOSITS : CommandProducer.TRANSFERS, ref,
                        Commands.payout(ref, "15", msisdns.get(i)));
            }
            String rejected = Commands.newReference();
            refs.add(rejected);
            CommandProducer.send(CommandProducer.DEPOSITS, rejected, Commands.payout(rejected, "1.234", "46733000999"));
            refs.forEach(ref -> await().atMost(Duration.ofSeconds(60)).until(() -> !outcomes.forKey(ref).isEmpty()));

            given().header("X-Api-Key", OPS_KEY).contentType("application/json")
                    .body("{\"idType\":\"MSISDN\",\"id\":\"46733123456\"}").post("/ops/account-holders/check")
                    .then().statusCode(200);
            // a log line that quotes secrets and an MSISDN outright: the filter is the last line of defence
            org.jboss.logging.Logger.getLogger("dev.momopay.test").infof("careless line: key=%s sub=%s "
                    + "Authorization: Bearer %s msisdn %s", OPS_KEY, momo.subscriptionKey(), "abcDEF123456789xyz",
                    "46733123459");
        } finally {
            for (int i = 0; i < CATEGORIES.size(); i++) {
                Logger.getLogger(CATEGORIES.get(i)).setLevel(before.get(i));
            }
        }

        List<String> forbidden = new ArrayList<>(List.of(momo.subscriptionKey(), momo.apiKey(), OPS_KEY,
                "abcDEF123456789xyz", "46733123459", "46733000999", "46733123456"));
        forbidden.addAll(msisdns);
        List<String> tokens = momo.issuedTokens();
        assertFalse(tokens.isEmpty(), "the simulator issued access tokens");
        forbidden.addAll(tokens);

        await().atMost(Duration.ofSeconds(10)).until(() -> readFrom(start).contains("careless line"));
        String captured = readFrom(start);
        assertTrue(captured.contains("DEBUG"), "debug logging was on while the batch ran");
        for (String secret : forbidden) {
            assertFalse(captured.contains(secret), "the log contains a secret or an MSISDN ending in "
                    + secret.substring(secret.length() - 2));
        }
        assertTrue(captured.contains("*********59"), "an MSISDN is masked to its last two digits");
        assertFalse(captured.contains("Sand Box"), "no account holder's name");
        assertFalse(captured.contains("\"given_name\":\"Sand\""), "no account holder's given name");
    }

    private static String readFrom(long offset) throws Exception {
        byte[] all = Files.readAllBytes(LOG);
        return new String(all, (int) Math.min(offset, all.length), (int) (all.length - Math.min(offset, all.length)),
                StandardCharsets.UTF_8);
    }
}
