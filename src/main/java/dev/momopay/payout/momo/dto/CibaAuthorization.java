package dev.momopay.payout.momo.dto;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** Response of {@code POST /disbursement/v1_0/bc-authorize}. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CibaAuthorization(@JsonProperty("auth_req_id") String authReqId,
        @JsonProperty("interval") Long interval,
        @JsonProperty("expires_in") Long expiresIn) {

    @Override
    public String toString() {
        return "CibaAuthorization[interval=" + interval + ", expiresIn=" + expiresIn + ", authReqId=<redacted>]";
    }
}
