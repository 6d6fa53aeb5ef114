package dev.momopay.payout.domain;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * A validated payout command: every field has passed the contract's rules. {@code amount} keeps the exact decimal
 * string the upstream system sent, because that string is what MoMo receives.
 */
public record PayoutCommand(
        UUID referenceId,
        Operation operation,
        String amount,
        String currency,
        String externalId,
        Payee payee,
        String payerMessage,
        String payeeNote,
        String referenceIdToRefund,
        String account) {

    public PayoutCommand {
        Objects.requireNonNull(referenceId, "referenceId");
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(externalId, "externalId");
        Objects.requireNonNull(account, "account");
    }

    public BigDecimal amountValue() {
        return new BigDecimal(amount);
    }

    public Optional<Payee> payeeIfAny() {
        return Optional.ofNullable(payee);
    }
}
