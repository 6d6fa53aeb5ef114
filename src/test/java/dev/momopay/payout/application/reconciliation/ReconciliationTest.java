package dev.momopay.payout.application.reconciliation;

import static dev.momopay.payout.testsupport.PayoutTestResource.management;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.momopay.payout.domain.reconciliation.Verdict;
import dev.momopay.payout.persistence.ReconciliationRepository;
import dev.momopay.payout.persistence.ReconciliationRepository.MomoSide;
import dev.momopay.payout.persistence.ReconciliationRepository.Run;
import dev.momopay.payout.testsupport.CommandProducer;
import dev.momopay.payout.testsupport.Commands;
import dev.momopay.payout.testsupport.PayoutTestResource;
import dev.momopay.payout.testsupport.TopicRecorder;
import dev.momopay.simulator.MomoSimulator;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The reconciliation with MoMo end to end: payouts through the real pipeline on a MoMo account of its own
 * ({@code recon}), MoMo's records changed afterwards through the simulator's control API, runs asked for and read
 * through the ops API.
 */
@QuarkusTest
@WithTestResource(PayoutTestResource.class)
class ReconciliationTest {

    private static final String KEY = "ops-test-key-7f3a9c21d54b";
    private static final String READER_KEY = "ops-reader-key-2b8e51f0c7d94a36";
    private static final String ACCOUNT = "recon";
    private static final String FAILS = "46733123455"; // a deposit to it ends FAILED (PAYER_NOT_FOUND)
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final MomoSimulator momo = PayoutTestResource.simulator();
    private final TopicRecorder outcomes = TopicRecorder.of("payouts.outcomes");

    @Inject
    AgroalDataSource dataSource;

    @Inject
    ReconciliationRepository runs;

    @Inject
    ReconciliationSchedule schedule;

    @Test
    void aPeriodWithEveryOutcomeReconcilesCleanAndItsBalanceAddsUp() throws Exception {
        refreshBalances();
        Instant from = databaseNow();
        String deposit = send(CommandProducer.DEPOSITS, "40", Commands.SUCCESS_MSISDN);
        String transfer = send(CommandProducer.TRANSFERS, "25", Commands.SUCCESS_MSISDN);
        String failed = send(CommandProducer.DEPOSITS, "15", FAILS);
        String rejected = send(CommandProducer.DEPOSITS, "-5", Commands.SUCCESS_MSISDN);
        String refund = Commands.newReference();
        CommandProducer.send(CommandProducer.REFUNDS, refund, Commands.onAccount(Commands.refund(refund, "10",
                UUID.randomUUID().toString()), ACCOUNT));
        awaitStatus(deposit, "SUCCESSFUL");
        awaitStatus(transfer, "SUCCESSFUL");
        awaitStatus(failed, "FAILED");
        awaitStatus(rejected, "REJECTED");
        awaitStatus(refund, "SUCCESSFUL");
        Instant to = databaseNow();
        refreshBalances();

        JsonNode summary = reconcile(from, to);

        assertEquals(4, summary.at("/verdicts/MATCHED").asLong(), summary::toString);
        assertEquals(1, summary.at("/verdicts/NOT_ASKED").asLong(), summary::toString);
        assertEquals(0, summary.at("/verdicts/MISMATCH").asLong(), summary::toString);
        assertEquals(0, summary.at("/verdicts/UNCHECKED").asLong(), summary::toString);
        assertEquals(0, summary.get("mismatches").size());
        JsonNode paid = total(summary, "SUCCESSFUL", "EUR");
        assertEquals(3, paid.get("count").asLong());
        assertEquals(0, new BigDecimal("75").compareTo(new BigDecimal(paid.get("sum").asText())));
        assertEquals(1, total(summary, "FAILED", "EUR").get("count").asLong());
        JsonNode balance = balance(summary);
        assertTrue(balance.get("problem").isNull(), balance::toString);
        assertEquals(3, balance.get("successfulPayouts").asLong(), balance::toString);
        assertEquals(0, new BigDecimal(balance.get("difference").asText()).signum(), balance::toString);
        assertTrue(summary.get("balanceExplanation").asText().contains("top-ups"));

        String csv = ops().get("/ops/reconciliations/" + summary.get("id").asLong() + "/report.csv").then()
                .statusCode(200).contentType(containsString("text/csv")).extract().asString();
        List<String> lines = csv.lines().toList();
        assertEquals(6, lines.size(), csv);
        assertTrue(lines.get(0).startsWith("referenceId,account,operation"), csv);
        assertTrue(line(lines, rejected).contains(",NOT_ASKED,"), csv);
        assertTrue(line(lines, failed).contains(",FAILED,") && line(lines, failed).contains(",MATCHED,"), csv);
        assertTrue(line(lines, deposit).contains(",SUCCESSFUL,40,EUR,"), csv);
    }

