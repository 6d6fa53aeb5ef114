-- What the payout's decisions need beyond V1 (see PayoutSnapshot).
ALTER TABLE payout
    ADD COLUMN attempts_not_executed   integer     NOT NULL DEFAULT 0, -- POST intents MoMo certainly did not execute
    ADD COLUMN pending_refusal_code    text,       -- a refusal after a maybe-executed attempt, not yet confirmed
    ADD COLUMN pending_refusal_message text,
    ADD COLUMN not_found_since         timestamptz, -- start of the current unbroken run of 404 status answers
    ADD COLUMN failed_rounds           integer     NOT NULL DEFAULT 0; -- rounds in a row without progress

-- Repeated identical history lines (the same retry over and over) are counted on the last line, not appended.
ALTER TABLE payout_history
    ADD COLUMN repeats integer     NOT NULL DEFAULT 0,
    ADD COLUMN last_at timestamptz;

-- The outbox publishes a reference's events in the order they were queued: a row waits while an older row of the
-- same reference is still queued (or being sent).
ALTER TABLE outbox_event ADD COLUMN reference_id uuid;
UPDATE outbox_event o SET reference_id = e.reference_id FROM payout_event e WHERE e.event_id = o.event_id;
ALTER TABLE outbox_event ALTER COLUMN reference_id SET NOT NULL;
CREATE INDEX outbox_event_reference ON outbox_event (reference_id, id);

-- The float guard's view of each account's float, shared by all replicas: the last balance reading minus what MoMo
-- may still pay (spendable), and what payouts started since that reading took from it (reserved).
CREATE TABLE float_state (
    account    text         NOT NULL,
    currency   text         NOT NULL,
    spendable  numeric,                         -- null: unknown (a failed reading holds nothing)
    reserved   numeric      NOT NULL DEFAULT 0,
    read_at    timestamptz,
    PRIMARY KEY (account, currency)
);
