-- Retention: a finished payout older than the configured age keeps a compact row forever (its reference,
-- fingerprint, amounts, status, reason and its terminal event, so an identical command re-sent years later is still
-- a duplicate and gets the same outcome again) and loses its bulky parts: the history lines, superseded events, the
-- payee's number and free texts, the callback secret and the trace context.
ALTER TABLE payout ADD COLUMN compacted_at timestamptz;
-- The retention sweep's search: finished payouts not yet compacted, oldest first. A row leaves it once.
CREATE INDEX payout_compactable ON payout (terminal_at) WHERE terminal_at IS NOT NULL AND compacted_at IS NULL;