    @Test
    void aPayoutWhoseMomoStatusChangedAfterwardsIsAMismatchThatAlertsAndChangesNothing() throws Exception {
        Instant from = databaseNow();
        String paid = send(CommandProducer.DEPOSITS, "30", Commands.SUCCESS_MSISDN);
        String failed = send(CommandProducer.DEPOSITS, "20", FAILS);
        awaitStatus(paid, "SUCCESSFUL");
        awaitStatus(failed, "FAILED");
        await().atMost(TIMEOUT).until(() -> outcomes.forKey(paid).size() == 1 && outcomes.forKey(failed).size() == 1);
        Instant to = databaseNow();
        forceAtMomo(paid, "FAILED");
        forceAtMomo(failed, "SUCCESSFUL");

        JsonNode summary = reconcile(from, to);

        assertEquals(2, summary.at("/verdicts/MISMATCH").asLong(), summary::toString);
        Map<String, JsonNode> mismatches = new HashMap<>();
        summary.get("mismatches").forEach(m -> mismatches.put(m.get("referenceId").asText(), m));
        assertEquals("FAILED_HERE_SUCCESSFUL_AT_MOMO", mismatches.get(failed).get("kind").asText());
        assertEquals("SUCCESSFUL", mismatches.get(failed).get("momoStatus").asText());
        assertEquals("SUCCESSFUL_HERE_FAILED_AT_MOMO", mismatches.get(paid).get("kind").asText());
        await().atMost(TIMEOUT).until(() -> mismatchGauge("FAILED_HERE_SUCCESSFUL_AT_MOMO") >= 1
                && mismatchGauge("SUCCESSFUL_HERE_FAILED_AT_MOMO") >= 1);

        // The reconciliation only reports: the payouts keep their outcome, and no second event is published.
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() ->
                outcomes.forKey(paid).size() == 1 && outcomes.forKey(failed).size() == 1);
        given().get("/payouts/" + failed).then().statusCode(200).body("status", equalTo("FAILED"));
        given().get("/payouts/" + paid).then().statusCode(200).body("status", equalTo("SUCCESSFUL"));

