package dev.momopay.payout.http.ops;

import dev.momopay.payout.config.PayoutConfig;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The ops API's keys ({@code payout.ops.api-keys.<name>}) and the role of each ({@code payout.ops.roles.<name>}:
 * {@code reader} or {@code operator}, the default). A key shorter than {@link #MINIMUM_LENGTH} characters, or with an
 * unknown role, is refused at start-up with an error naming the variable, and admits no one. Keys are kept and compared
 * as SHA-256 digests, in constant time, and never logged.
 */
@Singleton
public class OpsKeys {

    /** Shortest key accepted: 24 characters of a random value are far beyond guessing through an HTTP API. */
    public static final int MINIMUM_LENGTH = 24;
    private static final Logger LOG = Logger.getLogger(OpsKeys.class);

    /** Who a key belongs to and what it may do. */
    public record Holder(String name, OpsRole role) {
    }

    private record Entry(byte[] digest, Holder holder) {
    }

    private final Map<String, Entry> entries = new LinkedHashMap<>();

    @Inject
    public OpsKeys(PayoutConfig config) {
        this(config.ops().apiKeys(), config.ops().roles());
    }

    OpsKeys(Map<String, String> keys, Map<String, String> roles) {
        keys.forEach((name, key) -> {
            String value = key == null ? "" : key.trim();
            if (value.length() < MINIMUM_LENGTH) {
                LOG.errorf("ops API key '%s' (PAYOUT_OPS_API_KEYS_%s) refused: shorter than %d characters", name,
                        variable(name), MINIMUM_LENGTH);
                return;
            }
            Optional<OpsRole> role = OpsRole.parse(roles.getOrDefault(name, OpsRole.OPERATOR.value()));
            if (role.isEmpty()) {
                LOG.errorf("ops API key '%s' refused: PAYOUT_OPS_ROLES_%s is '%s', not one of reader, operator", name,
                        variable(name), roles.get(name));
                return;
            }
            entries.put(name, new Entry(digest(value), new Holder(name, role.get())));
            LOG.infof("ops API key '%s' admitted with role %s", name, role.get().value());
        });
        roles.keySet().stream().filter(name -> !keys.containsKey(name)).forEach(name -> LOG.warnf(
                "PAYOUT_OPS_ROLES_%s names no key (PAYOUT_OPS_API_KEYS_%s is not set)", variable(name),
                variable(name)));
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
