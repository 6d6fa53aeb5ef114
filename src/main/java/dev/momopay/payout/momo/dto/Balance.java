package dev.momopay.payout.momo.dto;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;

/** Account balance. {@code availableBalance} is a decimal string; a JSON number is accepted too. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Balance(@JsonDeserialize(using = DecimalStringDeserializer.class) String availableBalance,
        String currency) {
}
