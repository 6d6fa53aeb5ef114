package dev.momopay.payout.momo.dto;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Body of Refund-V2. {@code referenceIdToRefund} is the {@code X-Reference-Id} of the original collection
 * request-to-pay. Null optional fields are omitted from the JSON.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record RefundRequest(String amount, String currency, String externalId, String payerMessage,
        String payeeNote, String referenceIdToRefund) {

    @Override
    public String toString() {
        return "RefundRequest[amount=" + amount + ", currency=" + currency + ", externalId=" + externalId
                + ", referenceIdToRefund=" + referenceIdToRefund + "]";
    }
}
