package dev.momopay.payout.http.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpsKeysTest {

    private static final String LONG_A = "a-key-of-enough-length-0001";
    private static final String LONG_B = "b-key-of-enough-length-0002";

    @Test
    void eachKeyBelongsToItsHolderWithItsRoleAndOperatorIsTheDefault() {
        OpsKeys keys = new OpsKeys(Map.of("alice", LONG_A, "bob", LONG_B), Map.of("bob", "Reader"));
        assertEquals(new OpsKeys.Holder("alice", OpsRole.OPERATOR), keys.holderOf(LONG_A).orElseThrow());
        assertEquals(new OpsKeys.Holder("bob", OpsRole.READER), keys.holderOf(" " + LONG_B + " ").orElseThrow());
        assertTrue(keys.holderOf(LONG_A + "x").isEmpty());
        assertTrue(keys.holderOf("").isEmpty());
        assertEquals(Set.of("reader", "operator"), OpsRole.OPERATOR.grants());
        assertEquals(Set.of("reader"), OpsRole.READER.grants());
    }

    @Test
    void aShortKeyOrAnUnknownRoleAdmitsNoOne() {
        String shortKey = "x".repeat(OpsKeys.MINIMUM_LENGTH - 1);
        OpsKeys keys = new OpsKeys(Map.of("short", shortKey, "odd", LONG_A), Map.of("odd", "admin"));
        assertTrue(keys.holderOf(shortKey).isEmpty());
        assertTrue(keys.holderOf(LONG_A).isEmpty());
        assertFalse(keys.any(), "no key admitted: the ops API stays off");
        assertTrue(new OpsKeys(Map.of("exact", "y".repeat(OpsKeys.MINIMUM_LENGTH)), Map.of()).any());
    }

    /** A key directory (a mounted Secret) is read again: keys are added, rotated and revoked without a restart. */
    @Test
    void keysInTheDirectoryAreAddedRotatedAndRevokedWhenItChanges(@TempDir Path directory) throws IOException {
        Files.writeString(directory.resolve("carol"), LONG_A + "\n");
        Files.writeString(directory.resolve("carol.role"), "reader");
        Files.writeString(directory.resolve("..data"), "a mounted Secret's own entry, not a key: " + LONG_B);
        OpsKeys keys = new OpsKeys(Map.of("alice", "a-configured-key-000000001"), Map.of(), Optional.of(directory));
        assertEquals(new OpsKeys.Holder("carol", OpsRole.READER), keys.holderOf(LONG_A).orElseThrow());
        assertTrue(keys.holderOf("a-configured-key-000000001").isPresent(), "configured keys stay beside them");
        assertTrue(keys.holderOf("a mounted Secret's own entry, not a key: " + LONG_B).isEmpty());

        Files.writeString(directory.resolve("carol"), LONG_B); // rotated
        Files.writeString(directory.resolve("carol.role"), "operator");
        Files.writeString(directory.resolve("dave"), "too-short");
        Files.writeString(directory.resolve("alice"), "a-key-that-would-replace-alice"); // a configured name
        keys.reloadDirectory();
        assertTrue(keys.holderOf(LONG_A).isEmpty(), "the rotated-out key no longer admits");
        assertEquals(new OpsKeys.Holder("carol", OpsRole.OPERATOR), keys.holderOf(LONG_B).orElseThrow());
        assertTrue(keys.holderOf("too-short").isEmpty());
        assertTrue(keys.holderOf("a-key-that-would-replace-alice").isEmpty(), "a configured name is not taken over");

        Files.delete(directory.resolve("carol")); // revoked
        keys.reloadDirectory();
        assertTrue(keys.holderOf(LONG_B).isEmpty());
        assertTrue(keys.holderOf("a-configured-key-000000001").isPresent());
    }

    @Test
    void aKeyDirectoryThatAppearsLaterIsReadThen(@TempDir Path parent) throws IOException {
        Path directory = parent.resolve("keys");
        OpsKeys keys = new OpsKeys(Map.of(), Map.of(), Optional.of(directory));
        assertFalse(keys.any());
        Files.createDirectory(directory);
        Files.writeString(directory.resolve("erin"), LONG_A);
        keys.reloadDirectory();
        assertEquals(new OpsKeys.Holder("erin", OpsRole.OPERATOR), keys.holderOf(LONG_A).orElseThrow());
        assertTrue(keys.any(), "the ops API turns on");
    }
}
