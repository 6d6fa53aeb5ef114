package dev.momopay.simulator.scenario;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * The MTN sandbox test-value matrix for the Disbursement product (facts file §3b and
 * {@code mtn-group-sandbox.yml}). Pure functions, no state.
 */
public final class SandboxMatrix {

    public static final String INTERNAL_PROCESSING_ERROR = "INTERNAL_PROCESSING_ERROR";

    /** Transfer column of table 3b, from 46733123450 (index 0) to 46733123464. {@code null} = PENDING. */
    private static final String[] TRANSFER = {
        INTERNAL_PROCESSING_ERROR,          // 50 Failed
        "APPROVAL_REJECTED",                // 51 Rejected
        "EXPIRED",                          // 52 Expired
        null,                               // 53 Ongoing
        null,                               // 54 Delayed
        "NOT_ENOUGH_FUNDS",                 // 55
        "PAYER_LIMIT_REACHED",              // 56
        "PAYEE_NOT_FOUND",                  // 57
        "NOT_ALLOWED",                      // 58
        "NOT_ALLOWED_TARGET_ENVIRONMENT",   // 59
        "INVALID_CALLBACK_URL_HOST",        // 60
        "INVALID_CURRENCY",                 // 61
        INTERNAL_PROCESSING_ERROR,          // 62
        "SERVICE_UNAVAILABLE",              // 63
        "<transfer-type-unknown>",          // 64 (replaced by the configured code)
    };

    /** Deposit column of table 3b, 46733123450..46733123463. */
    private static final String[] DEPOSIT = {
        INTERNAL_PROCESSING_ERROR,          // 50
        "APPROVAL_REJECTED",                // 51
        "EXPIRED",                          // 52
        null,                               // 53
        null,                               // 54
        "PAYER_NOT_FOUND",                  // 55
        "PAYEE_NOT_ALLOWED_TO_RECEIVE",     // 56
        "NOT_ALLOWED",                      // 57
        "NOT_ALLOWED_TARGET_ENVIRONMENT",   // 58
        "INVALID_CALLBACK_URL_HOST",        // 59
        "INVALID_CURRENCY",                 // 60
        INTERNAL_PROCESSING_ERROR,          // 61
        "SERVICE_UNAVAILABLE",              // 62
        "COULD_NOT_PERFORM_TRANSACTION",    // 63
    };

    /** Refund triggers by referenceIdToRefund "1".."13" (S-AE; "1" -> PAYER_NOT_FOUND per S-RS). */
    private static final Map<String, String> REFUND = Map.ofEntries(
        Map.entry("1", "PAYER_NOT_FOUND"),
        Map.entry("2", INTERNAL_PROCESSING_ERROR),
        Map.entry("3", "APPROVAL_REJECTED"),
        Map.entry("4", "EXPIRED"),
        Map.entry("5", "<ongoing>"),
        Map.entry("6", "<delayed>"),
        Map.entry("7", "NOT_ALLOWED"),
        Map.entry("8", "NOT_ALLOWED_TARGET_ENVIRONMENT"),
        Map.entry("9", "INVALID_CALLBACK_URL_HOST"),
        Map.entry("10", "INVALID_CURRENCY"),
        Map.entry("11", INTERNAL_PROCESSING_ERROR),
        Map.entry("12", "SERVICE_UNAVAILABLE"),
        Map.entry("13", "COULD_NOT_PERFORM_TRANSACTION"));

    /** Account-holder "active" by e-mail (lower-cased), mapped to the MSISDN index 0..5. */
    private static final Map<String, Integer> ACTIVE_EMAIL = Map.of(
        "notfound@email.com", 0,
        "notactive@email.com", 1,
        "notallowed@email.com", 2,
        "notallowedtargetenvironment@email.com", 3,
        "internalprocessingerror@email.com", 4,
        "serviceunavailable@email.com", 5);

