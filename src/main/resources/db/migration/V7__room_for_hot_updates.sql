-- Room on every new page of payout for its updates that change no indexed column (the POST intent, the counters):
-- PostgreSQL then keeps the new row version on the same page and writes no index entry for it (a HOT update).
-- Existing pages keep their layout until they are rewritten.
ALTER TABLE payout SET (fillfactor = 80);
