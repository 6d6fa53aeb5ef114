package dev.momopay.payout.domain;

/** How a payee is identified towards MoMo. */
public enum PartyIdType {
    MSISDN,
    EMAIL,
    PARTY_CODE
}
