-- 005: messages stored from their envelope while their body is still on
-- its way. Their full-text entry is written once, with the body, instead
-- of twice (see storage/fts.go).
CREATE TABLE fts_pending (
	message_id INTEGER PRIMARY KEY REFERENCES messages(id) ON DELETE CASCADE
);
