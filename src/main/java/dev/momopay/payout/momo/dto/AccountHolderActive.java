package dev.momopay.payout.momo.dto;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** Response of {@code GET .../accountholder/{type}/{id}/active}: {@code {"result": true|false}}. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AccountHolderActive(Boolean result) {
}
