package dev.momopay.payout.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away certificate authority and a server certificate it signed, made at test time with the JDK's own
 * {@code keytool} (no extra library): the server certificate names {@code localhost} and {@code 127.0.0.1}, so
 * clients can verify the host name. Everything lands in one directory:
 * <ul>
 * <li>{@code ca.crt}: the CA certificate (PEM), the trust anchor for PostgreSQL's {@code sslrootcert};</li>
 * <li>{@code truststore.p12}: the CA certificate in a PKCS12 trust store, for Kafka clients;</li>
 * <li>{@code server.p12}: the server's key and certificate chain in a PKCS12 key store, for the Kafka broker;</li>
 * <li>{@code server.crt} and {@code server.key} (PEM, the key unencrypted PKCS#8 with mode 0600), for PostgreSQL.</li>
 * </ul>
 */
public final class TestCertificates {

    public static final String PASSWORD = "test-store-secret";

    private final Path directory;

    private TestCertificates(Path directory) {
        // Absolute: servers resolve relative paths against their own directories (PostgreSQL: its data directory).
        this.directory = directory.toAbsolutePath();
    }

    public static TestCertificates create(Path directory) {
        try {
            Files.createDirectories(directory);
            TestCertificates certificates = new TestCertificates(directory);
            certificates.generate();
            return certificates;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("could not make the test certificates", e);
        }
    }

    private void generate() throws IOException, GeneralSecurityException {
        Path ca = directory.resolve("ca.p12");
        Path server = directory.resolve("server-key.p12");
        Path request = directory.resolve("server.csr");
        for (Path old : List.of(ca, server, request, truststore(), serverKeystore(), serverKey())) {
            Files.deleteIfExists(old);
        }
        // Four keytool runs (each is a JVM start); everything else is done here with java.security.KeyStore.
        keytool("-genkeypair", "-alias", "ca", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=MoMo payout test CA", "-ext", "bc:c", "-ext", "ku:c=keyCertSign,cRLSign",
                "-keystore", ca.toString(), "-storetype", "PKCS12", "-storepass", PASSWORD);
        keytool("-genkeypair", "-alias", "server", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=localhost", "-keystore", server.toString(), "-storetype", "PKCS12",
                "-storepass", PASSWORD);
        keytool("-certreq", "-alias", "server", "-keystore", server.toString(), "-storepass", PASSWORD,
                "-file", request.toString());
        keytool("-gencert", "-rfc", "-alias", "ca", "-keystore", ca.toString(), "-storepass", PASSWORD,
                "-infile", request.toString(), "-outfile", serverCertificate().toString(), "-validity", "2",
                "-ext", "san=dns:localhost,ip:127.0.0.1", "-ext", "ku:c=digitalSignature,keyEncipherment",
                "-ext", "eku=serverAuth,clientAuth");

        Certificate caCertificate = load(ca).getCertificate("ca");
        Files.writeString(caCertificate(), pem("CERTIFICATE", caCertificate.getEncoded()), StandardCharsets.US_ASCII);
        Certificate serverCertificate;
        try (InputStream in = Files.newInputStream(serverCertificate())) {
            serverCertificate = CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        PrivateKey key = (PrivateKey) load(server).getKey("server", PASSWORD.toCharArray());

        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", caCertificate);
        store(trust, truststore());
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("server", key, PASSWORD.toCharArray(), new Certificate[] {serverCertificate, caCertificate});
        store(keys, serverKeystore());

        Files.createFile(serverKey(), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(serverKey(), pem("PRIVATE KEY", key.getEncoded()), StandardCharsets.US_ASCII);
    }

    private static KeyStore load(Path file) throws IOException, GeneralSecurityException {
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            keyStore.load(in, PASSWORD.toCharArray());
        }
        return keyStore;
    }

    private static void store(KeyStore keyStore, Path file) throws IOException, GeneralSecurityException {
        try (OutputStream out = Files.newOutputStream(file)) {
            keyStore.store(out, PASSWORD.toCharArray());
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static void keytool(String... arguments) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException("keytool " + arguments[0] + " failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    public Path caCertificate() {
        return directory.resolve("ca.crt");
    }

    public Path truststore() {
        return directory.resolve("truststore.p12");
    }

    public Path serverKeystore() {
        return directory.resolve("server.p12");
    }

    public Path serverCertificate() {
        return directory.resolve("server.crt");
    }

    public Path serverKey() {
        return directory.resolve("server.key");
    }
}
