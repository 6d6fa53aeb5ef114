package dev.momopay.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** Test helper: a plain JDK HTTP client speaking MoMo to a simulator. */
final class SimClient {
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build();

    final String baseUrl;
    String subscriptionKey;
    String apiUser;
    String apiKey;
    String targetEnvironment;
    String token;

    SimClient(MomoSimulator sim) {
        this(sim.baseUrl(), sim.subscriptionKey(), sim.apiUser(), sim.apiKey(), sim.targetEnvironment());
    }

    SimClient(String baseUrl, String subscriptionKey, String apiUser, String apiKey, String targetEnvironment) {
        this.baseUrl = baseUrl;
        this.subscriptionKey = subscriptionKey;
        this.apiUser = apiUser;
        this.apiKey = apiKey;
        this.targetEnvironment = targetEnvironment;
    }

    static SimClient forAccount(MomoSimulator sim, Account a) {
        return new SimClient(sim.baseUrl(), a.subscriptionKey(), a.apiUser(), a.apiKey(), a.targetEnvironment());
    }

    String basic() {
        return "Basic " + Base64.getEncoder().encodeToString((apiUser + ":" + apiKey).getBytes(StandardCharsets.UTF_8));
    }

    HttpResponse<String> tokenResponse() {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + "/disbursement/token/"))
            .header("Ocp-Apim-Subscription-Key", subscriptionKey).header("Authorization", basic())
            .POST(HttpRequest.BodyPublishers.noBody()));
    }

    /** Fetches a token and keeps it for later calls. */
    SimClient login() {
        HttpResponse<String> r = tokenResponse();
        if (r.statusCode() != 200) {
            throw new IllegalStateException("token: " + r.statusCode() + " " + r.body());
        }
        token = json(r).get("access_token").asText();
        return this;
    }

    HttpRequest.Builder product(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(10))
            .header("Ocp-Apim-Subscription-Key", subscriptionKey);
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (targetEnvironment != null) {
            b.header("X-Target-Environment", targetEnvironment);
        }
        return b;
    }

    HttpResponse<String> get(String path) {
        return send(product(path).GET());
    }

    HttpResponse<String> post(String path, UUID ref, String body, String... headers) {
        HttpRequest.Builder b = product(path).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
        if (ref != null) {
            b.header("X-Reference-Id", ref.toString());
        }
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return send(b);
    }

    HttpResponse<String> transfer(UUID ref, String msisdn, String amount, String... headers) {
        return post("/disbursement/v1_0/transfer", ref, body(amount, "EUR", msisdn), headers);
    }

    HttpResponse<String> deposit(int version, UUID ref, String msisdn, String amount, String... headers) {
        return post("/disbursement/v" + version + "_0/deposit", ref, body(amount, "EUR", msisdn), headers);
    }

    HttpResponse<String> refund(int version, UUID ref, String refToRefund, String amount, String... headers) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("amount", amount);
        m.put("currency", "EUR");
        m.put("externalId", "ext-r");
        m.put("payerMessage", "refund");
        m.put("payeeNote", "refund note");
        m.put("referenceIdToRefund", refToRefund);
        return post("/disbursement/v" + version + "_0/refund", ref, write(m), headers);
    }

    HttpResponse<String> status(String operation, Object ref) {
        return get("/disbursement/v1_0/" + operation + "/" + ref);
    }

    static String body(String amount, String currency, String msisdn) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("amount", amount);
        m.put("currency", currency);
        m.put("externalId", "ext-1");
        m.put("payee", Map.of("partyIdType", "MSISDN", "partyId", msisdn));
        m.put("payerMessage", "salary");
        m.put("payeeNote", "thanks");
        return write(m);
    }

    static String write(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static JsonNode json(HttpResponse<String> r) {
        try {
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new IllegalStateException("not JSON (" + r.statusCode() + "): " + r.body(), e);
        }
    }

    static HttpResponse<String> send(HttpRequest.Builder b) {
        try {
            return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
