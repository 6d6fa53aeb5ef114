package dev.momopay.payout.momo.dto;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Response of {@code POST /disbursement/token/}: {@code {"access_token", "token_type":"access_token",
 * "expires_in":3600}}. {@code toString()} never prints the token.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record AccessToken(@JsonProperty("access_token") String accessToken,
        @JsonProperty("token_type") String tokenType,
        @JsonProperty("expires_in") Long expiresIn) {

    @Override
    public String toString() {
        return "AccessToken[tokenType=" + tokenType + ", expiresIn=" + expiresIn + ", accessToken=<redacted>]";
    }
}
