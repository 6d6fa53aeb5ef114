package dev.momopay.payout.domain;

import java.util.Objects;

/** Why a payout ended as it did: MoMo's code for FAILED, the worker's code for REJECTED. */
public record Reason(String code, String message) {
    public Reason {
        Objects.requireNonNull(code, "code");
    }

    public static Reason of(String code, String message) {
        return new Reason(code, message);
    }
}