        ops().contentType(ContentType.JSON).body("{}").post("/ops/reconciliations/mismatches/" + failed
                + "/acknowledge").then().statusCode(400).body("error", containsString("note"));
        given().header("X-Api-Key", READER_KEY).contentType(ContentType.JSON).body("{\"note\":\"x\"}")
                .post("/ops/reconciliations/mismatches/" + failed + "/acknowledge").then().statusCode(403);
        for (String ref : List.of(failed, paid)) {
            ops().contentType(ContentType.JSON).body("{\"note\":\"asked finance to recover it\"}")
                    .post("/ops/reconciliations/mismatches/" + ref + "/acknowledge").then().statusCode(200)
                    .body("acknowledged", equalTo(1));
        }
        ops().contentType(ContentType.JSON).body("{\"note\":\"again\"}")
                .post("/ops/reconciliations/mismatches/" + failed + "/acknowledge").then().statusCode(404);
        await().atMost(TIMEOUT).until(() -> mismatchGauge("FAILED_HERE_SUCCESSFUL_AT_MOMO") == 0
                && mismatchGauge("SUCCESSFUL_HERE_FAILED_AT_MOMO") == 0);
        String csv = ops().get("/ops/reconciliations/" + summary.get("id").asLong() + "/report.csv").then()
                .statusCode(200).extract().asString();
        assertTrue(line(csv.lines().toList(), failed).contains(",test-operator,"), csv);
    }

    @Test
    void aBalanceGapIsReported() throws Exception {
        refreshBalances();
        Instant from = databaseNow();
        String paid = send(CommandProducer.DEPOSITS, "12", Commands.SUCCESS_MSISDN);
        awaitStatus(paid, "SUCCESSFUL");
        Instant to = databaseNow();
        given().baseUri(momo.baseUrl()).contentType(ContentType.JSON)
                .body("{\"account\":\"recon\",\"currency\":\"EUR\",\"amount\":\"100\",\"mode\":\"add\"}")
                .post("/_sim/float").then().statusCode(200);
        refreshBalances();

        JsonNode balance = balance(reconcile(from, to));

        assertEquals(1, balance.get("successfulPayouts").asLong(), balance::toString);
        assertEquals(0, new BigDecimal("100").compareTo(new BigDecimal(balance.get("difference").asText())),
                balance::toString);
        BigDecimal opening = new BigDecimal(balance.at("/opening/available").asText());
        BigDecimal closing = new BigDecimal(balance.at("/closing/available").asText());
        assertEquals(0, opening.subtract(new BigDecimal("12")).add(new BigDecimal("100")).compareTo(closing));
    }

    /** A run held by a replica that stopped is left alone while its lease lasts, then continued where it stopped. */
    @Test
    void anInterruptedRunIsContinuedOnceItsLeaseRanOut() throws Exception {
        Instant from = databaseNow();
        String first = send(CommandProducer.DEPOSITS, "7", Commands.SUCCESS_MSISDN);
        String second = send(CommandProducer.DEPOSITS, "8", Commands.SUCCESS_MSISDN);
        awaitStatus(first, "SUCCESSFUL");
        awaitStatus(second, "SUCCESSFUL");
        Instant to = databaseNow();
        UUID otherReplica = UUID.randomUUID();
        long id = insertHeldRun(from, to, otherReplica);
        Run run = runs.find(id).orElseThrow();
        assertTrue(runs.collect(run, otherReplica));
        assertTrue(runs.decide(id, otherReplica, UUID.fromString(first), Verdict.MATCHED, null, "SUCCESSFUL",
                new MomoSide("SUCCESSFUL", "7", "EUR", null)));

        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() ->
                runs.find(id).orElseThrow().status() == ReconciliationRepository.RunStatus.RUNNING
                        && attempts(id, second) == 0);

        execute("UPDATE reconciliation_run SET lease_until = now() - interval '1 second' WHERE id = " + id);
        JsonNode summary = awaitCompleted(id);
        assertEquals(2, summary.at("/verdicts/MATCHED").asLong(), summary::toString);
        assertEquals(1, attempts(id, first)); // not asked again
        assertEquals(1, attempts(id, second));
        assertNull(scalar("SELECT claim_token::text FROM reconciliation_run WHERE id = " + id));
    }

    @Test
    void theDailyRunOfADayIsCreatedOnceHoweverOftenItIsAskedFor() throws Exception {
        Instant at = Instant.parse("2020-01-05T02:00:00Z");
        assertEquals(3, schedule.ensureRuns(at).size()); // 2, 3 and 4 January (catch-up-days 3)
        assertEquals(0, schedule.ensureRuns(at).size());
        assertEquals(0, schedule.ensureRuns(Instant.parse("2020-01-05T00:30:00Z")).size()); // the 4th is not due yet
        assertEquals("3", scalar("SELECT count(*) FROM reconciliation_run WHERE scheduled AND period_start >= "
                + "'2020-01-01' AND period_end <= '2020-01-06'"));
        String id = scalar("SELECT max(id) FROM reconciliation_run WHERE scheduled AND period_start = "
                + "'2020-01-04T00:00:00Z'");
        JsonNode summary = awaitCompleted(Long.parseLong(id));
        assertEquals(0, summary.at("/verdicts/MATCHED").asLong());
        assertTrue(summary.get("account").isNull());
        await().atMost(TIMEOUT).until(() -> gauge("payout_reconciliation_last_completed_timestamp_seconds",
                "") > 0);
    }

    @Test
    void aRunAskedForWithABadPeriodOrAccountIsRefusedWithAClearReason() {
        refuse("{\"to\":\"2026-01-02\"}", "from and to are required");
        refuse("{\"from\":\"yesterday\",\"to\":\"2026-01-02\"}", "from is not an ISO-8601 instant or date");
        refuse("{\"from\":\"2026-01-02\",\"to\":\"2026-01-01\"}", "from must be before to");
        refuse("{\"from\":\"2026-01-01\",\"to\":\"2999-01-01\"}", "to is in the future");
        refuse("{\"from\":\"2025-01-01\",\"to\":\"2025-03-01\"}", "at most 31 days");
        refuse("{\"from\":\"2025-01-01\",\"to\":\"2025-01-02\",\"account\":\"nowhere\"}", "unknown MoMo account");
        given().header("X-Api-Key", READER_KEY).contentType(ContentType.JSON)
                .body("{\"from\":\"2025-01-01\",\"to\":\"2025-01-02\"}").post("/ops/reconciliations").then()
                .statusCode(403);
        given().header("X-Api-Key", READER_KEY).get("/ops/reconciliations").then().statusCode(200);
        ops().get("/ops/reconciliations/999999999").then().statusCode(404);
        ops().get("/ops/reconciliations/999999999/report.csv").then().statusCode(404);
        given().get("/ops/reconciliations").then().statusCode(401);
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private static RequestSpecification ops() {
        return given().header("X-Api-Key", KEY);
    }

    private static void refuse(String body, String message) {
        ops().contentType(ContentType.JSON).body(body).post("/ops/reconciliations").then().statusCode(400)
                .body("error", containsString(message));
    }

    private static String send(String topic, String amount, String msisdn) {
        String ref = Commands.newReference();
        CommandProducer.send(topic, ref, Commands.onAccount(Commands.payout(ref, amount, msisdn), ACCOUNT));
        return ref;
    }

    private static void awaitStatus(String ref, String status) {
        await().atMost(TIMEOUT).untilAsserted(() -> given().get("/payouts/" + ref).then().statusCode(200)
                .body("status", equalTo(status)));
    }

    private static void refreshBalances() {
        ops().post("/ops/balances/refresh").then().statusCode(200);
    }

    private void forceAtMomo(String ref, String status) {
        given().baseUri(momo.baseUrl()).contentType(ContentType.JSON).body("{\"status\":\"" + status + "\"}")
                .post("/_sim/transactions/" + ref + "/complete").then().statusCode(200)
                .body("status", equalTo(status));
    }

    /** Asks for a run of the account over the period and waits for its summary. */
    private JsonNode reconcile(Instant from, Instant to) throws Exception {
        String created = ops().contentType(ContentType.JSON).body("{\"from\":\"" + from + "\",\"to\":\"" + to
                + "\",\"account\":\"" + ACCOUNT + "\"}").post("/ops/reconciliations").then().statusCode(202)
                .extract().asString();
        return awaitCompleted(JSON.readTree(created).get("id").asLong());
    }

    private JsonNode awaitCompleted(long id) throws Exception {
        await().atMost(TIMEOUT).untilAsserted(() -> ops().get("/ops/reconciliations/" + id).then().statusCode(200)
                .body("status", equalTo("COMPLETED")));
        return JSON.readTree(ops().get("/ops/reconciliations/" + id).then().extract().asString());
    }

    private static JsonNode total(JsonNode summary, String status, String currency) {
        for (JsonNode total : summary.get("totals")) {
            if (total.get("status").asText().equals(status) && total.get("currency").asText().equals(currency)) {
                return total;
            }
        }
        throw new AssertionError("no total of " + status + " " + currency + " in " + summary);
    }

    private static JsonNode balance(JsonNode summary) {
        for (JsonNode balance : summary.get("balances")) {
            if (balance.get("account").asText().equals(ACCOUNT) && "EUR".equals(balance.get("currency").asText())) {
                return balance;
            }
        }
        throw new AssertionError("no EUR balance of " + ACCOUNT + " in " + summary);
    }

    private static String line(List<String> lines, String ref) {
        return lines.stream().filter(l -> l.startsWith(ref)).findFirst()
                .orElseThrow(() -> new AssertionError("no line of " + ref + " in " + lines));
    }

    private static double mismatchGauge(String kind) {
        return gauge("payout_reconciliation_mismatches", "kind=\"" + kind + "\"");
    }

    /** A gauge's value on the management port ({@code labels} a label the series has, or empty). */
    private static double gauge(String name, String labels) {
        String metrics = given().get(management("/q/metrics")).then().statusCode(200).extract().asString();
        Pattern series = Pattern.compile("^" + name + "(?:\\{([^}]*)\\})? (\\S+)$", Pattern.MULTILINE);
        Matcher matcher = series.matcher(metrics);
        while (matcher.find()) {
            if ((matcher.group(1) == null ? "" : matcher.group(1)).contains(labels)) {
                return Double.parseDouble(matcher.group(2));
            }
        }
        throw new AssertionError("no series " + name + " {" + labels + "} in the metrics");
    }

    private long insertHeldRun(Instant from, Instant to, UUID token) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement("INSERT INTO reconciliation_run "
                        + "(period_start, period_end, account, scheduled, requested_by, status, claim_token, "
                        + "lease_until) VALUES (?, ?, ?, false, 'test', 'RUNNING', ?, now() + interval '1 hour') "
                        + "RETURNING id")) {
            statement.setTimestamp(1, java.sql.Timestamp.from(from));
            statement.setTimestamp(2, java.sql.Timestamp.from(to));
            statement.setString(3, ACCOUNT);
            statement.setObject(4, token);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    private int attempts(long runId, String ref) throws SQLException {
        String value = scalar("SELECT attempts FROM reconciliation_line WHERE run_id = " + runId
                + " AND reference_id = '" + UUID.fromString(ref) + "'");
        assertNotNull(value, "no line of " + ref);
        return Integer.parseInt(value);
    }

    private Instant databaseNow() throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement("SELECT clock_timestamp()");
                ResultSet rows = statement.executeQuery()) {
            rows.next();
            return rows.getTimestamp(1).toInstant();
        }
    }

    private String scalar(String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql);
                ResultSet rows = statement.executeQuery()) {
            return rows.next() ? rows.getString(1) : null;
        }
    }

    private void execute(String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.executeUpdate();
        }
    }
}
