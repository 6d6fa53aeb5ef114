package dev.momopay.payout.momo.dto;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.util.Locale;

/**
 * Status of a deposit, transfer or refund. Values MoMo may add later, or garbage, become {@link #UNKNOWN}
 * instead of failing deserialisation; a caller must treat UNKNOWN like PENDING (not final).
 */
public enum MomoTransactionStatus {
    PENDING,
    SUCCESSFUL,
    FAILED,
    UNKNOWN;

    @JsonCreator
    public static MomoTransactionStatus fromJson(String value) {
        if (value == null) {
            return UNKNOWN;
        }
        try {
            MomoTransactionStatus status = valueOf(value.trim().toUpperCase(Locale.ROOT));
            return status;
        } catch (IllegalArgumentException e) {
            return UNKNOWN;
        }
    }

    /** True for SUCCESSFUL and FAILED. */
    public boolean isFinal() {
        return this == SUCCESSFUL || this == FAILED;
    }
}
