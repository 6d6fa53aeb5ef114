-- Reconciliation with MoMo: a run re-reads MoMo's status of every payout concluded in a period and compares it with
-- ours; it never changes a payout. One scheduled run per period; a run is leased (claim_token, lease_until) by one
-- replica at a time, so an interrupted run is continued by whichever replica claims it next.
CREATE TABLE reconciliation_run (
    id            bigserial    PRIMARY KEY,
    period_start  timestamptz  NOT NULL,
    period_end    timestamptz  NOT NULL,
    account       text,                  -- null: every account
    scheduled     boolean      NOT NULL,
    requested_by  text         NOT NULL, -- the ops API key's name, or "schedule"
    status        varchar(16)  NOT NULL,
    collected     boolean      NOT NULL DEFAULT false, -- its lines are written (one statement, in one transaction)
    claim_token   uuid,
    lease_until   timestamptz,
    created_at    timestamptz  NOT NULL DEFAULT now(),
    finished_at   timestamptz,
    summary       text,                  -- JSON, written when the run completes
    CONSTRAINT reconciliation_run_status_check CHECK (status IN ('RUNNING', 'COMPLETED')),
    CONSTRAINT reconciliation_run_period_check CHECK (period_start < period_end)
);
CREATE UNIQUE INDEX reconciliation_run_scheduled_period ON reconciliation_run (period_start, period_end)
    WHERE scheduled;
CREATE UNIQUE INDEX reconciliation_run_running_period
    ON reconciliation_run (period_start, period_end, coalesce(account, '')) WHERE status = 'RUNNING';

-- One line per payout of a run: what we hold, what MoMo answered, and the verdict (null while still to be asked).
CREATE TABLE reconciliation_line (
    run_id             bigint       NOT NULL REFERENCES reconciliation_run (id),
    reference_id       uuid         NOT NULL,
    account            text         NOT NULL,
    operation          varchar(16)  NOT NULL,
    external_id        text,
    status_here        varchar(16)  NOT NULL,
    amount_here        text,
    currency_here      text,
    fin_id_here        text,
    momo_accepted      boolean      NOT NULL,
    concluded_at       timestamptz  NOT NULL,
    verdict            varchar(16),  -- MATCHED, MISMATCH, UNCHECKED (MoMo did not answer), NOT_ASKED (never sent)
    mismatch_kind      varchar(40),
    detail             text,
    momo_status        varchar(16),  -- SUCCESSFUL, FAILED, PENDING, UNKNOWN or NOT_FOUND
    momo_amount        text,
    momo_currency      text,
    momo_fin_id        text,
    attempts           integer      NOT NULL DEFAULT 0,
    next_try_at        timestamptz  NOT NULL DEFAULT now(),
    checked_at         timestamptz,
    acknowledged_by    text,
    acknowledged_at    timestamptz,
    acknowledged_note  text,
    PRIMARY KEY (run_id, reference_id)
);
CREATE INDEX reconciliation_line_pending ON reconciliation_line (run_id, next_try_at) WHERE verdict IS NULL;
CREATE INDEX reconciliation_line_open_mismatch ON reconciliation_line (reference_id)
    WHERE verdict = 'MISMATCH' AND acknowledged_at IS NULL;

-- Balance readings kept for the balance reconciliation: the balance at a period's start and end.
CREATE TABLE balance_reading (
    id         bigserial    PRIMARY KEY,
    account    text         NOT NULL,
    currency   text         NOT NULL,
    available  numeric      NOT NULL,
    read_at    timestamptz  NOT NULL
);
CREATE INDEX balance_reading_account_time ON balance_reading (account, currency, read_at);

-- The balance reconciliation sums the payouts concluded between two readings.
CREATE INDEX payout_terminal_at ON payout (terminal_at) WHERE terminal_at IS NOT NULL;
