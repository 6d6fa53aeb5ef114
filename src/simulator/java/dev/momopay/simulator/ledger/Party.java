package dev.momopay.simulator.ledger;

/** A MoMo party: {@code {"partyIdType":"MSISDN","partyId":"46733123450"}}. */
public record Party(String partyIdType, String partyId) {
}
