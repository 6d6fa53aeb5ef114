package dev.momopay.payout.momo.dto;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Body of Deposit-V2 and Transfer. The party is {@code payee} for both. {@code amount} is a decimal string.
 * Null optional fields are omitted from the JSON.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record TransferRequest(String amount, String currency, String externalId, Party payee, String payerMessage,
        String payeeNote) {

    @Override
    public String toString() {
        return "TransferRequest[amount=" + amount + ", currency=" + currency + ", externalId=" + externalId
                + ", payee=" + payee + "]";
    }
}
