package dev.momopay.payout.http.ops;

import dev.momopay.payout.config.PayoutConfig;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jboss.logging.Logger;

/**
 * The ops API's keys and the role of each ({@code reader} or {@code operator}, the default), from two places: the
 * configuration ({@code payout.ops.api-keys.<name>}, {@code payout.ops.roles.<name>}), read once at start-up, and an
 * optional key directory ({@code payout.ops.key-directory}: a mounted Kubernetes Secret, one file per key named after
 * its holder, and {@code <name>.role} for its role), read again by {@link #reloadDirectory()} so that a key is added,
 * rotated or revoked without a restart. A key shorter than {@link #MINIMUM_LENGTH} characters, or with an unknown role,
 * is refused with an error naming the variable or file, and admits no one. Keys are kept and compared as SHA-256
 * digests, in constant time, and never logged.
 */
@Singleton
public class OpsKeys {

    /** Shortest key accepted: 24 characters of a random value are far beyond guessing through an HTTP API. */
    public static final int MINIMUM_LENGTH = 24;
    private static final String ROLE_SUFFIX = ".role";
    private static final Logger LOG = Logger.getLogger(OpsKeys.class);

    /** Who a key belongs to and what it may do. */
    public record Holder(String name, OpsRole role) {
    }

    private record Entry(byte[] digest, Holder holder) {
    }

    private final Map<String, Entry> configured;
    private final Optional<Path> directory;
    /** What the directory held when last read (file names to digests of their content), to tell a change. */
    private Map<String, String> directoryContent = Map.of();
    /** Every admitted key, replaced as a whole when the directory changes. */
    private volatile Map<String, Entry> entries;

    @Inject
    public OpsKeys(PayoutConfig config) {
        this(config.ops().apiKeys(), config.ops().roles(), config.ops().keyDirectory());
    }

    OpsKeys(Map<String, String> keys, Map<String, String> roles) {
        this(keys, roles, Optional.empty());
    }

    OpsKeys(Map<String, String> keys, Map<String, String> roles, Optional<Path> directory) {
        this.configured = admit(keys, roles, new VariableNames());
        roles.keySet().stream().filter(name -> !keys.containsKey(name)).forEach(name -> LOG.warnf(
                "PAYOUT_OPS_ROLES_%s names no key (PAYOUT_OPS_API_KEYS_%s is not set)", variable(name),
                variable(name)));
        this.directory = directory;
        this.entries = configured;
        directory.filter(d -> !Files.isDirectory(d)).ifPresent(d -> LOG.warnf("ops API key directory %s "
                + "(PAYOUT_OPS_KEY_DIRECTORY) does not exist (yet): it admits no key until it does", d));
        reloadDirectory();
    }

    /** Whether any key admits anyone (the ops API is off otherwise). */
    public boolean any() {
        return !entries.isEmpty();
    }

    /** The holder of the presented key, if it is one of the admitted keys. */
    public Optional<Holder> holderOf(String presented) {
        byte[] digest = digest(presented.trim());
        Holder match = null;
        for (Entry entry : entries.values()) {
            if (MessageDigest.isEqual(entry.digest(), digest)) {
                match = entry.holder(); // no early exit: the time taken does not depend on which key matched
            }
        }
        return Optional.ofNullable(match);
    }

    /**
     * Reads the key directory again and, if what it holds changed, admits exactly its keys (beside the configured
     * ones) from now on. A directory that cannot be read keeps the keys last read from it.
     */
    public synchronized void reloadDirectory() {
        if (directory.isEmpty()) {
            return;
        }
        Map<String, String> content;
        try {
            content = read(directory.get());
        } catch (IOException e) {
            LOG.errorf("ops API key directory %s (PAYOUT_OPS_KEY_DIRECTORY) could not be read (%s); the keys last read"
                    + " from it stay admitted", directory.get(), e.getClass().getSimpleName());
            return;
        }
        Map<String, String> digests = new TreeMap<>();
        content.forEach((file, value) -> digests.put(file, Base64.getEncoder().encodeToString(digest(value))));
        if (digests.equals(directoryContent)) {
            return;
        }
        directoryContent = digests;
        Map<String, String> keys = new TreeMap<>();
        Map<String, String> roles = new TreeMap<>();
        content.forEach((file, value) -> {
            if (file.endsWith(ROLE_SUFFIX)) {
                roles.put(file.substring(0, file.length() - ROLE_SUFFIX.length()), value);
            } else if (configured.containsKey(file)) {
                LOG.errorf("ops API key file %s refused: a key named '%s' is already configured", file, file);
            } else {
                keys.put(file, value);
            }
        });
        Map<String, Entry> all = new LinkedHashMap<>(configured);
        all.putAll(admit(keys, roles, new FileNames(directory.get())));
        entries = Map.copyOf(all);
        LOG.infof("ops API keys now admitted: %s", all.keySet());
    }

    /** The admitted keys among {@code keys}, each with its role; every refusal is logged with where to fix it. */
    private static Map<String, Entry> admit(Map<String, String> keys, Map<String, String> roles, Sources sources) {
        Map<String, Entry> admitted = new LinkedHashMap<>();
        keys.forEach((name, key) -> {
            String value = key == null ? "" : key.trim();
            if (value.length() < MINIMUM_LENGTH) {
                LOG.errorf("ops API key '%s' (%s) refused: shorter than %d characters", name, sources.key(name),
                        MINIMUM_LENGTH);
                return;
            }
            Optional<OpsRole> role = OpsRole.parse(roles.getOrDefault(name, OpsRole.OPERATOR.value()));
            if (role.isEmpty()) {
                LOG.errorf("ops API key '%s' refused: %s is '%s', not one of reader, operator", name,
                        sources.role(name), roles.get(name));
                return;
            }
            admitted.put(name, new Entry(digest(value), new Holder(name, role.get())));
            LOG.infof("ops API key '%s' admitted with role %s", name, role.get().value());
        });
        return admitted;
    }

    /**
     * The directory's regular files by name, trimmed; none while it does not exist. Names starting with a dot are
     * skipped: a mounted Secret keeps its versions in {@code ..data} and {@code ..<timestamp>} beside the links that
     * name its keys.
     */
    private static Map<String, String> read(Path directory) throws IOException {
        Map<String, String> content = new TreeMap<>();
        if (!Files.exists(directory)) {
            return content;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (!name.startsWith(".") && Files.isRegularFile(file)) {
                    content.put(name, Files.readString(file, StandardCharsets.UTF_8).trim());
                }
            }
        }
        return content;
    }

    /** Where a key and its role were given, for an error message that says what to fix. */
    private interface Sources {
        String key(String name);

        String role(String name);
    }

    private static final class VariableNames implements Sources {
        @Override
        public String key(String name) {
            return "PAYOUT_OPS_API_KEYS_" + variable(name);
        }

        @Override
        public String role(String name) {
            return "PAYOUT_OPS_ROLES_" + variable(name);
        }
    }

    private record FileNames(Path directory) implements Sources {
        @Override
        public String key(String name) {
            return "file " + directory.resolve(name);
        }

        @Override
        public String role(String name) {
            return "file " + directory.resolve(name + ROLE_SUFFIX);
        }
    }

    private static String variable(String name) {
        return name.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }

    private static byte[] digest(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