    /** Account-holder "active" by party code (lower-cased UUID), mapped to index 0..5. */
    private static final Map<String, Integer> ACTIVE_PARTY_CODE = Map.of(
        "5cecb5a7-8bd0-4f49-87b1-8eb9ecc7b7bc", 0,
        "b0040b3c-b426-4a90-af6e-673e65861cd7", 1,
        "4d5f500f-c385-4901-9be5-25b6d36ad220", 2,
        "d2265f9b-0c22-496d-908f-79a65ad66266", 3,
        "8f548a78-ceb8-4d12-a243-5640b91e91a4", 4,
        "585c07a4-2c80-42f7-9e73-e586b36dee68", 5);

    private static final long BASE = 46733123450L;

    private SandboxMatrix() {
    }

    /** Options of the matrix that are uncertain ([U]) in the facts file. */
    public record Options(boolean legacyOngoing, Duration legacyOngoingDelay, String transferTypeUnknownReason,
                          boolean activeNotActiveAs500) {
    }

    private static int index(String partyId) {
        if (partyId == null || !partyId.matches("\\d{11}")) {
            return -1;
        }
        long n = Long.parseLong(partyId);
        long i = n - BASE;
        return (i >= 0 && i <= 14) ? (int) i : -1;
    }

    public static Outcome transfer(String partyId, Options o) {
        int i = index(partyId);
        if (i < 0) {
            return Outcome.successful();
        }
        return fromColumn(TRANSFER[i], i, o);
    }

    public static Outcome deposit(String partyId, Options o) {
        int i = index(partyId);
        if (i < 0 || i >= DEPOSIT.length) {
            return Outcome.successful();
        }
        return fromColumn(DEPOSIT[i], i, o);
    }

    private static Outcome fromColumn(String reason, int i, Options o) {
        if (i == 14) {
            return Outcome.failed(o.transferTypeUnknownReason());
        }
        if (reason == null) {
            return pending(i == 3, o);
        }
        return Outcome.failed(reason);
    }

    private static Outcome pending(boolean ongoing, Options o) {
        if (ongoing && o.legacyOngoing()) {
            return Outcome.pendingThenSuccessful(o.legacyOngoingDelay());
        }
        return Outcome.pendingForever();
    }

    /** True when {@code ref} is one of the refund triggers "1".."13". */
    public static boolean isRefundTrigger(String ref) {
        return ref != null && REFUND.containsKey(ref);
    }

    public static Outcome refund(String referenceIdToRefund, Options o) {
        String r = REFUND.get(referenceIdToRefund);
        if (r == null) {
            return Outcome.successful();
        }
        if (r.equals("<ongoing>")) {
            return pending(true, o);
        }
        if (r.equals("<delayed>")) {
            return pending(false, o);
        }
        return Outcome.failed(r);
    }

    /** The "active" matrix for type msisdn / email / party_code. Anything else is active. */
    public static ActiveResult active(String type, String id, Options o) {
        String t = type.toLowerCase(Locale.ROOT);
        String v = id.toLowerCase(Locale.ROOT);
        int i = switch (t) {
            case "msisdn" -> {
                int x = index(v);
                yield x <= 5 ? x : -1;
            }
            case "email" -> ACTIVE_EMAIL.getOrDefault(v, -1);
            case "party_code", "partycode" -> ACTIVE_PARTY_CODE.getOrDefault(v, -1);
            default -> -1;
        };
        return switch (i) {
            case 0 -> ActiveResult.error(404, "RESOURCE_NOT_FOUND");
            case 1 -> o.activeNotActiveAs500() ? ActiveResult.error(500, INTERNAL_PROCESSING_ERROR) : ActiveResult.ok(false);
            case 2 -> ActiveResult.error(500, "NOT_ALLOWED");
            case 3 -> ActiveResult.error(500, "NOT_ALLOWED_TARGET_ENVIRONMENT");
            case 4 -> ActiveResult.error(500, INTERNAL_PROCESSING_ERROR);
            case 5 -> ActiveResult.error(503, "SERVICE_UNAVAILABLE");
            default -> ActiveResult.ok(true);
        };
    }
}
