package dev.momopay.payout.testsupport;

import static org.awaitility.Awaitility.await;

import dev.momopay.simulator.MomoSimulator;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The packaged worker ({@code target/quarkus-app/quarkus-run.jar}) as a separate process, configured only through the
 * contract's environment variables, so tests can run several instances at once, kill one with SIGKILL, pause one
 * (SIGSTOP) and restart it, exactly as in production.
 */
public final class WorkerProcess implements AutoCloseable {

    private final String name;
    private final int port;
    private final int managementPort;
    private final Map<String, String> environment;
    private final Path log;
    private Process process;

    private WorkerProcess(String name, Map<String, String> environment) {
        this.name = name;
        this.port = environment.containsKey("QUARKUS_HTTP_PORT")
                ? Integer.parseInt(environment.get("QUARKUS_HTTP_PORT")) : freePort();
        this.managementPort = environment.containsKey("QUARKUS_MANAGEMENT_PORT")
                ? Integer.parseInt(environment.get("QUARKUS_MANAGEMENT_PORT")) : freePort();
        this.environment = new HashMap<>(environment);
        this.environment.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        this.environment.put("QUARKUS_MANAGEMENT_PORT", Integer.toString(managementPort));
        this.environment.putIfAbsent("PAYOUT_CALLBACK_BASE_URL", "http://localhost:" + port);
        this.environment.put("PAYOUT_INSTANCE_ID", name);
        this.log = Path.of("target", "it-logs", name + ".log");
    }

    /**
     * A worker wired to the shared test infrastructure and the given simulator, with extra settings on top
     * ({@code QUARKUS_HTTP_PORT} and {@code QUARKUS_MANAGEMENT_PORT} among them pick the ports; otherwise free ones
     * are used).
     */
    public static WorkerProcess against(String name, MomoSimulator momo, Map<String, String> extra) {
        Map<String, String> env = new HashMap<>();
        Map<String, String> infra = EmbeddedInfrastructure.start();
        env.put("QUARKUS_DATASOURCE_JDBC_URL", infra.get("quarkus.datasource.jdbc.url"));
        env.put("QUARKUS_DATASOURCE_USERNAME", infra.get("quarkus.datasource.username"));
        env.put("QUARKUS_DATASOURCE_PASSWORD", infra.get("quarkus.datasource.password"));
        env.put("KAFKA_BOOTSTRAP_SERVERS", infra.get("kafka.bootstrap.servers"));
        env.put("MOMO_BASE_URL", momo.baseUrl());
        env.put("MOMO_SUBSCRIPTION_KEY", momo.subscriptionKey());
        env.put("MOMO_API_USER", momo.apiUser());
        env.put("MOMO_API_KEY", momo.apiKey());
        env.put("MOMO_TARGET_ENVIRONMENT", momo.targetEnvironment());
        env.put("PAYOUT_POLL_INITIAL_DELAY", "300ms");
        env.put("PAYOUT_POLL_MAX_DELAY", "2s");
        env.put("PAYOUT_STATUS_RATE_LIMIT", "500");
        env.put("PAYOUT_SUBMISSION_AMBIGUOUS_GRACE", "1s");
        env.put("PAYOUT_SUBMISSION_RETRY_INITIAL_DELAY", "200ms");
        env.put("PAYOUT_SUBMISSION_LEASE", "10s");
        env.put("PAYOUT_POLL_LEASE", "10s");
        env.put("MOMO_READ_TIMEOUT", "3s");
        // A short consumer-group session, so a killed or paused instance's partitions move within seconds.
        env.put("KAFKA_SESSION_TIMEOUT_MS", "6000");
        env.put("KAFKA_HEARTBEAT_INTERVAL_MS", "1000");
        env.putAll(extra);
        return new WorkerProcess(name, env);
    }

    public static Path jar() {
        return Path.of(System.getProperty("payout.worker.jar", "target/quarkus-app/quarkus-run.jar"));
    }

    /** Starts the process and waits until it is live. */
    public WorkerProcess start() {
        launch();
        awaitReady();
        return this;
    }

    /**
     * Starts several independent workers at once and returns when every one of them is live: their JVM start-ups
     * overlap instead of following one another. Use it only where the workers would otherwise be started one after
     * the other with nothing happening in between.
     */
    public static void startAll(WorkerProcess... workers) {
        for (WorkerProcess worker : workers) {
            worker.launch();
        }
        for (WorkerProcess worker : workers) {
            worker.awaitReady();
        }
    }

    /** Starts the process without waiting for it; {@link #awaitReady()} waits. */
    public synchronized WorkerProcess launch() {
        try {
            Files.createDirectories(log.getParent());
            List<String> command = new ArrayList<>(List.of(javaBinary(), "-Xmx384m"));
            // Extra JVM options for every worker process, e.g. a flight recording while profiling a benchmark.
            String extraJvmOptions = System.getProperty("payout.worker.jvmOptions", "").trim();
            if (!extraJvmOptions.isEmpty()) {
                command.addAll(List.of(extraJvmOptions.replace("{name}", name).split("\\s+")));
            }
            command.addAll(List.of("-jar", jar().toString()));
            ProcessBuilder builder = new ProcessBuilder(command);
            builder.environment().putAll(environment);
            builder.redirectErrorStream(true);
            builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            process = builder.start();
        } catch (IOException e) {
            throw new IllegalStateException("could not start worker " + name, e);
        }
        return this;
    }

    public void awaitReady() {
        HttpClient http = HttpClient.newHttpClient();
        // A refused connection costs nothing: a fine poll finds the worker live soon after it is.
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("worker " + name + " exited; see " + log.toAbsolutePath());
            }
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create(managementUrl() + "/q/health/live")).build(),
                        HttpResponse.BodyHandlers.ofString());
                return response.statusCode() == 200;
            } catch (IOException e) {
                return false;
            }
        });
    }

    /** SIGKILL: the process gets no chance to clean up, like a crash or an OOM kill. */
    public void kill() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            await().atMost(Duration.ofSeconds(10)).until(() -> !process.isAlive());
        }
    }

    /** SIGTERM: a graceful shutdown. */
    public void stop() {
        if (process != null && process.isAlive()) {
            process.destroy();
            await().atMost(Duration.ofSeconds(30)).until(() -> !process.isAlive());
        }
    }

    /** SIGSTOP / SIGCONT: a paused (zombie) instance, as after a long GC pause. */
    public void pause() {
        signal("STOP");
    }

    public void resume() {
        signal("CONT");
    }

    private void signal(String signal) {
        try {
            new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).start().waitFor();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether the process is still running. */
    public boolean alive() {
        return process != null && process.isAlive();
    }

    public int port() {
        return port;
    }

    /** The operating-system process id (for /proc readings such as resident memory). */
    public long pid() {
        return process.pid();
    }

    /** The public port: payouts and MoMo callbacks. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** The management port: health, metrics and OpenAPI ({@code /q/*}). */
    public String managementUrl() {
        return "http://127.0.0.1:" + managementPort;
    }

    public Path log() {
        return log;
    }

    @Override
    public void close() {
        kill();
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** A TCP port that was free a moment ago (nothing listens on it). */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
