-- Money controls: approval above a threshold, cancel before submission, scheduled payouts (docs/operations.md,
-- "Money controls"). Widening a varchar is a catalogue change only: no table rewrite.
ALTER TABLE payout ALTER COLUMN status TYPE varchar(24);
ALTER TABLE payout_history ALTER COLUMN from_status TYPE varchar(24);
ALTER TABLE payout_history ALTER COLUMN to_status TYPE varchar(24);

-- NOT VALID then VALIDATE: the check is added without holding the table's write lock while existing rows are read.
ALTER TABLE payout DROP CONSTRAINT payout_status_check;
ALTER TABLE payout ADD CONSTRAINT payout_status_check CHECK (status IN
    ('RECEIVED', 'AWAITING_APPROVAL', 'SUBMITTING', 'SUBMITTED', 'SUCCESSFUL', 'FAILED', 'REJECTED', 'UNRESOLVED',
     'CANCELLED')) NOT VALID;
ALTER TABLE payout VALIDATE CONSTRAINT payout_status_check;

ALTER TABLE payout
    ADD COLUMN not_before          timestamptz,  -- the command's notBefore: no MoMo call before it
    ADD COLUMN released_at         timestamptz,  -- when the payout became free to submit, if later than created_at
    ADD COLUMN approvals_required  smallint     NOT NULL DEFAULT 0,  -- distinct approvers it waits for
    ADD COLUMN controls_cleared    boolean      NOT NULL DEFAULT false,  -- approved: no control holds it again
    ADD COLUMN limits_counted      boolean      NOT NULL DEFAULT false;  -- its amount is in the day's usage

-- Payouts waiting for approval, by their approval deadline (next_action_at): the expiry sweep's search.
CREATE INDEX payout_awaiting_approval ON payout (next_action_at) WHERE status = 'AWAITING_APPROVAL';

-- One row per person who approved a payout; the primary key makes the same person count once.
CREATE TABLE payout_approval (
    reference_id  uuid         NOT NULL REFERENCES payout (reference_id),
    approver      text         NOT NULL,
    approved_at   timestamptz  NOT NULL DEFAULT now(),
    PRIMARY KEY (reference_id, approver)
);

-- Every cancel asked for, kept whether or not its payout exists yet: a command arriving after its cancel is not paid.
CREATE TABLE payout_cancel_request (
    reference_id  uuid         PRIMARY KEY,
    reason        text         NOT NULL,
    requested_by  text         NOT NULL,  -- "topic <name>" or the ops API key's holder
    requested_at  timestamptz  NOT NULL DEFAULT now()
);

-- Velocity limits: what each payee and each account was paid out per day, per currency. A scope is a hash (never
-- the payee's number). Rows are only written for accounts with limits; a sweep deletes those of past days.
CREATE TABLE control_usage (
    scope     varchar(80)  NOT NULL,  -- 'payee:<sha-256>' or 'account:<name>', with the currency
    day       date         NOT NULL,
    count     integer      NOT NULL DEFAULT 0,
    amount    numeric      NOT NULL DEFAULT 0,
    PRIMARY KEY (scope, day)
);

-- Suspected duplicates: payouts recently let through to a payee, for accounts with the duplicate hold on.
CREATE TABLE control_recent_payout (
    scope         varchar(80)  NOT NULL,  -- 'payee:<sha-256>' with the currency
    amount        numeric      NOT NULL,
    reference_id  uuid         NOT NULL,
    at            timestamptz  NOT NULL DEFAULT now(),
    PRIMARY KEY (scope, reference_id)
);
CREATE INDEX control_recent_payout_at ON control_recent_payout (at);
