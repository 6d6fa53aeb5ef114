package dev.momopay.payout.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.net.URI;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The worker's own settings. Every key has a default that serves the MoMo sandbox; the contract's environment
 * variables map onto them (PAYOUT_POLL_INITIAL_DELAY -> payout.poll.initial-delay, and so on). The full reference
 * with explanations is in README.md, "Configuration".
 */
@ConfigMapping(prefix = "payout")
public interface PayoutConfig {

    /** Public base URL of this worker for X-Callback-Url; unset means no callbacks, polling only. */
    @WithName("callback-base-url")
    Optional<URI> callbackBaseUrl();

    /** Status GETs per second per MoMo account, shared by all replicas. */
    @WithDefault("10")
    double statusRateLimit();

    /** A stable name of this instance in logs and leases; defaults to a random one per process. */
    Optional<String> instanceId();

    /**
     * The longest an idle loop waits before it looks again for work it cannot have been told of (another replica's new
     * payouts or unpublished events). Work this instance takes in, callbacks, and due times it can see (poll delays,
     * retries, scheduled payouts, an expired lease of a crashed replica) wake it on time regardless.
     */
    @WithDefault("2s")
    Duration sweepInterval();

    /**
     * How long the worker's own stop may take after the HTTP drain ({@code quarkus.shutdown.timeout}): calls in
     * flight are awaited, their results committed and the outbox flushed within it. The two together must stay below
     * the orchestrator's grace period (45 s in deploy/deployment.yaml: 10 s + 30 s).
     */
    @WithDefault("30s")
    Duration shutdownBudget();

    /** How often overdue payouts are looked for (see poll.give-up-after). */
    @WithDefault("30s")
    Duration giveUpCheckInterval();

    Topics topics();

    Safeguards safeguards();

    Poll poll();

    Submission submission();

    Events events();

    Intake intake();

    Ops ops();

    GoLiveCheck goLiveCheck();

    Metrics metrics();

    Reconciliation reconciliation();

    Controls controls();

    Retention retention();

    /**
     * Retention (docs/operations.md, "Retention"): finished payouts older than {@code compactAfter} keep a compact
     * row and their terminal event forever and lose their bulky parts. Unset: nothing is ever compacted.
     */
    interface Retention {
        Optional<Duration> compactAfter();

        /** Payouts compacted per transaction. */
        @WithDefault("1000")
        int batchSize();
    }

    /**
     * Money controls (docs/operations.md, "Money controls"): approval above a threshold, the scheduling horizon of
     * notBefore. Cancel before submission needs no setting: it only ever ends payouts no POST was sent for.
     */
    interface Controls {
        Approval approval();

        Schedule schedule();

        Limits limits();

        DuplicateHold duplicateHold();

        /**
         * Daily velocity limits by account, then currency, shared by all replicas: a payout that would exceed one is
         * held for approval (or REJECTED, see {@link Limits#onExceed()}). Off unless a limit is set.
         */
        interface Limits {
            /** Payouts one payee may get per day ({@code payout.controls.limits.payee-daily-count.default.EUR=5}). */
            Map<String, Map<String, Integer>> payeeDailyCount();

            /** The amount one payee may get per day. */
            Map<String, Map<String, BigDecimal>> payeeDailyAmount();

            /** The amount one account may pay out per day. */
            Map<String, Map<String, BigDecimal>> accountDailyAmount();

            /**
             * By account: HOLD (for approval, the default) or REJECT (VELOCITY_LIMIT_EXCEEDED) a payout that would
             * exceed a limit ({@code payout.controls.limits.on-exceed.default=REJECT}).
             */
            Map<String, OnExceed> onExceed();

            /** The time zone whose calendar days the limits count. */
            @WithDefault("UTC")
            java.time.ZoneId zone();

            enum OnExceed {
                HOLD,
                REJECT
            }
        }

        /**
         * Suspected duplicates, by account: a payout to the same payee with the same amount and currency as another
         * let through within the window waits for approval ({@code payout.controls.duplicate-hold.window.default=10m}).
         */
        interface DuplicateHold {
            Map<String, Duration> window();
        }

        /** Off unless a threshold is set for an account and currency. */
        interface Approval {
            /**
             * By account, then currency: payouts at or above it wait in AWAITING_APPROVAL for an operator
             * ({@code payout.controls.approval.threshold.default.EUR=5000}).
             */
            Map<String, Map<String, BigDecimal>> threshold();

            /** By account, then currency: at or above it, two distinct operators must approve. */
            @WithName("second-approver-threshold")
            Map<String, Map<String, BigDecimal>> secondApproverThreshold();

            /** How long a payout waits for approval before it is REJECTED with APPROVAL_EXPIRED. */
            @WithDefault("24h")
            Duration expiry();

