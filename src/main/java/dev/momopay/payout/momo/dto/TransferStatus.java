package dev.momopay.payout.momo.dto;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Body of the status GETs (deposit, transfer, refund) and of MoMo callbacks. {@code financialTransactionId} may
 * be absent even when SUCCESSFUL (deposit, refund); {@code reason} is set when FAILED.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record TransferStatus(String amount, String currency, String financialTransactionId, String externalId,
        Party payee, String payerMessage, String payeeNote, MomoTransactionStatus status, MomoReason reason) {

    @Override
    public String toString() {
        return "TransferStatus[status=" + status + ", reason=" + reason + ", amount=" + amount + ", currency="
                + currency + ", financialTransactionId=" + financialTransactionId + ", externalId=" + externalId
                + ", payee=" + payee + "]";
    }
}
