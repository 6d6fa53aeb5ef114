package dev.momopay.payout.application;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.momopay.payout.domain.PayoutStatus;
import dev.momopay.payout.domain.Reason;
import dev.momopay.payout.persistence.EventSubject;
import dev.momopay.payout.persistence.OutcomeEventRecord;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/** Builds outcome events exactly as the contract shows them; the bytes are stored once and never rebuilt. */
@ApplicationScoped
public class OutcomeEventFactory {

    private final ObjectMapper mapper;

    public OutcomeEventFactory(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    @JsonPropertyOrder({"eventId", "referenceId", "operation", "status", "amount", "currency", "externalId",
            "financialTransactionId", "reason", "occurredAt"})
    public record OutcomeEvent(String eventId, String referenceId, String operation, String status, String amount,
            String currency, String externalId, String financialTransactionId, ReasonBody reason,
            String occurredAt) {
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    @JsonPropertyOrder({"code", "message"})
    public record ReasonBody(String code, String message) {
    }

    public OutcomeEventRecord create(EventSubject payout, PayoutStatus status, String financialTransactionId,
            Reason reason) {
        return create(UUID.randomUUID(), payout, status, financialTransactionId, reason);
    }

    /** The same with an eventId already written to the payout's row. */
    public OutcomeEventRecord create(UUID eventId, EventSubject payout, PayoutStatus status,
            String financialTransactionId, Reason reason) {
        Instant occurredAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        OutcomeEvent event = new OutcomeEvent(eventId.toString(), payout.referenceId().toString(),
                payout.operation().name(), status.name(), payout.amount(), payout.currency(), payout.externalId(),
                financialTransactionId, reason == null ? null : new ReasonBody(reason.code(), reason.message()),
                DateTimeFormatter.ISO_INSTANT.format(occurredAt));
        try {
            return new OutcomeEventRecord(eventId, payout, status, reason == null ? null : reason.code(),
                    mapper.writeValueAsBytes(event), occurredAt);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an outcome event always serialises", e);
        }
    }
}
