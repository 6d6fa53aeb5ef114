-- The W3C trace context of the command's receive span (null while tracing is off): the spans of the later rounds
-- (MoMo calls, the outcome's publication) continue that trace although the work waits in this table in between.
ALTER TABLE payout ADD COLUMN trace_parent varchar(55);
