-- 003: what a POP3 account has downloaded. A row outlives the message: a
-- message deleted here is not downloaded again while the server keeps it.
CREATE TABLE pop3_uidls (
	account_id       TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
	uidl             TEXT NOT NULL,              -- UIDL (RFC 1939 section 7), or a header hash
	downloaded_at    INTEGER NOT NULL,           -- unix seconds
	delete_on_server INTEGER NOT NULL DEFAULT 0, -- the user deleted it here and wants it gone there
	PRIMARY KEY (account_id, uidl)
);
