package dev.momopay.payout.persistence;

import dev.momopay.payout.domain.Decision;
import dev.momopay.payout.domain.Reason;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;

/** How a fenced update's decision maps onto the payout row's columns: one statement, bound per update. */
final class UpdateColumns {

    static final String SQL = "UPDATE payout SET status = ?, momo_accepted = momo_accepted OR ?, "
            + "momo_status = COALESCE(?, momo_status), reason_code = COALESCE(?, reason_code), "
            + "reason_message = COALESCE(?, reason_message), "
            + "financial_transaction_id = COALESCE(?, financial_transaction_id), "
            + "next_action_at = CASE WHEN ?::bigint IS NULL THEN NULL "
            + "WHEN callback_pending AND (momo_accepted OR ?) THEN now() "
            + "ELSE now() + ?::bigint * interval '1 millisecond' END, callback_pending = false, "
            + "attempts_not_executed = attempts_not_executed + ?, status_checks = status_checks + ?, "
            + "pending_refusal_code = CASE ?::text WHEN 'SET' THEN ? WHEN 'CLEAR' THEN NULL "
            + "ELSE pending_refusal_code END, "
            + "pending_refusal_message = CASE ?::text WHEN 'SET' THEN ? WHEN 'CLEAR' THEN NULL "
            + "ELSE pending_refusal_message END, "
            + "not_found_since = CASE ?::text WHEN 'START' THEN now() WHEN 'KEEP' THEN COALESCE(not_found_since, now()) "
            + "ELSE NULL END, "
            + "failed_rounds = CASE WHEN ? THEN failed_rounds + 1 ELSE 0 END, "
            + "outcome_event_id = CASE WHEN ? THEN ?::uuid ELSE outcome_event_id END, "
            + "terminal_at = CASE WHEN ? THEN now() ELSE terminal_at END, "
            + "claim_token = NULL, updated_at = now() "
            + "WHERE reference_id = ? AND status = ? AND claim_token = ?";

    private UpdateColumns() {
    }

    static void bind(PreparedStatement statement, PayoutUpdate update) throws SQLException {
        Decision decision = update.decision();
        boolean accepted = decision instanceof Decision.Accept;
        boolean acknowledged = update.momoAcknowledged();
        Decision.Conclude conclusion = decision instanceof Decision.Conclude c ? c : null;
        Reason reason = conclusion == null ? null : conclusion.reason();
        String momoStatus = update.momoStatus();
        Long nextIn = conclusion != null ? null : nextActionIn(decision).toMillis();
        boolean notExecuted = decision instanceof Decision.RetryLater r && r.attemptNotExecuted()
                || decision instanceof Decision.Hold h && h.attemptNotExecuted();
        Reason refusal = decision instanceof Decision.AwaitConfirmation a ? a.refusal() : null;
        String refusalMark = refusal != null ? "SET" : accepted || conclusion != null ? "CLEAR" : "KEEP";
        String notFoundMark = refusal != null ? "START"
                : decision instanceof Decision.CheckStatus check && check.notFound() ? "KEEP" : "CLEAR";
        boolean finalEvent = conclusion != null && update.event() != null;

        int i = 1;
        statement.setString(i++, update.to().name());
        statement.setBoolean(i++, acknowledged);
        Jdbc.setNullableString(statement, i++, momoStatus);
        Jdbc.setNullableString(statement, i++, reason == null ? null : reason.code());
        Jdbc.setNullableString(statement, i++, reason == null ? null : reason.message());
        Jdbc.setNullableString(statement, i++, conclusion == null ? null : conclusion.financialTransactionId());
        statement.setObject(i++, nextIn, Types.BIGINT);
        statement.setBoolean(i++, acknowledged);
        statement.setObject(i++, nextIn, Types.BIGINT);
        statement.setInt(i++, notExecuted ? 1 : 0);
        statement.setInt(i++, update.statusChecked() ? 1 : 0);
        statement.setString(i++, refusalMark);
        Jdbc.setNullableString(statement, i++, refusal == null ? null : refusal.code());
        statement.setString(i++, refusalMark);
        Jdbc.setNullableString(statement, i++, refusal == null ? null : refusal.message());
        statement.setString(i++, notFoundMark);
        statement.setBoolean(i++, decision.failedRound());
        statement.setBoolean(i++, finalEvent);
        statement.setObject(i++, finalEvent ? update.event().eventId() : null, Types.OTHER);
        statement.setBoolean(i++, conclusion != null);
        statement.setObject(i++, update.referenceId());
        statement.setString(i++, update.from().name());
        statement.setObject(i, update.claimToken());
    }

    private static Duration nextActionIn(Decision decision) {
        Duration in;
        if (decision instanceof Decision.Accept a) {
            in = a.checkIn();
        } else if (decision instanceof Decision.CheckStatus c) {
            in = c.in();
        } else if (decision instanceof Decision.RetryLater r) {
            in = r.in();
        } else if (decision instanceof Decision.Hold h) {
            in = h.in();
        } else if (decision instanceof Decision.AwaitConfirmation a) {
            in = a.in();
        } else {
            throw new IllegalArgumentException("no next action for " + decision);
        }
        return in.isNegative() ? Duration.ZERO : in;
    }
}
