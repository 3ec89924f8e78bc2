-- 001: the first schema of the Tern store.
--
-- Every row belongs to an account; deleting the account row deletes all of
-- its folders, messages, bodies references, pending actions and outbox rows
-- through ON DELETE CASCADE.

CREATE TABLE accounts (
	id      TEXT PRIMARY KEY,          -- stable account id from the account config
	address TEXT NOT NULL
);

CREATE TABLE folders (
	id             INTEGER PRIMARY KEY,
	account_id     TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
	name           TEXT NOT NULL,      -- full name as the server spells it (IMAP) or local name
	delimiter      TEXT NOT NULL DEFAULT '/',
	role           TEXT NOT NULL DEFAULT '', -- inbox, sent, drafts, trash, junk, archive or ''
	subscribed     INTEGER NOT NULL DEFAULT 1,
	local_only     INTEGER NOT NULL DEFAULT 0, -- 1: exists only on this computer (POP3, pending create)
	uidvalidity    INTEGER NOT NULL DEFAULT 0, -- RFC 9051 section 2.3.1.1
	uidnext        INTEGER NOT NULL DEFAULT 0,
	highestmodseq  INTEGER NOT NULL DEFAULT 0, -- RFC 7162 (CONDSTORE)
	synced_at      INTEGER NOT NULL DEFAULT 0, -- unix seconds of the last complete sync
	UNIQUE (account_id, name)
);

-- Raw RFC 5322 bytes, stored once however many messages point at them.
CREATE TABLE bodies (
	id     INTEGER PRIMARY KEY,
	sha256 TEXT NOT NULL UNIQUE,
	size   INTEGER NOT NULL,
	raw    BLOB NOT NULL
);

CREATE TABLE messages (
	id              INTEGER PRIMARY KEY,   -- the stable local id shown by the CLI
	account_id      TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
	folder_id       INTEGER NOT NULL REFERENCES folders(id) ON DELETE CASCADE,
	uid             INTEGER,               -- IMAP UID within folder_id's UIDVALIDITY
	uidl            TEXT,                  -- POP3 UIDL (RFC 1939 section 7)
	message_id      TEXT NOT NULL DEFAULT '',
	in_reply_to     TEXT NOT NULL DEFAULT '',
	refs            TEXT NOT NULL DEFAULT '', -- References, space separated
	thread_key      TEXT NOT NULL DEFAULT '',
	date            INTEGER NOT NULL DEFAULT 0, -- unix seconds
	subject         TEXT NOT NULL DEFAULT '',
	from_name       TEXT NOT NULL DEFAULT '',
	from_addr       TEXT NOT NULL DEFAULT '',
	to_addrs        TEXT NOT NULL DEFAULT '',
	cc_addrs        TEXT NOT NULL DEFAULT '',
	seen            INTEGER NOT NULL DEFAULT 0,
	flagged         INTEGER NOT NULL DEFAULT 0,
	answered        INTEGER NOT NULL DEFAULT 0,
	draft           INTEGER NOT NULL DEFAULT 0,
	deleted         INTEGER NOT NULL DEFAULT 0,
	keywords        TEXT NOT NULL DEFAULT '',  -- other IMAP keywords, space separated
	size            INTEGER NOT NULL DEFAULT 0,
	has_attachments INTEGER NOT NULL DEFAULT 0,
	parse_warning   TEXT NOT NULL DEFAULT '',
	snippet         TEXT NOT NULL DEFAULT '',
	body_id         INTEGER REFERENCES bodies(id),
	added_at        INTEGER NOT NULL DEFAULT 0,
	body_text       TEXT                       -- last: large, read only for search and show
);
CREATE UNIQUE INDEX messages_folder_uid ON messages(folder_id, uid) WHERE uid IS NOT NULL;
CREATE INDEX messages_folder_date ON messages(folder_id, date DESC, id DESC);
CREATE INDEX messages_account_date ON messages(account_id, date DESC, id DESC);
CREATE INDEX messages_uidl ON messages(account_id, uidl) WHERE uidl IS NOT NULL;
CREATE INDEX messages_thread ON messages(account_id, thread_key);
CREATE INDEX messages_msgid ON messages(message_id);
CREATE INDEX messages_body ON messages(body_id);

