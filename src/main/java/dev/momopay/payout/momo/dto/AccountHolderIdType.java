package dev.momopay.payout.momo.dto;

/** Account holder id types for {@code .../accountholder/{type}/{id}/active}; the path value is lower case. */
public enum AccountHolderIdType {
    MSISDN("msisdn"),
    EMAIL("email"),
    PARTY_CODE("party_code");

    private final String pathValue;

    AccountHolderIdType(String pathValue) {
        this.pathValue = pathValue;
    }

    /** The value used in the URL path. */
    public String pathValue() {
        return pathValue;
    }
}
