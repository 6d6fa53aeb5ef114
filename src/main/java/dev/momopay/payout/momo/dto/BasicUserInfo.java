package dev.momopay.payout.momo.dto;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;

/**
 * Response of {@code GET .../accountholder/{type}/{id}/basicuserinfo} (no consent needed). Personal data:
 * {@code toString()} prints none of it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record BasicUserInfo(
        @JsonDeserialize(using = LenientStringDeserializer.class) String sub,
        String name,
        @JsonProperty("given_name") String givenName,
        @JsonProperty("family_name") String familyName,
        String birthdate,
        String locale,
        String gender,
        String status,
        @JsonProperty("updated_at") @JsonDeserialize(using = LenientStringDeserializer.class) String updatedAt) {

    @Override
    public String toString() {
        return "BasicUserInfo[<redacted personal data>, locale=" + locale + ", status=" + status + "]";
    }
}
