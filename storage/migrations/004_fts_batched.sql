-- 004: the store writes full-text entries itself, once per transaction
-- (see storage/fts.go): FTS5 flushed its pending terms at every statement
-- that fired these triggers, one flush per message stored. The delete
-- trigger stays.
DROP TRIGGER messages_fts_insert;
DROP TRIGGER messages_fts_update;
