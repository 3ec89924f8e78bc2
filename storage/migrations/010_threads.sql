-- 010: conversations (see storage/threads.go). Every message belongs to
-- one thread of its account, found from its Message-ID, References and
-- In-Reply-To (RFC 5256's REFERENCES algorithm) or, for a reply without
-- them, its subject. The store keeps them up to date in the transaction
-- that adds or deletes messages.

-- A conversation. size counts the rows added that name it (thread_ids and
-- message_threads): when two threads merge, the smaller one's rows move.
-- (Deleting an account reads the whole table for its threads: rare enough
-- not to keep an index for it at every message stored.)
CREATE TABLE threads (
	id         INTEGER PRIMARY KEY,
	account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
	size       INTEGER NOT NULL DEFAULT 0
);

-- Every message id an account's mail has or names, with its thread: an id
-- only named (a parent not stored here, or deleted) stands for the missing
-- message, so that its replies still meet. key is a 64-bit hash of the
-- account and the id (storage/threads_link.go): a small key keeps the
-- table a fraction of the size of the ids themselves.
CREATE TABLE thread_ids (
	key       INTEGER PRIMARY KEY,
	thread_id INTEGER NOT NULL REFERENCES threads(id) ON DELETE CASCADE
);
CREATE INDEX thread_ids_thread ON thread_ids(thread_id);

-- The thread of each message. subject_key is set for messages without
-- references (a thread's start, or a reply that lost them): a hash of the
-- account and the base subject, which the subject fallback looks up;
-- reply says the subject was a reply's or a forward's.
CREATE TABLE message_threads (
	message_id  INTEGER PRIMARY KEY REFERENCES messages(id) ON DELETE CASCADE,
	thread_id   INTEGER NOT NULL,
	subject_key INTEGER,
	reply       INTEGER NOT NULL DEFAULT 0,
	date        INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX message_threads_thread ON message_threads(thread_id);
CREATE INDEX message_threads_subject ON message_threads(subject_key, reply, date) WHERE subject_key IS NOT NULL;

-- Threads some of whose messages were deleted in this transaction: those
-- left without any are removed, with their ids, before it commits. (New
-- messages need no note: they are those above the highest id in
-- message_threads, as SQLite gives a new row an id above every other.)
CREATE TABLE thread_dirty (thread_id INTEGER PRIMARY KEY);

-- BEFORE: message_threads' row goes with the message.
CREATE TRIGGER threads_message_delete BEFORE DELETE ON messages BEGIN
	INSERT OR IGNORE INTO thread_dirty(thread_id)
		SELECT thread_id FROM message_threads WHERE message_id = old.id;
END;

-- Messages stored before this version are above the highest id of an
-- empty message_threads: they are threaded when the store opens.
