-- One payout's life in the worker's own schema, one commit per state change, unbatched: intake (RECEIVED),
-- submission lease (SUBMITTING), MoMo's 202 (SUBMITTED), the final status with its event and outbox row
-- (SUCCESSFUL), and the relay deleting the published outbox row. One pgbench transaction = one payout.
\set n random(1, 9000000000000000000)
BEGIN;
INSERT INTO payout (reference_id, operation, account, amount, currency, external_id, payee_type, payee_id,
    payer_message, payee_note, fingerprint, status, callback_token, next_action_at)
VALUES (md5(:n::text)::uuid, 'DEPOSIT', 'baseline', '10', 'EUR', 'order-' || :n, 'MSISDN', '56733123453',
    'Payout', 'Thanks', md5(:n::text) || md5('f' || :n), 'RECEIVED', md5('cb' || :n), now());
INSERT INTO payout_history (reference_id, from_status, to_status, detail)
VALUES (md5(:n::text)::uuid, NULL, 'RECEIVED', 'intake');
END;
BEGIN;
UPDATE payout SET status = 'SUBMITTING', claim_token = md5('c1' || :n)::uuid,
    next_action_at = now() + interval '2 minutes', updated_at = now()
WHERE reference_id = md5(:n::text)::uuid AND status = 'RECEIVED';
INSERT INTO payout_history (reference_id, from_status, to_status, detail)
VALUES (md5(:n::text)::uuid, 'RECEIVED', 'SUBMITTING', 'leased');
END;
BEGIN;
UPDATE payout SET status = 'SUBMITTED', momo_accepted = true, post_attempts = post_attempts + 1,
    last_post_at = now(), claim_token = NULL, next_action_at = now() + interval '5 seconds', updated_at = now()
WHERE reference_id = md5(:n::text)::uuid AND status = 'SUBMITTING' AND claim_token = md5('c1' || :n)::uuid;
INSERT INTO payout_history (reference_id, from_status, to_status, momo_status, detail)
VALUES (md5(:n::text)::uuid, 'SUBMITTING', 'SUBMITTED', 'PENDING', '202');
END;
BEGIN;
UPDATE payout SET status = 'SUCCESSFUL', momo_status = 'SUCCESSFUL', financial_transaction_id = '123456789',
    status_checks = status_checks + 1, claim_token = NULL, next_action_at = NULL,
    outcome_event_id = md5('e' || :n)::uuid, terminal_at = now(), updated_at = now()
WHERE reference_id = md5(:n::text)::uuid AND status = 'SUBMITTED';
INSERT INTO payout_history (reference_id, from_status, to_status, momo_status, detail)
VALUES (md5(:n::text)::uuid, 'SUBMITTED', 'SUCCESSFUL', 'SUCCESSFUL', 'status');
INSERT INTO payout_event (event_id, reference_id, status, payload, occurred_at)
VALUES (md5('e' || :n)::uuid, md5(:n::text)::uuid, 'SUCCESSFUL', convert_to(repeat('x', 420), 'UTF8'), now());
INSERT INTO outbox_event (event_id, reference_id) VALUES (md5('e' || :n)::uuid, md5(:n::text)::uuid);
END;
DELETE FROM outbox_event WHERE event_id = md5('e' || :n)::uuid;
