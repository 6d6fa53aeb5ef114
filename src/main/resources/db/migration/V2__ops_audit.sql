-- Every action taken through the ops HTTP API: who (the API key's name), what, on which payout or account, with which
-- parameters (never personal data: identifiers are masked before they get here), and how it ended.
CREATE TABLE ops_audit (
    id          bigserial    PRIMARY KEY,
    at          timestamptz  NOT NULL DEFAULT now(),
    actor       text         NOT NULL,
    action      varchar(64)  NOT NULL,
    target      text,
    parameters  text,
    result      text         NOT NULL
);
CREATE INDEX ops_audit_at ON ops_audit (at);
CREATE INDEX ops_audit_target ON ops_audit (target, id);

-- The ops API lists payouts by status (optionally by account) oldest first, with keyset paging; the metrics read
-- counts and the oldest age of unfinished payouts (UNRESOLVED included). Both use this index, never a table scan.
CREATE INDEX payout_status_created ON payout (status, created_at, reference_id);
