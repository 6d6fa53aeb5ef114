package dev.momopay.payout.application.golive;

/**
 * One result of an account's go-live check.
 *
 * @param check  what was checked ({@code token}, {@code currency}, ...)
 * @param detail what was found, in words an operator can act on (never a secret)
 * @param fix    the variable to change, or {@code null} when there is nothing to configure
 */
public record Finding(String check, Verdict verdict, String detail, String fix) {

    /** How a check came out: only FAIL means the account cannot pay as configured. */
    public enum Verdict {
        PASS, WARN, FAIL
    }

    static Finding pass(String check, String detail) {
        return new Finding(check, Verdict.PASS, detail, null);
    }

    static Finding warn(String check, String detail, String fix) {
        return new Finding(check, Verdict.WARN, detail, fix);
    }

    static Finding fail(String check, String detail, String fix) {
        return new Finding(check, Verdict.FAIL, detail, fix);
    }
}
