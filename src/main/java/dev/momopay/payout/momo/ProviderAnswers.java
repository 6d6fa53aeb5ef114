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

/**
 * The one converter from the MoMo client's classified results to the domain's {@link ProviderAnswer}s. It is also
 * the edge where MoMo's text becomes storable: PostgreSQL text cannot hold U+0000, so a NUL anywhere in MoMo's
 * answer (a transaction id, a reason, an error page) is replaced by U+FFFD, the Unicode replacement character, and
 * one strange answer never stops the results of others from being stored.
 */
public final class ProviderAnswers {

    /** Synchronous refusal codes that are about the account's configuration, not the payout. */
    private static final Map<String, ConfigurationCause> CONFIGURATION_CODES = Map.of(
            "INVALID_CALLBACK_URL_HOST", ConfigurationCause.CALLBACK_HOST,
            "NOT_ALLOWED_TARGET_ENVIRONMENT", ConfigurationCause.TARGET_ENVIRONMENT);

    private ProviderAnswers() {
    }

    public static ProviderAnswer of(MomoResult<?> result) {
        return storable(convert(result));
    }

    /** MoMo's text as PostgreSQL can store it: NUL becomes U+FFFD, everything else stays. */
    public static String storable(String text) {
        return text == null || text.indexOf('\0') < 0 ? text : text.replace('\0', '\uFFFD');
    }

    private static Reason storable(Reason reason) {
        return reason == null ? null : new Reason(storable(reason.code()), storable(reason.message()));
    }

    private static ProviderAnswer storable(ProviderAnswer answer) {
        if (answer instanceof ProviderAnswer.Status s) {
            return new ProviderAnswer.Status(s.state(), storable(s.financialTransactionId()), storable(s.reason()));
        }
        if (answer instanceof ProviderAnswer.Refused r) {
            return new ProviderAnswer.Refused(storable(r.reason()));
        }
        if (answer instanceof ProviderAnswer.ConfigurationRefused c) {
            return new ProviderAnswer.ConfigurationRefused(c.cause(), storable(c.detail()));
        }
        if (answer instanceof ProviderAnswer.NotSent n) {
            return new ProviderAnswer.NotSent(storable(n.detail()));
        }
        if (answer instanceof ProviderAnswer.Unknown u) {
            return new ProviderAnswer.Unknown(storable(u.detail()));
        }
        return answer;
    }

    private static ProviderAnswer convert(MomoResult<?> result) {
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
