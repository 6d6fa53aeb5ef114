package dev.momopay.payout.momo.dto;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;

/**
 * Response of {@code GET /disbursement/oauth2/v1_0/userinfo} (KYC after consent, the end of the CIBA flow).
 * Personal data: {@code toString()} prints none of it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record UserInfoWithConsent(
        @JsonDeserialize(using = LenientStringDeserializer.class) String sub,
        String name,
        @JsonProperty("given_name") String givenName,
        @JsonProperty("family_name") String familyName,
        @JsonProperty("middle_name") String middleName,
        String email,
        @JsonProperty("email_verified") Boolean emailVerified,
        String gender,
        String locale,
        @JsonProperty("phone_number") String phoneNumber,
        @JsonProperty("phone_number_verified") Boolean phoneNumberVerified,
        @JsonDeserialize(using = LenientStringDeserializer.class) String address,
        @JsonProperty("updated_at") @JsonDeserialize(using = LenientStringDeserializer.class) String updatedAt,
        String status,
        String birthdate,
        @JsonProperty("credit_score") @JsonDeserialize(using = LenientStringDeserializer.class) String creditScore,
        Boolean active,
        @JsonProperty("country_of_birth") String countryOfBirth,
        @JsonProperty("region_of_birth") String regionOfBirth,
        @JsonProperty("city_of_birth") String cityOfBirth,
        String occupation,
        @JsonProperty("employer_name") String employerName,
        @JsonProperty("identification_type") String identificationType,
        @JsonProperty("identification_value") String identificationValue) {

    @Override
    public String toString() {
        return "UserInfoWithConsent[<redacted personal data>, locale=" + locale + ", status=" + status
                + ", active=" + active + "]";
    }
}
