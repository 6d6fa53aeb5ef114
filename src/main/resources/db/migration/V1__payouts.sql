-- One row per payout, keyed by the upstream referenceId, which is also the X-Reference-Id sent to MoMo.
-- Raw command fields are text: a REJECTED command must be stored whatever its size, never fail the intake batch.
CREATE TABLE payout (
    reference_id             uuid         PRIMARY KEY,
    operation                varchar(16)  NOT NULL,
    account                  text         NOT NULL,
    amount                   text,  -- the exact decimal string received (null when it was not text)
    currency                 text,
    external_id              text,
    payee_type               text,
    payee_id                 text,
    payer_message            text,
    payee_note               text,
    reference_id_to_refund   text,
    fingerprint              char(64)     NOT NULL,  -- SHA-256 of the command's contract fields
    status                   varchar(16)  NOT NULL,
    momo_accepted            boolean      NOT NULL DEFAULT false, -- MoMo acknowledged the reference (202, 409 or 200)
    momo_status              varchar(16),
    reason_code              text,
    reason_message           text,
    financial_transaction_id text,
    callback_token           varchar(64)  NOT NULL,
    post_attempts            integer      NOT NULL DEFAULT 0,
    status_checks            integer      NOT NULL DEFAULT 0,
    last_post_at             timestamptz,
    next_action_at           timestamptz,          -- when the worker acts next; null once nothing is left to do
    claim_token              uuid,                 -- set while one worker has the payout leased
    callback_pending         boolean      NOT NULL DEFAULT false, -- a callback came while the payout was leased
    outcome_event_id         uuid,                 -- the terminal event, republished unchanged for duplicates
    source_topic             varchar(255),
    source_partition         integer,
    source_offset            bigint,
    created_at               timestamptz  NOT NULL DEFAULT now(),
    updated_at               timestamptz  NOT NULL DEFAULT now(),
    terminal_at              timestamptz,
    CONSTRAINT payout_status_check CHECK (status IN
        ('RECEIVED', 'SUBMITTING', 'SUBMITTED', 'SUCCESSFUL', 'FAILED', 'REJECTED', 'UNRESOLVED'))
);

-- Due work is found through partial indexes that hold unfinished payouts only, so the cost of finding it does not
-- grow with the number of finished payouts.
CREATE INDEX payout_due_submission ON payout (next_action_at)
    WHERE status IN ('RECEIVED', 'SUBMITTING') OR (status = 'UNRESOLVED' AND NOT momo_accepted);
CREATE INDEX payout_due_status_check ON payout (account, next_action_at)
    WHERE status = 'SUBMITTED' OR (status = 'UNRESOLVED' AND momo_accepted);
CREATE INDEX payout_unfinished_created ON payout (created_at)
    WHERE status IN ('RECEIVED', 'SUBMITTING', 'SUBMITTED');
CREATE INDEX payout_external_id ON payout (external_id);

-- Append-only history of every transition.
CREATE TABLE payout_history (
    id            bigserial    PRIMARY KEY,
    reference_id  uuid         NOT NULL REFERENCES payout (reference_id),
    at            timestamptz  NOT NULL DEFAULT now(),
    from_status   varchar(16),
    to_status     varchar(16)  NOT NULL,
    momo_status   varchar(16),
    reason_code   text,
    detail        text
);
CREATE INDEX payout_history_reference ON payout_history (reference_id, id);

-- Every outcome event ever decided for a payout; eventId and body never change once written.
CREATE TABLE payout_event (
    event_id      uuid         PRIMARY KEY,
    reference_id  uuid         NOT NULL REFERENCES payout (reference_id),
    status        varchar(16)  NOT NULL,
    payload       bytea        NOT NULL,
    occurred_at   timestamptz  NOT NULL
);
CREATE INDEX payout_event_reference ON payout_event (reference_id);

-- Transactional outbox: rows to publish to the outcome topic. A row is deleted once Kafka acknowledged it.
CREATE TABLE outbox_event (
    id            bigserial    PRIMARY KEY,
    event_id      uuid         NOT NULL REFERENCES payout_event (event_id),
    available_at  timestamptz  NOT NULL DEFAULT now(),  -- pushed into the future while a relay holds the row
    attempts      integer      NOT NULL DEFAULT 0,
    created_at    timestamptz  NOT NULL DEFAULT now()
);
CREATE INDEX outbox_event_available ON outbox_event (available_at, id);

-- Token buckets shared by all replicas, so a rate limit per MoMo account holds across instances.
CREATE TABLE rate_bucket (
    name          varchar(128) PRIMARY KEY,
    tokens        double precision NOT NULL,
    refilled_at   timestamptz  NOT NULL
);
