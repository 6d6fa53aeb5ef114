package dev.momopay.payout.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CommandFingerprintTest {

    private static final UUID REF = UUID.randomUUID();

    @Test
    void theSameCommandHasTheSameFingerprintAndAnyChangeAnother() {
        String base = CommandFingerprint.of(command("10", "Payout", null, Map.of()));
        assertEquals(base, CommandFingerprint.of(command("10", "Payout", null, Map.of())));
        // The amount counts as a decimal: another scale is the same payout, not a conflict.
        assertEquals(base, CommandFingerprint.of(command("10.0", "Payout", null, Map.of())));
        assertEquals(base, CommandFingerprint.of(command("10.000", "Payout", null, Map.of())));
        assertNotEquals(base, CommandFingerprint.of(command("10.01", "Payout", null, Map.of())));
        assertNotEquals(base, CommandFingerprint.of(command("100", "Payout", null, Map.of())));
        // Payouts stored before the decimal comparison keep matching the command as it was sent.
        assertEquals(CommandFingerprint.asSent(command("10.50", "Payout", null, Map.of())),
                CommandFingerprint.asSent(command("10.50", "Payout", null, Map.of())));
        assertNotEquals(CommandFingerprint.asSent(command("10.50", "Payout", null, Map.of())),
                CommandFingerprint.of(command("10.50", "Payout", null, Map.of())));
        assertNotEquals(base, CommandFingerprint.of(command("10", "Payout ", null, Map.of())));
        assertNotEquals(base, CommandFingerprint.of(command("10", null, null, Map.of())));
        assertNotEquals(base, CommandFingerprint.of(command(null, "Payout", null, Map.of("amount", "10"))));
    }

    @Test
    void aCommandWithoutNotBeforeKeepsTheFingerprintItWasStoredWith() {
        UUID reference = UUID.fromString("3f1c2b9e-8d4a-4c6b-9e2f-7a1b5c3d9e01");
        RawPayoutCommand command = new RawPayoutCommand(reference, Operation.TRANSFER, "10", "EUR", "order", true,
                "MSISDN", "46733123450", "Payout", null, null, null, null, null, Map.of());
        assertEquals("560dd69ab08cf029605fb136236723de2fb0ba7a9dae0eb0c2adb370e435ee43", CommandFingerprint.of(command));
        RawPayoutCommand scheduled = new RawPayoutCommand(reference, Operation.TRANSFER, "10", "EUR", "order", true,
                "MSISDN", "46733123450", "Payout", null, null, null, null, "2026-12-24T08:00:00Z", Map.of());
        assertNotEquals(CommandFingerprint.of(command), CommandFingerprint.of(scheduled));
    }

    @Test
    void anAbsentAccountIsTheDefaultAccount() {
        assertEquals(CommandFingerprint.of(command("10", "x", null, Map.of())),
                CommandFingerprint.of(command("10", "x", "default", Map.of())));
    }

    @Test
    void fieldBoundariesCannotBeConfused() {
        assertNotEquals(CommandFingerprint.of(command("1", "0|x", null, Map.of())),
                CommandFingerprint.of(command("1|0", "x", null, Map.of())));
    }

    private static RawPayoutCommand command(String amount, String message, String account, Map<String, String> raw) {
        return new RawPayoutCommand(REF, Operation.TRANSFER, amount, "EUR", "order", true, "MSISDN", "46733123450",
                message, null, null, account, null, null, raw);
    }
}
