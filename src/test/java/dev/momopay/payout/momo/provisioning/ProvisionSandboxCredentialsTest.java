package dev.momopay.payout.momo.provisioning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The provisioning command against a tiny local stand-in for the sandbox's apiuser endpoints. */
class ProvisionSandboxCredentialsTest {

    private static final String KEY = "sub-key-1";
    private HttpServer server;
    private final Map<String, String> users = new ConcurrentHashMap<>();
    private volatile String lastReferenceId;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1_0/apiuser", exchange -> {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            int status;
            String body = "";
            if (!KEY.equals(exchange.getRequestHeaders().getFirst("Ocp-Apim-Subscription-Key"))) {
                status = 401;
                body = "{\"statusCode\":401,\"message\":\"Access denied due to invalid subscription key.\"}";
            } else if (path.equals("/v1_0/apiuser") && method.equals("POST")) {
                String ref = exchange.getRequestHeaders().getFirst("X-Reference-Id");
                lastReferenceId = ref;
                String host = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)
                        .replaceAll(".*\"providerCallbackHost\"\\s*:\\s*\"([^\"]*)\".*", "$1");
                if (users.putIfAbsent(ref, host) != null) {
                    status = 409;
                    body = "{\"code\":\"RESOURCE_ALREADY_EXIST\",\"message\":\"Duplicated reference id.\"}";
                } else {
                    status = 201;
                }
            } else if (path.endsWith("/apikey") && method.equals("POST")) {
                String id = path.split("/")[3];
                status = users.containsKey(id) ? 201 : 404;
                body = status == 201 ? "{\"apiKey\":\"f1db798c98df4bcf83b538175893bbf0\"}" : "";
            } else if (method.equals("GET")) {
                String id = path.split("/")[3];
                String host = users.get(id);
                status = host == null ? 404 : 200;
                body = host == null ? "" : "{\"providerCallbackHost\":\"" + host + "\",\"targetEnvironment\":\"sandbox\"}";
            } else {
                status = 405;
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                exchange.getResponseBody().write(bytes);
            }
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private record Run(int code, String out, String err) {
    }

    private Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = ProvisionSandboxCredentials.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), HttpClient.newHttpClient(), null);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void createsUserAndKeyAndPrintsExports() {
        Run r = run("--base-url", baseUrl(), "--subscription-key", KEY, "--callback-host", "example.com");
        assertEquals(0, r.code(), r.err());
        UUID user = UUID.fromString(lastReferenceId);
        assertEquals(4, user.version());
        assertTrue(r.out().contains("export MOMO_API_USER=" + user + "\n"), r.out());
        assertTrue(r.out().contains("export MOMO_API_KEY=f1db798c98df4bcf83b538175893bbf0\n"), r.out());
        assertTrue(r.out().contains("export MOMO_TARGET_ENVIRONMENT=sandbox\n"), r.out());
        assertEquals("example.com", users.get(user.toString()));
    }

    @Test
    void wrongSubscriptionKeyGivesClearError() {
        Run r = run("--base-url", baseUrl(), "--subscription-key", "wrong", "--callback-host", "example.com");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("401"), r.err());
        assertTrue(r.err().contains("subscription key"), r.err());
        assertEquals("", r.out());
    }

    @Test
    void existingUserGivesConflictError() throws Exception {
        UUID id = UUID.randomUUID();
        users.put(id.toString(), "example.com");
        SandboxProvisioner p = new SandboxProvisioner(HttpClient.newHttpClient(), java.net.URI.create(baseUrl()),
                KEY, java.time.Duration.ofSeconds(5));
        SandboxProvisioner.ProvisioningException e = org.junit.jupiter.api.Assertions.assertThrows(
                SandboxProvisioner.ProvisioningException.class, () -> p.provision(id, "example.com"));
        assertEquals(409, e.status());
        assertTrue(e.getMessage().contains("already exists"));
    }

    @Test
    void unreachableServerGivesClearError() {
        int port = server.getAddress().getPort();
        server.stop(0);
        Run r = run("--base-url", "http://127.0.0.1:" + port, "--subscription-key", KEY, "--callback-host", "x.org");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("no response"), r.err());
    }

    @Test
    void badArguments() {
        assertEquals(2, run("--subscription-key", KEY).code());
        assertEquals(2, run("--subscription-key", KEY, "--callback-host", "http://example.com/").code());
        assertEquals(2, run("--nope", "x").code());
        assertEquals(0, run("--help").code());
    }
}
