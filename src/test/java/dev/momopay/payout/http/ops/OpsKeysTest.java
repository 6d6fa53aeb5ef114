package dev.momopay.payout.http.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

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
}