            /** How often payouts whose approval expired are looked for. */
            @WithDefault("30s")
            Duration expiryCheckInterval();
        }

        interface Schedule {
            /** How far ahead a command's notBefore may be; further ahead it is REJECTED (SCHEDULED_TOO_FAR_AHEAD). */
            @WithDefault("30d")
            Duration horizon();

            /** The same for accounts with their own ({@code payout.controls.schedule.account-horizon.uganda=7d}). */
            Map<String, Duration> accountHorizon();
        }
    }

    /**
     * The reconciliation with MoMo: each run re-reads MoMo's status of every payout concluded in a period and
     * compares it with ours, and compares the period's opening and closing balances (docs/operations.md).
     */
    interface Reconciliation {
        /** Whether a run for each past day is created by itself (on demand runs are always possible). */
        @WithDefault("true")
        boolean scheduled();

        /** The time zone whose calendar days the scheduled runs cover. */
        @WithDefault("UTC")
        java.time.ZoneId zone();

        /** How long after a day's end its run is created: late answers of payouts concluding at midnight. */
        @WithDefault("1h")
        Duration delay();

        /** How many past days are looked at for a missing scheduled run (after a stop of the worker). */
        @WithDefault("3")
        int catchUpDays();

        /** How often a run's next lines are asked; each round stays within the share of the status rate limit. */
        @WithDefault("1s")
        Duration checkInterval();

        /** The share of each account's status rate limit ({@code payout.status-rate-limit}) a run may use. */
        @WithDefault("0.5")
        double statusShare();

        /** How often MoMo is asked about one payout before it is reported UNCHECKED. */
        @WithDefault("10")
        int maxAttempts();

        /** How soon a payout MoMo gave no answer about is asked again (doubling up to ten times this). */
        @WithDefault("30s")
        Duration retryDelay();

        /** How long a replica holds a run it works on; another continues it once this ran out. */
        @WithDefault("2m")
        Duration lease();

        /**
         * How long a run waits, once every payout is compared, for a balance reading after its period's end; it
         * completes then without the closing balance (reported as missing).
         */
        @WithDefault("15m")
        Duration closingReadingWait();
    }

    /** The ops HTTP API ({@code /ops/...}); off unless at least one API key is configured. */
    interface Ops {
        /**
         * API keys by the name of whoever holds them ({@code payout.ops.api-keys.alice=...}); the name is the actor
         * in the audit. Sent as {@code X-Api-Key: <key>} or {@code Authorization: Bearer <key>}.
         */
        java.util.Map<String, String> apiKeys();

        /**
         * The role of each key by its name ({@code payout.ops.roles.alice=reader}): {@code reader} (list, find, audit,
         * balances) or {@code operator} (also poll, republish, resolve, refresh balances, account-holder checks). A key
         * without a role is an operator.
         */
        java.util.Map<String, String> roles();

        /**
         * A directory of keys read again every {@link #keyReloadInterval()}, so keys change without a restart: a
         * mounted Kubernetes Secret with one file per key, named after its holder, and {@code <name>.role} for its
         * role. Its keys are admitted beside those of {@link #apiKeys()}.
         */
        Optional<java.nio.file.Path> keyDirectory();

        /** How often the key directory is read again. */
        @WithDefault("10s")
        Duration keyReloadInterval();

        /** Largest page the payout list returns. */
        @WithDefault("200")
        int maxPageSize();
    }

    /** The go-live check of every MoMo account (GET /ops/accounts/{name}/check, the momo health group). */
    interface GoLiveCheck {
        /** Whether every account is checked once the worker has started (logged, shown in the momo health group). */
        @WithDefault("true")
        boolean atStartUp();
    }

    interface Metrics {
        /** How often the SQL-backed gauges (unfinished payouts, oldest age, outbox backlog) are recomputed. */
        @WithDefault("15s")
        Duration refreshInterval();

        /** How often MoMo is asked for every account's balance (gauge momo.balance.available). */
        @WithDefault("5m")
        Duration balanceRefreshInterval();
    }

    interface Topics {
        @WithDefault("payouts.deposit.requested")
        String deposit();

        @WithDefault("payouts.transfer.requested")
        String transfer();

        @WithDefault("payouts.refund.requested")
        String refund();

        @WithDefault("payouts.outcomes")
        String outcomes();

        /** Cancel commands: key and value carry the referenceId, the value a reason. */
        @WithDefault("payouts.cancel.requested")
        String cancel();

        @WithDefault("payouts.commands.dlq")
        String dlq();
    }

    interface Poll {
        /** First status check after MoMo accepted a payout. */
        @WithDefault("5s")
        Duration initialDelay();

        /** Cap of the exponential back-off between status checks. */
        @WithDefault("5m")
        Duration maxDelay();

