package dev.momopay.payout.domain;

import java.util.Objects;

/** The wallet that receives a deposit or transfer. */
public record Payee(PartyIdType partyIdType, String partyId) {
    public Payee {
        Objects.requireNonNull(partyIdType, "partyIdType");
        Objects.requireNonNull(partyId, "partyId");
    }

    /** A form safe for logs: only the last two characters of the identifier are kept. */
    public String masked() {
        return Masking.maskIdentifier(partyId);
    }
}
