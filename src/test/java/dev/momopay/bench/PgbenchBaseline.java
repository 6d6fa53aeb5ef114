package dev.momopay.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;

/**
 * The database-only ceiling: pgbench running the worker's own transaction shapes ({@code bench/lifecycle.sql}: one
 * commit per state change, nothing batched) against a separate database of the same PostgreSQL server, migrated
 * with the worker's own Flyway scripts. One pgbench transaction is one payout's whole life, so its tps is payouts/s.
 */
final class PgbenchBaseline {

    record Result(double payoutsPerSecond, double latencyAverageMillis, int clients, Duration length, String command) {
    }

    private static final Pattern TPS = Pattern.compile("tps = ([0-9.]+) \\(without initial connection time\\)");
    private static final Pattern LATENCY = Pattern.compile("latency average = ([0-9.]+) ms");
    private static final String DATABASE = "bench_baseline";

    private final String host;
    private final int port;
    private final String user;
    private final String password;
    private final Path pgbench;
    private final Path script;

    private PgbenchBaseline(String jdbcUrl, String user, String password, Path pgbench) throws IOException {
        URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
        this.host = uri.getHost();
        this.port = uri.getPort();
        this.user = user;
        this.password = password;
        this.pgbench = pgbench;
        this.script = Files.createTempFile("lifecycle", ".sql");
        try (InputStream in = PgbenchBaseline.class.getResourceAsStream("/bench/lifecycle.sql")) {
            Files.write(script, in.readAllBytes());
        }
    }

    /** Creates the baseline database next to the worker's; empty when no pgbench binary is installed. */
    static Optional<PgbenchBaseline> prepare(String jdbcUrl, String user, String password)
            throws IOException, SQLException {
        Optional<Path> binary = findPgbench();
        if (binary.isEmpty()) {
            return Optional.empty();
        }
        try (Connection c = DriverManager.getConnection(jdbcUrl, user, password);
                Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + DATABASE);
            s.execute("CREATE DATABASE " + DATABASE);
        }
        String baselineUrl = jdbcUrl.replaceFirst("/[^/?]+(\\?|$)", "/" + DATABASE + "$1");
        Flyway.configure().dataSource(baselineUrl, user, password).locations("classpath:db/migration").load()
                .migrate();
        return Optional.of(new PgbenchBaseline(jdbcUrl, user, password, binary.get()));
    }

    /** pgbench from the PATH, else the newest one of the Debian PostgreSQL packages. */
    static Optional<Path> findPgbench() throws IOException {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path candidate = Path.of(dir, "pgbench");
            if (!dir.isEmpty() && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        Path debian = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(debian)) {
            return Optional.empty();
        }
        try (Stream<Path> versions = Files.list(debian)) {
            return versions.map(v -> v.resolve("bin/pgbench")).filter(Files::isExecutable)
                    .max(Comparator.comparing(p -> versionOf(p.getParent().getParent())));
        }
    }

    private static int versionOf(Path dir) {
        try {
            return Integer.parseInt(dir.getFileName().toString());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Runs the lifecycle script with synchronous commit on, as the worker's own database sessions run. */
    Result run(int clients, Duration length) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(pgbench.toString(), "-n", "-M", "prepared",
                "-c", Integer.toString(clients), "-j", "2", "-T", Long.toString(length.toSeconds()),
                "-f", script.toString(), "-h", host, "-p", Integer.toString(port), "-U", user, DATABASE));
        String output = ChildProcess.run(command, Map.of("PGPASSWORD", password == null ? "" : password,
                "PGOPTIONS", "-c synchronous_commit=on"), length.plusSeconds(60));
        Matcher tps = TPS.matcher(output);
        Matcher latency = LATENCY.matcher(output);
        if (!tps.find()) {
            throw new IllegalStateException("pgbench printed no tps:\n" + output);
        }
        return new Result(Double.parseDouble(tps.group(1)), latency.find() ? Double.parseDouble(latency.group(1)) : 0,
                clients, length, String.join(" ", command.subList(0, command.indexOf("-f") + 1))
                        + " bench/lifecycle.sql");
    }

    static String describe(Path binary) {
        try {
            return ChildProcess.run(List.of(binary.toString(), "--version"), Map.of(), Duration.ofSeconds(10)).trim();
        } catch (IOException | InterruptedException e) {
            return binary.toString();
        }
    }

    Path binary() {
        return pgbench;
    }
}