CREATE TABLE attachments (
	id           INTEGER PRIMARY KEY,
	message_id   INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
	idx          INTEGER NOT NULL,
	filename     TEXT NOT NULL,   -- already sanitised: a base name, safe to create
	content_type TEXT NOT NULL,
	size         INTEGER NOT NULL,
	content_id   TEXT NOT NULL DEFAULT '',
	inline       INTEGER NOT NULL DEFAULT 0,
	UNIQUE (message_id, idx)
);

-- Actions taken locally and not yet applied on the server, in order.
CREATE TABLE pending_actions (
	id           INTEGER PRIMARY KEY,
	account_id   TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
	kind         TEXT NOT NULL,
	folder       TEXT NOT NULL DEFAULT '',  -- server folder name the action applies to
	uidvalidity  INTEGER NOT NULL DEFAULT 0,
	uid          INTEGER NOT NULL DEFAULT 0,
	message_id   INTEGER,                   -- local message, if any (not a foreign key: it may be gone)
	args         TEXT NOT NULL DEFAULT '{}',-- JSON, kind specific
	attempts     INTEGER NOT NULL DEFAULT 0,
	next_attempt INTEGER NOT NULL DEFAULT 0,
	last_error   TEXT NOT NULL DEFAULT '',
	created_at   INTEGER NOT NULL
);
CREATE INDEX pending_actions_account ON pending_actions(account_id, id);

-- Messages waiting to be sent. state: queued, sent (accepted by the server,
-- copy to Sent still to do) or failed (permanent error, needs the user).
CREATE TABLE outbox (
	id           INTEGER PRIMARY KEY,
	account_id   TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
	state        TEXT NOT NULL DEFAULT 'queued',
	mail_from    TEXT NOT NULL,
	recipients   TEXT NOT NULL,            -- JSON array of addresses (To, Cc and Bcc)
	raw          BLOB NOT NULL,
	attempts     INTEGER NOT NULL DEFAULT 0,
	next_attempt INTEGER NOT NULL DEFAULT 0,
	last_error   TEXT NOT NULL DEFAULT '',
	created_at   INTEGER NOT NULL
);

-- Full-text index over subject, addresses and body text. Contentless: the
-- text lives in messages; the triggers below keep the index in step.
CREATE VIRTUAL TABLE messages_fts USING fts5(
	subject, addresses, body,
	content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2'
);

CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages BEGIN
	INSERT INTO messages_fts(rowid, subject, addresses, body) VALUES (
		new.id, new.subject,
		new.from_name || ' ' || new.from_addr || ' ' || new.to_addrs || ' ' || new.cc_addrs,
		coalesce(new.body_text, ''));
END;

CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN
	DELETE FROM messages_fts WHERE rowid = old.id;
END;

CREATE TRIGGER messages_fts_update AFTER UPDATE OF subject, from_name, from_addr, to_addrs, cc_addrs, body_text ON messages BEGIN
	DELETE FROM messages_fts WHERE rowid = old.id;
	INSERT INTO messages_fts(rowid, subject, addresses, body) VALUES (
		new.id, new.subject,
		new.from_name || ' ' || new.from_addr || ' ' || new.to_addrs || ' ' || new.cc_addrs,
		coalesce(new.body_text, ''));
END;

-- Bodies no message points at any more are removed.
CREATE TRIGGER bodies_gc AFTER DELETE ON messages
WHEN old.body_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM messages WHERE body_id = old.body_id) BEGIN
	DELETE FROM bodies WHERE id = old.body_id;
END;
