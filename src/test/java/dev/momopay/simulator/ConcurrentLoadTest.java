package dev.momopay.simulator;

import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Smoke check that the simulator is non-blocking under a few thousand concurrent-ish requests. */
class ConcurrentLoadTest {

    @Test
    void severalThousandRequestsWithLatencyFaultComplete() throws Exception {
        try (MomoSimulator sim = MomoSimulator.start(SimulatorConfig.defaults().withCompletionDelay(Duration.ZERO))) {
            SimClient c = new SimClient(sim).login();
            // 20 ms latency on every POST: a blocking implementation could not keep 256 requests in flight
            sim.faults().latency(dev.momopay.simulator.faults.EndpointClass.POST, Duration.ofMillis(20), Duration.ZERO);
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            int n = 4000;
            Semaphore inFlight = new Semaphore(256);
            AtomicInteger accepted = new AtomicInteger();
            List<CompletableFuture<?>> all = new ArrayList<>(n);
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                inFlight.acquire();
                HttpRequest req = c.product("/disbursement/v1_0/transfer")
                    .header("X-Reference-Id", UUID.randomUUID().toString()).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(SimClient.body("1", "EUR", "46733000001"))).build();
                all.add(client.sendAsync(req, HttpResponse.BodyHandlers.discarding()).whenComplete((r, e) -> {
                    inFlight.release();
                    if (r != null && r.statusCode() == 202) {
                        accepted.incrementAndGet();
                    }
                }));
            }
            // A liveness bound only, far above what the load takes; the figure is printed, not asserted.
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
            double seconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf("simulator throughput: %d POSTs in %.2f s = %.0f req/s%n", n, seconds, n / seconds);
            assertEquals(n, accepted.get());
            assertEquals(n, sim.ledger().acceptedCount());
        }
    }
}
