package dev.momopay.payout.momo.dto;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** Response of {@code POST /disbursement/oauth2/token/} (CIBA grant). {@code toString()} prints no token. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record OAuth2Token(@JsonProperty("access_token") String accessToken,
        @JsonProperty("token_type") String tokenType,
        @JsonProperty("expires_in") Long expiresIn,
        @JsonProperty("scope") String scope,
        @JsonProperty("refresh_token") String refreshToken,
        @JsonProperty("refresh_token_expired_in") Long refreshTokenExpiredIn) {

    @Override
    public String toString() {
        return "OAuth2Token[tokenType=" + tokenType + ", expiresIn=" + expiresIn + ", scope=" + scope
                + ", <tokens redacted>]";
    }
}
