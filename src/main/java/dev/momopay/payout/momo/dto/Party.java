package dev.momopay.payout.momo.dto;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/** A MoMo party: {@code partyIdType} is {@code MSISDN}, {@code EMAIL} or {@code PARTY_CODE}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Party(String partyIdType, String partyId) {

    public static Party msisdn(String msisdn) {
        return new Party("MSISDN", msisdn);
    }

    @Override
    public String toString() {
        return "Party[" + partyIdType + ":" + Redaction.mask(partyId) + "]";
    }
}
