package dev.momopay.payout.testsupport;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A second, separate embedded PostgreSQL that speaks TLS only: {@code ssl=on} with the server certificate and key from
 * {@link TestCertificates}, and a pg_hba.conf with {@code hostssl} lines only, so a connection without TLS finds no
 * entry and is refused. The database {@code payout} belongs to the role {@code payout}, which logs in with a
 * password (scram-sha-256); the superuser {@code postgres} keeps zonky's trust login (over TLS as well).
 */
public final class SslPostgres implements AutoCloseable {

    public static final String DATABASE = "payout";
    public static final String USER = "payout";
    public static final String PASSWORD = "db-secret-2d8f4a";

    private final EmbeddedPostgres postgres;

    private SslPostgres(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    public static SslPostgres start(TestCertificates certificates, Path directory) {
        try {
            Files.createDirectories(directory);
            Path hba = directory.toAbsolutePath().resolve("pg_hba.conf");
            Files.writeString(hba, String.join("\n",
                    "# TLS only: no 'host' lines, so a connection without TLS has no entry and is refused.",
                    "local   all       all                      trust",
                    "hostssl all       postgres 127.0.0.1/32    trust",
                    "hostssl all       postgres ::1/128         trust",
                    "hostssl " + DATABASE + "    " + USER + "   127.0.0.1/32    scram-sha-256",
                    "hostssl " + DATABASE + "    " + USER + "   ::1/128         scram-sha-256",
                    ""));
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setServerConfig("ssl", "on")
                    .setServerConfig("ssl_cert_file", certificates.serverCertificate().toString())
                    .setServerConfig("ssl_key_file", certificates.serverKey().toString())
                    .setServerConfig("hba_file", hba.toString())
                    .setServerConfig("password_encryption", "scram-sha-256")
                    .setServerConfig("synchronous_commit", "on")
                    .start();
            try (Connection connection = postgres.getPostgresDatabase().getConnection();
                    Statement sql = connection.createStatement()) {
                sql.execute("CREATE ROLE " + USER + " LOGIN PASSWORD '" + PASSWORD + "'");
                sql.execute("CREATE DATABASE " + DATABASE + " OWNER " + USER);
            }
            return new SslPostgres(postgres);
        } catch (IOException | SQLException e) {
            throw new IllegalStateException("could not start the TLS-only PostgreSQL", e);
        }
    }

    public int port() {
        return postgres.getPort();
    }

    /** A JDBC URL of the payout database with the given driver options ({@code sslmode=...}). */
    public String jdbcUrl(String options) {
        return "jdbc:postgresql://localhost:" + port() + "/" + DATABASE + (options.isEmpty() ? "" : "?" + options);
    }

    /** A superuser connection (over TLS), for the tests' own checks. */
    public Connection superuserConnection() throws SQLException {
        return postgres.getPostgresDatabase().getConnection();
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }
}
