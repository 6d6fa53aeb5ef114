package dev.momopay.payout.it;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.momopay.payout.testsupport.TestCertificates;
import dev.momopay.payout.testsupport.WorkerProcess;
import dev.momopay.simulator.MomoSimulator;
import dev.momopay.simulator.SimulatorConfig;
import io.restassured.path.json.JsonPath;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packaged worker's go-live check, at start-up and on the ops API, against misconfigurations a newcomer makes:
 * each is reported as FAIL with the variable to fix, in the log and in the {@code momo} health group (DOWN), and the
 * worker runs on (it is ready: a configuration error holds payouts, it never stops the worker).
 */
class GoLiveCheckIT {

    private static final String OPS_KEY = "it-golive-key-3c8e51f0a7d94b26";
    private static MomoSimulator momo;
    private static HttpsServer untrusted;
    /** Each test's own worker, one misconfiguration each; they start together (see {@link #startWorkers()}). */
    private static WorkerProcess misconfigured;
    private static WorkerProcess otherMarket;
    private static WorkerProcess untrustedBaseUrl;

    /**
     * The simulator, an HTTPS server whose certificate no one trusts, and the three workers: independent of each
     * other (each test judges only its own worker's log, health and report), so their start-ups overlap instead of
     * following one another. Each test kills its worker when it is done.
     */
    @BeforeAll
    static void startWorkers() throws Exception {
        momo = MomoSimulator.start(SimulatorConfig.defaults());
        Path directory = Files.createDirectories(Path.of("target", "golive-tls"));
        TestCertificates certificates = TestCertificates.create(directory);
        untrusted = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        untrusted.setHttpsConfigurator(new HttpsConfigurator(serverContext(certificates)));
        untrusted.createContext("/", exchange -> {
            exchange.sendResponseHeaders(500, -1);
            exchange.close();
        });
        untrusted.start();
        misconfigured = worker("worker-golive-misconfigured", new HashMap<>(Map.of("MOMO_API_KEY", "not-the-api-key",
                "MOMO_TARGET_ENVIRONMENT", "production")), "http://127.0.0.1:");
        otherMarket = worker("worker-golive-market", new HashMap<>(Map.of("MOMO_CURRENCY", "USD")),
                "http://payouts.example.test:");
        untrustedBaseUrl = worker("worker-golive-tls", new HashMap<>(Map.of("MOMO_BASE_URL",
                "https://localhost:" + untrusted.getAddress().getPort())), "http://localhost:");
        WorkerProcess.startAll(misconfigured, otherMarket, untrustedBaseUrl);
    }

    @AfterAll
    static void stopAll() {
        for (WorkerProcess worker : new WorkerProcess[] {misconfigured, otherMarket, untrustedBaseUrl}) {
            if (worker != null) {
                worker.kill();
            }
        }
        if (untrusted != null) {
            untrusted.stop(0);
        }
        momo.close();
    }

    @Test
    void wrongCredentialsAnIpCallbackHostAndTheLiteralProductionEnvironmentEachNameTheirVariable() throws Exception {
        try (WorkerProcess worker = misconfigured) {
            JsonPath report = awaitReportAndCheck(worker);
            assertFails(report, "token", "MOMO_API_USER, MOMO_API_KEY");
            assertFails(report, "target-environment", "MOMO_TARGET_ENVIRONMENT");
            assertFails(report, "callback-host", "PAYOUT_CALLBACK_BASE_URL");
            assertLogged(worker, "(fix: MOMO_API_USER, MOMO_API_KEY)", "(fix: MOMO_TARGET_ENVIRONMENT)",
                    "(fix: PAYOUT_CALLBACK_BASE_URL)");
        }
    }

    @Test
    void anotherMarketsCurrencyAndACallbackHostOtherThanTheRegisteredOneNameTheirVariable() throws Exception {
        try (WorkerProcess worker = otherMarket) {
            JsonPath report = awaitReportAndCheck(worker);
            assertFails(report, "currency", "MOMO_CURRENCY"); // the sandbox pays in EUR only
            assertFails(report, "balance", "MOMO_CURRENCY"); // MoMo: INVALID_CURRENCY
            assertFails(report, "callback-host", "PAYOUT_CALLBACK_BASE_URL"); // registered: localhost
            assertEquals("PASS", verdict(report, "token"), report.prettify());
            assertLogged(worker, "(fix: MOMO_CURRENCY)", "(fix: PAYOUT_CALLBACK_BASE_URL)");
        }
    }

    @Test
    void aBaseUrlWhoseCertificateIsNotTrustedNamesTheBaseUrl() throws Exception {
        try (WorkerProcess worker = untrustedBaseUrl) {
            JsonPath report = awaitReportAndCheck(worker);
            assertFails(report, "tls", "MOMO_BASE_URL");
            assertLogged(worker, "FAIL tls", "(fix: MOMO_BASE_URL)");
        }
    }

    /**
     * A worker (not started yet) on the simulator with {@code overrides}, its callback base URL
     * {@code callbackPrefix + port}.
     */
    private static WorkerProcess worker(String name, Map<String, String> overrides, String callbackPrefix) {
        Map<String, String> env = new HashMap<>(overrides);
        int port = WorkerProcess.freePort();
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        env.put("PAYOUT_CALLBACK_BASE_URL", callbackPrefix + port);
        env.put("PAYOUT_OPS_API_KEYS_IT", OPS_KEY);
        return WorkerProcess.against(name, momo, env);
    }

    /**
     * Waits for the start-up check to have taken the momo health group DOWN, then asks the ops API for the report:
     * the same findings, fresh.
     */
    private static JsonPath awaitReportAndCheck(WorkerProcess worker) {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonPath health = given().get(worker.managementUrl() + "/q/health/group/momo").then().statusCode(503)
                    .extract().jsonPath();
            assertEquals("DOWN", health.getString("checks.find { it.name == 'MoMo go-live check' }.status"),
                    health.prettify());
        });
        given().get(worker.managementUrl() + "/q/health/ready").then().statusCode(200);
        return given().header("X-Api-Key", OPS_KEY).get(worker.baseUrl() + "/ops/accounts/default/check").then()
                .statusCode(200).extract().jsonPath();
    }

    private static void assertFails(JsonPath report, String check, String fix) {
        assertEquals("FAIL", report.getString("verdict"), report.prettify());
        assertEquals("FAIL", verdict(report, check), check + " in " + report.prettify());
        assertEquals(fix, report.getString("findings.find { it.check == '" + check + "' && it.verdict == 'FAIL' }"
                + ".fix"), check + " in " + report.prettify());
    }

    private static String verdict(JsonPath report, String check) {
        return report.getList("findings.findAll { it.check == '" + check + "' }.verdict", String.class).stream()
                .reduce((a, b) -> a.equals("FAIL") || b.equals("FAIL") ? "FAIL" : a).orElse("none");
    }

    private static void assertLogged(WorkerProcess worker, String... fragments) throws Exception {
        String log = Files.readString(worker.log(), StandardCharsets.UTF_8);
        for (String fragment : fragments) {
            assertTrue(log.contains(fragment), "the start-up check logs " + fragment + "; see " + worker.log());
        }
    }

    private static SSLContext serverContext(TestCertificates certificates) throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(certificates.serverKeystore())) {
            keys.load(in, TestCertificates.PASSWORD.toCharArray());
        }
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(keys, TestCertificates.PASSWORD.toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(factory.getKeyManagers(), null, null);
        return context;
    }
}
