package dev.momopay.payout.http.health;

import dev.momopay.payout.messaging.KafkaProducers;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness includes an authenticated round trip to Kafka with the worker's own client settings (TLS, SASL, ...).
 * The messaging channel's own check only counts open connections, and a connection that is still failing its TLS
 * handshake or SASL authentication counts too, so with a wrong password or an untrusted broker certificate the
 * worker would report ready while it can neither take in a command nor publish an outcome.
 */
@Readiness
@ApplicationScoped
public class KafkaReadiness implements AsyncHealthCheck {

    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    private final Map<String, Object> clientConfig;
    private Admin admin;

    @Inject
    public KafkaReadiness(@Identifier("default-kafka-broker") Map<String, Object> kafkaConfig) {
        this.clientConfig = KafkaProducers.clientConfig(kafkaConfig);
        this.clientConfig.put(AdminClientConfig.CLIENT_ID_CONFIG, "momo-payout-worker-readiness");
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        Admin client;
        try {
            client = admin();
        } catch (RuntimeException e) { // e.g. a trust store that cannot be read
            return Uni.createFrom().item(down(e));
        }
        return Uni.createFrom().completionStage(() -> client
                .describeCluster(new DescribeClusterOptions().timeoutMs((int) TIMEOUT.toMillis()))
                .clusterId().toCompletionStage())
                .ifNoItem().after(TIMEOUT.plusSeconds(1)).fail()
                .map(clusterId -> HealthCheckResponse.named("Kafka").up().withData("cluster", clusterId).build())
                .onFailure().recoverWithItem(KafkaReadiness::down);
    }

    private static HealthCheckResponse down(Throwable failure) {
        Throwable cause = failure.getCause() != null && failure instanceof java.util.concurrent.CompletionException
                ? failure.getCause() : failure;
        return HealthCheckResponse.named("Kafka").down().withData("problem", String.valueOf(cause)).build();
    }

    private synchronized Admin admin() {
        if (admin == null) {
            admin = Admin.create(clientConfig);
        }
        return admin;
    }

    @PreDestroy
    synchronized void close() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(2));
        }
    }
}