        /** Age after which a still-pending payout becomes UNRESOLVED. */
        @WithDefault("24h")
        Duration giveUpAfter();

        /** Random spread applied to each delay, as a fraction (0.2 = plus or minus 20 %). */
        @WithDefault("0.2")
        double jitter();

        /** Most payouts one status-check round leases. */
        @WithDefault("200")
        int batchSize();

        /** How long a status check may hold a payout before another replica may take it over. */
        @WithDefault("2m")
        Duration lease();
    }

    interface Submission {
        /** Most payouts one submission round leases. */
        @WithDefault("200")
        int batchSize();

        /** Most MoMo calls in flight from this instance at once (POSTs and status GETs). */
        @WithDefault("1000")
        int maxInFlight();

        /** How long a submission may hold a payout before another replica may take it over. */
        @WithDefault("2m")
        Duration lease();

        /**
         * After an ambiguous POST (timeout, reset, 5xx without a code) the worker asks for the status; a 404 is only
         * trusted as "MoMo never got it" once this long has passed since the POST, then the same reference is
         * POSTed again.
         */
        @WithDefault("10s")
        Duration ambiguousGrace();

        /**
         * A refusal of an attempt that followed one that may have executed proves nothing about the earlier one:
         * FAILED is concluded only after status GETs have kept answering 404 for this long after the refusal.
         */
        @WithDefault("5m")
        Duration refusalConfirmationWindow();

        /** First wait after a retryable submission problem (connect failure, 429, 503, 401). */
        @WithDefault("2s")
        Duration retryInitialDelay();

        /**
         * Results of MoMo calls waiting for the database beyond which no loop leases more work (back-pressure: a slow
         * or refusing database never turns into an unbounded pile of answers in memory).
         */
        @WithDefault("5000")
        int maxResultBacklog();

        /** Cap of the submission retry back-off. */
        @WithDefault("1m")
        Duration retryMaxDelay();
    }

    interface Events {
        /** CloudEvents {@code ce_source} of every outcome event. */
        @WithDefault("urn:momopay:payout-worker")
        URI source();

        /** Most outbox rows one relay round publishes. */
        @WithDefault("500")
        int relayBatchSize();

        /** How long a relay round may hold outbox rows before another replica re-publishes them. */
        @WithDefault("30s")
        Duration relayLease();
    }

    interface Intake {
        /** First wait before retrying a batch whose database write failed (the batch is not acknowledged). */
        @WithDefault("500ms")
        Duration retryInitialDelay();

        @WithDefault("30s")
        Duration retryMaxDelay();
    }

    /** Money-aware safeguards: payee pre-validation, the float guard, routing and protection towards MoMo. */
    interface Safeguards {

        /**
         * Routes commands without an {@code account} by currency, e.g.
         * {@code payout.safeguards.currency-accounts.UGX=uganda}; currencies not listed go to {@code default}.
         */
        Map<String, String> currencyAccounts();

        PayeeCheck payeeCheck();

        FloatGuard floatGuard();

        Protection protection();
    }

    /**
     * Asks MoMo whether the payee's wallet is active before a deposit or transfer, and optionally compares the
     * payee's name. Off by default; switched on per account and operation, e.g.
     * {@code payout.safeguards.payee-check.operations.default=DEPOSIT,TRANSFER}.
     */
    interface PayeeCheck {
        /** Per account, the operations whose payee is checked. */
        Map<String, List<String>> operations();

        /** How long an answer about one wallet is reused. */
        @WithDefault("2m")
        Duration cacheFor();
    }

    /**
     * Holds submissions of an account and currency whose MoMo float cannot cover them, instead of letting MoMo fail
     * them with NOT_ENOUGH_FUNDS; they resume by themselves once the balance covers them again.
     */
    interface FloatGuard {
        @WithDefault("true")
        boolean enabled();

        /** How often each account's balance is read from MoMo. */
        @WithDefault("30s")
        Duration refreshInterval();

        /** How soon a held payout is looked at again. */
        @WithDefault("10s")
        Duration holdRecheck();

        /** Balance kept back as a margin: payouts are held once they would take the float below it. */
        @WithDefault("0")
        BigDecimal reserve();
    }

    /** Protection towards MoMo, per account: one market's trouble never slows another. */
    interface Protection {
        /** Money POSTs per second per account, shared by all replicas. */
        @WithDefault("100")
        double postRateLimit();

        /** MoMo calls in flight per account on one instance (a bulkhead). */
        @WithDefault("400")
        int maxInFlightPerAccount();

        /** Consecutive failed calls (outage-like answers) that open an account's circuit breaker. */
        @WithDefault("10")
        int breakerFailureThreshold();

        /** How long an open breaker pauses the account's submissions before letting one probe through. */
        @WithDefault("30s")
        Duration breakerOpenFor();
    }
}
