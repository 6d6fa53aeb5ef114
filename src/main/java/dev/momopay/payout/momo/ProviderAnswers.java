package dev.momopay.payout.momo;

import dev.momopay.payout.domain.ConfigurationCause;
import dev.momopay.payout.domain.ProviderAnswer;
import dev.momopay.payout.domain.ProviderAnswer.MomoState;
import dev.momopay.payout.domain.Reason;
import dev.momopay.payout.domain.ReasonTexts;
import dev.momopay.payout.momo.dto.MomoReason;
import dev.momopay.payout.momo.dto.TransferStatus;
import java.util.Locale;
import java.util.Map;

/** The one converter from the MoMo client's classified results to the domain's {@link ProviderAnswer}s. */
public final class ProviderAnswers {

    /** Synchronous refusal codes that are about the account's configuration, not the payout. */
    private static final Map<String, ConfigurationCause> CONFIGURATION_CODES = Map.of(
            "INVALID_CALLBACK_URL_HOST", ConfigurationCause.CALLBACK_HOST,
            "NOT_ALLOWED_TARGET_ENVIRONMENT", ConfigurationCause.TARGET_ENVIRONMENT);

    private ProviderAnswers() {
    }

    public static ProviderAnswer of(MomoResult<?> result) {
        if (result instanceof MomoResult.Ok<?> ok) {
            if (ok.body() == null) {
                return new ProviderAnswer.Accepted();
            }
            if (ok.body() instanceof TransferStatus status) {
                return status(status);
            }
            return new ProviderAnswer.Unknown("an answer of an unexpected kind");
        }
        if (result instanceof MomoResult.AlreadyExists<?>) {
            return new ProviderAnswer.AlreadyExists();
        }
        if (result instanceof MomoResult.NotFound<?>) {
            return new ProviderAnswer.NotFound();
        }
        if (result instanceof MomoResult.BadRequest<?> bad) {
            String code = bad.code() == null || bad.code().isBlank() ? ReasonTexts.BAD_REQUEST : bad.code();
            return new ProviderAnswer.Refused(ReasonTexts.withText(code, bad.message()));
        }
        if (result instanceof MomoResult.Refused<?> refused) {
            ConfigurationCause cause = CONFIGURATION_CODES.get(refused.code().strip().toUpperCase(Locale.ROOT));
            if (cause != null) {
                return new ProviderAnswer.ConfigurationRefused(cause, "HTTP " + refused.status() + " "
                        + refused.code());
            }
            return new ProviderAnswer.Refused(ReasonTexts.withText(refused.code(), refused.message()));
        }
        if (result instanceof MomoResult.Unauthorized<?> unauthorized) {
            return new ProviderAnswer.ConfigurationRefused(ConfigurationCause.CREDENTIALS,
                    "HTTP " + unauthorized.status() + " after a token refresh");
        }
        if (result instanceof MomoResult.RateLimited<?> limited) {
            return new ProviderAnswer.RateLimited(limited.retryAfter());
        }
        if (result instanceof MomoResult.NotSent<?> notSent) {
            return new ProviderAnswer.NotSent(notSent.detail());
        }
        if (result instanceof MomoResult.Unavailable<?> unavailable) {
            return new ProviderAnswer.Unknown("HTTP " + unavailable.status()
                    + (unavailable.code() == null ? "" : " " + unavailable.code()));
        }
        MomoResult.Ambiguous<?> ambiguous = (MomoResult.Ambiguous<?>) result;
        return new ProviderAnswer.Unknown(ambiguous.kind() + (ambiguous.detail() == null ? ""
                : ": " + ambiguous.detail()));
    }

    private static ProviderAnswer status(TransferStatus status) {
        MomoState state = status.status() == null ? MomoState.OTHER : switch (status.status()) {
            case PENDING -> MomoState.PENDING;
            case SUCCESSFUL -> MomoState.SUCCESSFUL;
            case FAILED -> MomoState.FAILED;
            case UNKNOWN -> MomoState.OTHER;
        };
        MomoReason reason = status.reason();
        Reason domainReason = reason == null || reason.code() == null || reason.code().isBlank() ? null
                : new Reason(reason.code(), reason.message());
        return new ProviderAnswer.Status(state, status.financialTransactionId(), domainReason);
    }
}
