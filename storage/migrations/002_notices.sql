-- 002: things the user must be told, such as a server refusing an action
-- taken offline. The window shows unseen notices; `tern sync` prints them.
CREATE TABLE notices (
	id         INTEGER PRIMARY KEY,
	account_id TEXT REFERENCES accounts(id) ON DELETE CASCADE,
	created_at INTEGER NOT NULL,
	text       TEXT NOT NULL,
	seen       INTEGER NOT NULL DEFAULT 0
);
