package dev.momopay.simulator;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

import java.time.Duration;
import java.util.Locale;

import static dev.momopay.simulator.Responses.JSON;

/** The final-status callback to a transaction's X-Callback-Url: v1 POST, v2 PUT, with MTN's retry ladder if asked. */
final class CallbackSender {
    private final SimulatorState state;
    private final StatusBodies bodies;
    private final HttpClient client;

    CallbackSender(SimulatorState state, StatusBodies bodies) {
        this.state = state;
        this.bodies = bodies;
        this.client = state.vertx.createHttpClient(new HttpClientOptions()
            .setConnectTimeout((int) state.config.callbackTimeout().toMillis())
            .setMaxPoolSize(200).setKeepAlive(true));
    }

    /** Sends the final-status callback if one is due; the future completes after the first attempt. */
    Future<Void> send(Tx tx) {
        SimulatorConfig config = state.config;
        if (!config.callbacksEnabled() || tx.callbackUrl == null || !tx.isFinal()
            || state.globalFaults.dropCallbacks() || tx.account.faults.dropCallbacks()) {
            return Future.succeededFuture();
        }
        boolean flip = state.globalFaults.contradictoryCallback() || tx.account.faults.contradictoryCallback();
        String body;
        try {
            body = JSON.writeValueAsString(bodies.statusBody(tx.view(), flip, bodies.nulField(tx)));
        } catch (Exception e) {
            return Future.failedFuture(e);
        }
        HttpMethod method = HttpMethod.valueOf((tx.version == 2 ? config.v2CallbackMethod() : config.v1CallbackMethod())
            .toUpperCase(Locale.ROOT));
        Promise<Void> first = Promise.promise();
        deliver(tx, method, body, 0, first);
        return first.future();
    }

    private void deliver(Tx tx, HttpMethod method, String body, int attempt, Promise<Void> first) {
        SimulatorConfig config = state.config;
        RequestOptions o = new RequestOptions().setMethod(method).setAbsoluteURI(tx.callbackUrl)
            .setTimeout(config.callbackTimeout().toMillis()).putHeader("Content-Type", "application/json");
        state.ledger.callbacksAttempted.incrementAndGet();
        client.request(o)
            .compose(req -> req.send(Buffer.buffer(body)))
            .compose(resp -> resp.body().map(b -> resp.statusCode()))
            .onComplete(ar -> {
                boolean ok = ar.succeeded() && ar.result() >= 200 && ar.result() < 300;
                tx.callbackAttempt(ok);
                if (ok) {
                    state.ledger.callbacksDelivered.incrementAndGet();
                }
                first.tryComplete();
                // compressed MTN retry ladder: 20 fast retries, then 30 slower ones
                if (!ok && config.callbackRetry() && attempt < 50) {
                    Duration wait = attempt < 20 ? config.callbackRetryFastInterval() : config.callbackRetrySlowInterval();
                    state.vertx.setTimer(Math.max(1, wait.toMillis()), t -> deliver(tx, method, body, attempt + 1, first));
                }
            });
    }
}
