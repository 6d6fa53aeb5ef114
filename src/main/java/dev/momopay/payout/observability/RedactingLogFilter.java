package dev.momopay.payout.observability;

import io.quarkus.logging.LoggingFilter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.logging.Filter;
import java.util.logging.LogRecord;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logmanager.ExtLogRecord;

/**
 * The one choke point that keeps secrets and personal data out of the logs, bound to the console and file handlers
 * ({@code quarkus.log.console.filter=payout-redact}, same for file). Every record's formatted message (and the
 * messages of its exception chain) is rewritten before any handler formats it:
 * <ul>
 *   <li>the configured secret values (MoMo subscription keys and API keys, ops API keys, the datasource password)
 *       wherever they appear;</li>
 *   <li>{@code Bearer ...} and {@code Basic ...} credentials, and JSON/form fields named like tokens or keys;</li>
 *   <li>personal fields in JSON bodies (names, birth date, e-mail, phone, address, ID, payee and messages);</li>
 *   <li>MSISDN-like digit runs (8..15 digits not part of a longer word), of which the last two digits stay.</li>
 * </ul>
 * Names outside JSON fields are not recognisable by pattern: the code never logs them (the DTOs' {@code toString()}
 * omit them).
 */
@LoggingFilter(name = "payout-redact")
public final class RedactingLogFilter implements Filter {

    private static final Pattern CREDENTIAL = Pattern.compile("(?i)\\b(Bearer|Basic)\\s+[A-Za-z0-9._~+/=-]{4,}");
    private static final Pattern SECRET_FIELD = Pattern.compile("(?i)(\"?(?:access_token|refresh_token|id_token|"
            + "auth_req_id|apiKey|api_key|password|Ocp-Apim-Subscription-Key|X-Api-Key|Authorization)\"?\\s*[:=]\\s*"
            + "\"?)([^\",&\\s}\\]]+)");
    /** Personal data in JSON bodies (REST client body logging): names, birth date, contact and ID fields. */
    private static final Pattern PERSONAL_FIELD = Pattern.compile("(?i)(\"(?:name|given_name|family_name|"
            + "middle_name|birthdate|email|phone_number|address|identification_value|payerMessage|payeeNote|"
            + "partyId)\"\\s*:\\s*\")((?:[^\"\\\\]|\\\\.)*)(\")");
    private static final Pattern MSISDN = Pattern.compile("(?<![\\w.-])\\+?(\\d{6,13})(\\d{2})(?![\\w-])");
    private static final Pattern SECRET_KEY_NAME = Pattern.compile(
            "(?i).*(subscription[-_]key|api[-_]key|api[-_]keys[._].+|password|secret|token)$");
    /** Secrets are re-read now and then: the configuration may change (test resources, config reloads). */
    private static final long REREAD_NANOS = 10_000_000_000L;

    private static final ThreadLocal<Boolean> READING = ThreadLocal.withInitial(() -> false);

    private volatile List<String> secrets;
    private volatile long secretsReadAt;

    @Override
    public boolean isLoggable(LogRecord record) {
        if (record instanceof ExtLogRecord ext) {
            String message = ext.getFormattedMessage();
            String redacted = redact(message);
            if (redacted != null && !redacted.equals(message)) {
                ext.setMessage(redacted, ExtLogRecord.FormatStyle.NO_FORMAT);
                ext.setParameters(null);
            }
        } else if (record.getMessage() != null) {
            record.setMessage(redact(record.getMessage()));
        }
        Throwable thrown = record.getThrown();
        if (thrown != null) {
            record.setThrown(redactedCopy(thrown, 0));
        }
        return true;
    }

    /** Redacts one text; public for tests and for code that must build a text outside logging. */
    public String redact(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String result = text;
        for (String secret : secrets()) {
            if (result.contains(secret)) {
                result = result.replace(secret, "***");
            }
        }
        result = CREDENTIAL.matcher(result).replaceAll("$1 ***");
        result = SECRET_FIELD.matcher(result).replaceAll("$1***");
        result = PERSONAL_FIELD.matcher(result).replaceAll("$1***$3");
        Matcher msisdn = MSISDN.matcher(result);
        if (msisdn.find()) {
            StringBuilder out = new StringBuilder();
            do {
                msisdn.appendReplacement(out, "*".repeat(msisdn.group(1).length()) + msisdn.group(2));
            } while (msisdn.find());
            msisdn.appendTail(out);
            result = out.toString();
        }
        return result;
    }

    private List<String> secrets() {
        List<String> known = secrets;
        long now = System.nanoTime();
        if ((known == null || now - secretsReadAt > REREAD_NANOS) && !READING.get()) {
            READING.set(true);
            List<String> read;
            try {
                read = readSecrets();
            } finally {
                READING.set(false);
            }
            if (read != null) {
                secrets = read;
                secretsReadAt = now;
                known = read;
            }
        }
        return known == null ? List.of() : known;
    }

    /** Configured values of secret-looking keys (longest first), read once the configuration is available. */
    private static List<String> readSecrets() {
        List<String> values = new ArrayList<>();
        try {
            Config config = ConfigProvider.getConfig();
            for (String name : config.getPropertyNames()) {
                if (SECRET_KEY_NAME.matcher(name).matches() && !name.startsWith("quarkus.log.")) {
                    config.getOptionalValue(name, String.class).map(String::trim)
                            .filter(v -> v.length() >= 6).ifPresent(values::add);
                }
            }
        } catch (RuntimeException | LinkageError e) {
            return null; // configuration not ready yet: patterns still apply; try again on the next record
        }
        values.sort(Comparator.comparingInt(String::length).reversed());
        return List.copyOf(values);
    }

    private Throwable redactedCopy(Throwable original, int depth) {
        String message = original.getMessage();
        String redacted = redact(message);
        Throwable cause = original.getCause() != null && original.getCause() != original && depth < 10
                ? redactedCopy(original.getCause(), depth + 1) : null;
        if ((message == null || message.equals(redacted)) && cause == original.getCause()) {
            return original;
        }
        RedactedThrowable copy = new RedactedThrowable(original.getClass().getName() + ": " + redacted, cause);
        copy.setStackTrace(original.getStackTrace());
        return copy;
    }

    /** Stands in for an exception whose message had to be redacted (keeps its class name and stack trace). */
    static final class RedactedThrowable extends RuntimeException {
        RedactedThrowable(String message, Throwable cause) {
            super(message, cause, false, true);
        }

        @Override
        public String toString() {
            return getMessage();
        }
    }
}
