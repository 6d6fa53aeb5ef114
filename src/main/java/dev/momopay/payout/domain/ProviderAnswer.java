package dev.momopay.payout.domain;

import java.time.Duration;
import java.util.Optional;

/**
 * What MoMo answered to one call, in the domain's terms. The MoMo adapter's converter is the only producer; the
 * decisions never see HTTP.
 */
public sealed interface ProviderAnswer {

    /** 202: MoMo accepted the POST. */
    record Accepted() implements ProviderAnswer {
    }

    /** 409: MoMo already has this reference (an earlier attempt reached it). */
    record AlreadyExists() implements ProviderAnswer {
    }

    /** A status MoMo reported for the reference. */
    record Status(MomoState state, String financialTransactionId, Reason reason) implements ProviderAnswer {
    }

    /** 404: MoMo does not know the reference (it may not be visible yet). */
    record NotFound() implements ProviderAnswer {
    }

    /** A refusal of this request with MoMo's code (a 400, or a definitive 5xx code such as NOT_ENOUGH_FUNDS). */
    record Refused(Reason reason) implements ProviderAnswer {
    }

    /**
     * A refusal that says nothing about the payout but about the account's configuration (callback host, target
     * environment, credentials). Nothing was executed.
     */
    record ConfigurationRefused(ConfigurationCause cause, String detail) implements ProviderAnswer {
    }

    /** 429: not executed; come back later. */
    record RateLimited(Optional<Duration> retryAfter) implements ProviderAnswer {
    }

    /** Nothing reached MoMo (a connect failure, no token). */
    record NotSent(String detail) implements ProviderAnswer {
    }

    /** Maybe sent, maybe executed: a timeout, a reset, a 5xx without a definitive code, an unreadable answer. */
    record Unknown(String detail) implements ProviderAnswer {
    }

    /** MoMo's state of a transaction, as far as the worker needs it. */
    enum MomoState {
        PENDING,
        SUCCESSFUL,
        FAILED,
        /** A value this worker does not know: decides nothing. */
        OTHER
    }
}
