package dev.momopay.payout.domain.reconciliation;

import dev.momopay.payout.domain.PayoutStatus;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How a concluded payout is compared with MoMo's record of it. The rules only judge; nothing here changes a payout
 * (a terminal outcome is final, and a mismatch is for an operator to act on).
 */
public final class ReconciliationRules {

    private ReconciliationRules() {
    }

    public static LineVerdict compare(HeldPayout here, MomoRecord momo) {
        if (here.status() != PayoutStatus.SUCCESSFUL && here.status() != PayoutStatus.FAILED) {
            throw new IllegalArgumentException("only SUCCESSFUL and FAILED payouts are compared: " + here.status());
        }
        boolean paidHere = here.status() == PayoutStatus.SUCCESSFUL;
        if (momo instanceof MomoRecord.NoAnswer none) {
            return LineVerdict.askAgain(none.why());
        }
        if (momo instanceof MomoRecord.NotFound) {
            if (!paidHere && !here.momoAccepted()) {
                return LineVerdict.matched("MoMo never had it");
            }
            return LineVerdict.mismatch(MismatchKind.MISSING_AT_MOMO, "MoMo answers 404 for a payout "
                    + (paidHere ? "SUCCESSFUL here" : "it had acknowledged"));
        }
        return compareFound(here, (MomoRecord.Found) momo, paidHere);
    }

    private static LineVerdict compareFound(HeldPayout here, MomoRecord.Found momo, boolean paidHere) {
        String status = momo.status() == null ? "" : momo.status();
        if (!status.equals("SUCCESSFUL") && !status.equals("FAILED")) {
            return LineVerdict.mismatch(MismatchKind.NOT_FINAL_AT_MOMO, here.status() + " here, " + status
                    + " at MoMo");
        }
        List<String> details = new ArrayList<>();
        List<MismatchKind> kinds = new ArrayList<>();
        if (paidHere != status.equals("SUCCESSFUL")) {
            kinds.add(paidHere ? MismatchKind.SUCCESSFUL_HERE_FAILED_AT_MOMO
                    : MismatchKind.FAILED_HERE_SUCCESSFUL_AT_MOMO);
            details.add(here.status() + " here, " + status + " at MoMo");
        }
        if (momo.amount() != null && !sameAmount(here.amount(), momo.amount())) {
            kinds.add(MismatchKind.AMOUNT_DIFFERS);
            details.add("amount " + here.amount() + " here, " + momo.amount() + " at MoMo");
        }
        if (momo.currency() != null && !momo.currency().equals(here.currency())) {
            kinds.add(MismatchKind.CURRENCY_DIFFERS);
            details.add("currency " + here.currency() + " here, " + momo.currency() + " at MoMo");
        }
        // MoMo omits the financialTransactionId of some payouts; only a different or unrecorded one is a mismatch.
        if (paidHere && status.equals("SUCCESSFUL") && momo.financialTransactionId() != null
                && !momo.financialTransactionId().equals(here.financialTransactionId())) {
            kinds.add(MismatchKind.FINANCIAL_TRANSACTION_ID_DIFFERS);
            details.add("financialTransactionId " + (here.financialTransactionId() == null ? "not recorded"
                    : here.financialTransactionId()) + " here, " + momo.financialTransactionId() + " at MoMo");
        }
        if (kinds.isEmpty()) {
            return LineVerdict.matched(status);
        }
        // The kinds were added most serious first, as MismatchKind orders them.
        return LineVerdict.mismatch(kinds.get(0), String.join("; ", details));
    }

    /** The same decimal amount however written ("100" and "100.00"); unparseable texts must be equal as text. */
    static boolean sameAmount(String here, String momo) {
        try {
            return new BigDecimal(here.trim()).compareTo(new BigDecimal(momo.trim())) == 0;
        } catch (RuntimeException e) {
            return Objects.equals(here, momo);
        }
    }
}
