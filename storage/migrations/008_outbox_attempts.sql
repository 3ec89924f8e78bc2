-- 008: each outbox row records the attempt that claimed it. state gains
-- 'sending' (one claimed attempt is under way) and 'unknown' (the
-- connection ended after DATA's final "." and before the server's answer:
-- the message may have gone out, so it is never sent again on its own).
-- attempt_id names the claiming attempt; its holder keeps a lock file of
-- that name while it runs, so a claim whose lock is free was left by a
-- process that died. data_sent is set just before the final "." is
-- written: a dead attempt without it goes back to the queue, one with it
-- becomes 'unknown'.
ALTER TABLE outbox ADD COLUMN attempt_id TEXT NOT NULL DEFAULT '';
ALTER TABLE outbox ADD COLUMN data_sent INTEGER NOT NULL DEFAULT 0;
CREATE INDEX outbox_account_state ON outbox(account_id, state);
