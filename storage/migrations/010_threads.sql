-- 010: conversations (see storage/threads.go). Every message belongs to
-- one thread of its account, found from its Message-ID, References and
-- In-Reply-To (RFC 5256's REFERENCES algorithm) or, for a reply without
-- them, its subject. The store keeps them up to date in the transaction
-- that adds, moves or deletes messages.

-- A conversation. size counts the message ids linked to it (thread_ids):
-- when two threads merge, the smaller one's rows move.
CREATE TABLE threads (
	id         INTEGER PRIMARY KEY,
	account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
	size       INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX threads_account ON threads(account_id);

-- Every message id an account's mail has or names, with its thread: ids
-- only named (a parent not stored here) stand for the missing message, so
-- that its replies still meet.
CREATE TABLE thread_ids (
	account_id TEXT NOT NULL,
	msgid      TEXT NOT NULL,
	thread_id  INTEGER NOT NULL REFERENCES threads(id) ON DELETE CASCADE,
	PRIMARY KEY (account_id, msgid)
) WITHOUT ROWID;
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

-- The folders each thread has messages in, with the date a list of that
-- folder sorts it by: its newest message there or in any of the
-- account's folders but Trash and Junk. A page of conversations is read
-- from here in the order of this index.
CREATE TABLE thread_folders (
	folder_id INTEGER NOT NULL REFERENCES folders(id) ON DELETE CASCADE,
	thread_id INTEGER NOT NULL REFERENCES threads(id) ON DELETE CASCADE,
	newest    INTEGER NOT NULL,
	PRIMARY KEY (folder_id, thread_id)
) WITHOUT ROWID;
CREATE INDEX thread_folders_newest ON thread_folders(folder_id, newest DESC, thread_id DESC);
CREATE INDEX thread_folders_thread ON thread_folders(thread_id);

-- Work for the end of the transaction: messages to thread, and threads
-- whose messages moved or went. Whatever statement adds, moves or deletes
-- a message, these triggers note it.
CREATE TABLE thread_new (message_id INTEGER PRIMARY KEY);
CREATE TABLE thread_dirty (thread_id INTEGER PRIMARY KEY);

CREATE TRIGGER threads_message_insert AFTER INSERT ON messages BEGIN
	INSERT OR IGNORE INTO thread_new(message_id) VALUES (new.id);
END;

CREATE TRIGGER threads_message_move AFTER UPDATE OF folder_id ON messages
WHEN old.folder_id IS NOT new.folder_id BEGIN
	INSERT OR IGNORE INTO thread_dirty(thread_id)
		SELECT thread_id FROM message_threads WHERE message_id = new.id;
END;

-- BEFORE: message_threads' row goes with the message.
CREATE TRIGGER threads_message_delete BEFORE DELETE ON messages BEGIN
	INSERT OR IGNORE INTO thread_dirty(thread_id)
		SELECT thread_id FROM message_threads WHERE message_id = old.id;
END;

-- Messages stored before this version are threaded when the store opens.
INSERT INTO thread_new(message_id) SELECT id FROM messages;
