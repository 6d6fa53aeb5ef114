package dev.momopay.payout.momo;

/** No MoMo account of that name is configured ({@code momo.accounts.<name>.*}). */
public class UnknownMomoAccountException extends RuntimeException {

    private final String accountName;

    public UnknownMomoAccountException(String accountName, java.util.Set<String> known) {
        super("unknown MoMo account '" + accountName + "'; configured accounts: " + known);
        this.accountName = accountName;
    }

    public String accountName() {
        return accountName;
    }
}
