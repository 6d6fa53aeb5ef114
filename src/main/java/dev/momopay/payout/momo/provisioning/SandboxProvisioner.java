package dev.momopay.payout.momo.provisioning;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

/**
 * Creates a sandbox API user and API key ({@code POST /v1_0/apiuser}, {@code POST /v1_0/apiuser/{id}/apikey},
 * {@code GET /v1_0/apiuser/{id}}) with plain {@link HttpClient}, without Quarkus. This is the one place where an
 * X-Reference-Id is minted (the API user's id).
 */
public final class SandboxProvisioner {

    /** What provisioning produced. {@code toString()} does not print the key. */
    public record Credentials(String apiUser, String apiKey, String providerCallbackHost, String targetEnvironment) {
        @Override
        public String toString() {
            return "Credentials[apiUser=" + apiUser + ", apiKey=<redacted>, providerCallbackHost="
                    + providerCallbackHost + ", targetEnvironment=" + targetEnvironment + "]";
        }
    }

    /** A provisioning step failed; the message says which and what to do. */
    public static final class ProvisioningException extends Exception {
        private final int status;

        public ProvisioningException(String message, int status) {
            super(message);
            this.status = status;
        }

        /** The HTTP status, or 0 when no response was received. */
        public int status() {
            return status;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final URI baseUrl;
    private final String subscriptionKey;
    private final Duration timeout;

    public SandboxProvisioner(HttpClient http, URI baseUrl, String subscriptionKey, Duration timeout) {
        this.http = http;
        String base = baseUrl.toString();
        this.baseUrl = URI.create(base.endsWith("/") ? base : base + "/");
        this.subscriptionKey = subscriptionKey;
        this.timeout = timeout;
    }

    /** Creates a new API user with {@code callbackHost} as its providerCallbackHost, then an API key for it. */
    public Credentials provision(String callbackHost) throws ProvisioningException {
        return provision(UUID.randomUUID(), callbackHost);
    }

    public Credentials provision(UUID apiUser, String callbackHost) throws ProvisioningException {
        if (apiUser.version() != 4) {
            throw new IllegalArgumentException("the API user id must be a UUID version 4");
        }
        createUser(apiUser, callbackHost);
        String apiKey = createKey(apiUser);
        JsonNode user = getUser(apiUser);
        return new Credentials(apiUser.toString(), apiKey, text(user, "providerCallbackHost"),
                text(user, "targetEnvironment"));
    }

    void createUser(UUID apiUser, String callbackHost) throws ProvisioningException {
        String body = JSON.createObjectNode().put("providerCallbackHost", callbackHost).toString();
        HttpResponse<String> r = send(request("v1_0/apiuser")
                .header("X-Reference-Id", apiUser.toString())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), "create API user");
        switch (r.statusCode()) {
            case 201 -> {
            }
            case 400 -> throw fail("create API user: 400 Bad Request (the id must be a UUID v4 and "
                    + "--callback-host a plain host name such as example.com, no scheme or path)", r);
            case 401 -> throw fail("create API user: 401, the subscription key was rejected "
                    + "(use a valid Ocp-Apim-Subscription-Key of your sandbox product subscription)", r);
            case 409 -> throw fail("create API user: 409, an API user with id " + apiUser + " already exists", r);
            default -> throw fail("create API user: unexpected HTTP " + r.statusCode(), r);
        }
    }

    String createKey(UUID apiUser) throws ProvisioningException {
        HttpResponse<String> r = send(request("v1_0/apiuser/" + apiUser + "/apikey")
                .POST(HttpRequest.BodyPublishers.noBody()).build(), "create API key");
        switch (r.statusCode()) {
            case 200, 201 -> {
                String key = text(parse(r), "apiKey");
                if (key == null || key.isBlank()) {
                    throw fail("create API key: the response has no apiKey", r);
                }
                return key;
            }
            case 401 -> throw fail("create API key: 401, the subscription key was rejected", r);
            case 404 -> throw fail("create API key: 404, API user " + apiUser + " not found", r);
            default -> throw fail("create API key: unexpected HTTP " + r.statusCode(), r);
        }
    }

    /** The API user's registration: {@code providerCallbackHost} and {@code targetEnvironment}. */
    public JsonNode getUser(UUID apiUser) throws ProvisioningException {
        HttpResponse<String> r = send(request("v1_0/apiuser/" + apiUser).GET().build(), "read API user");
        return switch (r.statusCode()) {
            case 200 -> parse(r);
            case 401 -> throw fail("read API user: 401, the subscription key was rejected", r);
            case 404 -> throw fail("read API user: 404, API user " + apiUser + " not found", r);
            default -> throw fail("read API user: unexpected HTTP " + r.statusCode(), r);
        };
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(baseUrl.resolve(path))
                .timeout(timeout)
                .header("Ocp-Apim-Subscription-Key", subscriptionKey);
    }

    private HttpResponse<String> send(HttpRequest request, String step) throws ProvisioningException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new ProvisioningException(step + ": no response from " + baseUrl + " (" + e + ")", 0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProvisioningException(step + ": interrupted", 0);
        }
    }

    private static JsonNode parse(HttpResponse<String> r) throws ProvisioningException {
        try {
            return JSON.readTree(r.body() == null || r.body().isBlank() ? "{}" : r.body());
        } catch (IOException e) {
            throw new ProvisioningException("unreadable response body (HTTP " + r.statusCode() + ")", r.statusCode());
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static ProvisioningException fail(String message, HttpResponse<String> r) {
        String body = r.body() == null ? "" : r.body().strip();
        if (body.length() > 300) {
            body = body.substring(0, 300) + "...";
        }
        return new ProvisioningException(body.isEmpty() ? message : message + "; body: " + body, r.statusCode());
    }
}
