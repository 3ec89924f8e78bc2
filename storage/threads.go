package storage

import (
	"context"
	"encoding/json"
	"fmt"
)

// Conversations (threads) group each message with the mail it answers and
// the mail that answers it, across the folders of its account: a reply
// filed in Sent joins the conversation of the message it replies to in the
// Inbox. The groups are those of RFC 5256 section 3's REFERENCES
// algorithm, kept as they change rather than computed per folder:
//
//   - Step 1 links a message with the ids of its References, or, without
//     them, the first id of its In-Reply-To. Here every id a message has
//     or names belongs to exactly one thread of its account (thread_ids);
//     an id only named stands for the missing message (step 1's dummy),
//     so two replies to a message not stored here still meet. A message
//     whose ids belong to two threads joins them: a late parent
//     merges the threads of its replies. Linking ids to threads rather
//     than messages to parents has no loops to break (a message naming
//     itself or a loop of References is just more ids of the same
//     thread).
//   - Step 5 gathers threads by subject. Here only a reply or forward
//     without any references (its subject said "Re:" or "Fwd:") is joined
//     by its subject, to the conversation started by the nearest earlier
//     message with the same base subject (RFC 5256 section 2.1) and no
//     references, at most subjectWindow before it; one starting message
//     never joins another by subject alone.
//
// Threads never span accounts: an id is looked up in its own account's
// mail only, where the user's replies are filed. The same message in two
// accounts (a list mail to both addresses) would otherwise be one
// conversation twice over, and one account's mail would show in another's
// conversation, which could not be moved or answered from there.
//
// A message stays in its thread until it is deleted; deleting one never
// splits a conversation (its id stays with the thread, as step 1 keeps a
// dummy for it, and replies name their whole chain in References). A
// thread with no message left is removed with its ids. Moving a message
// changes nothing here: a conversation is in the folders its messages are
// in, read when it is listed.
//
// Where RFC 5256 builds a tree, this keeps only which conversation each
// message is in: what a list of conversations and the messages of one
// (oldest first) need.
//
// Hostile input stays bounded: a message contributes its own id and at
// most the first and last maxThreadRefs of its references, each at most
// maxThreadIDLen bytes, and the subject fallback looks at a few
// candidates only.
//
// All of it happens in the transaction that adds or deletes messages:
// flushThreads, run before the transaction commits, threads the messages
// above the highest id threaded so far (the new ones) and removes the
// threads the trigger of migration 010 noted in thread_dirty that have no
// message left.

// flushThreads threads the messages added in this transaction and removes
// the threads its deletions left empty.
func (tx *writeTx) flushThreads(ctx context.Context) error {
	var added, deleted bool
	if err := tx.queryRow(ctx, `SELECT EXISTS (SELECT 1 FROM messages WHERE id > `+threadedUpTo+`),
		EXISTS (SELECT 1 FROM thread_dirty)`).Scan(&added, &deleted); err != nil {
		return fmt.Errorf("storage: threads: %w", err)
	}
	if added {
		st := &threadState{tx: tx, moved: map[int64]int64{}}
		if err := st.linkNew(ctx); err != nil {
			return err
		}
	}
	if deleted {
		return tx.dropEmptyThreads(ctx)
	}
	return nil
}

// dropEmptyThreads removes the threads noted in thread_dirty that have no
// message left, and with them their ids (ON DELETE CASCADE).
func (tx *writeTx) dropEmptyThreads(ctx context.Context) error {
	for _, q := range []string{
		`DELETE FROM threads WHERE id IN (SELECT thread_id FROM thread_dirty)
			AND NOT EXISTS (SELECT 1 FROM message_threads WHERE thread_id = threads.id)`,
		`DELETE FROM thread_dirty`,
	} {
		if _, err := tx.exec(ctx, q); err != nil {
			return fmt.Errorf("storage: threads: remove empty ones: %w", err)
		}
	}
	return nil
}

// threadedUpTo is the highest message id threaded so far. SQLite gives a
// new row an id above every other in its table, so the messages above it
// are those added since.
const threadedUpTo = `(SELECT coalesce(max(message_id), 0) FROM message_threads)`

// threadBacklog threads the messages stored before conversations were kept
// (by a Tern before migration 010), when the store opens.
func (s *Store) threadBacklog(ctx context.Context) error {
	var waiting bool
	if err := s.db.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM messages WHERE id > `+threadedUpTo+`)`).Scan(&waiting); err != nil {
		return fmt.Errorf("storage: threads: %w", err)
	}
	if !waiting {
		return nil
	}
	return s.inWriteTx(ctx, ChangeMessages, func(*writeTx) error { return nil })
}

// threadState is the work of one flushThreads: which threads merged into
// which.
type threadState struct {
	tx    *writeTx
	moved map[int64]int64 // thread merged away → the thread it went into
}

// resolve returns the thread id t stands for now, after merges.
func (st *threadState) resolve(t int64) int64 {
	for {
		n, ok := st.moved[t]
		if !ok {
			return t
		}
		t = n
	}
}

// merge joins threads a and b and returns the one that is left: the
// larger, so that over many merges each row moves few times.
func (st *threadState) merge(ctx context.Context, a, b int64) (int64, error) {
	a, b = st.resolve(a), st.resolve(b)
	if a == b {
		return a, nil
	}
	var sa, sb int64
	if err := st.tx.queryRow(ctx, `SELECT (SELECT size FROM threads WHERE id = ?), (SELECT size FROM threads WHERE id = ?)`, a, b).Scan(&sa, &sb); err != nil {
		return 0, fmt.Errorf("storage: merge threads %d and %d: %w", a, b, err)
	}
	keep, gone := a, b
	if sb > sa || (sb == sa && b < a) {
		keep, gone = b, a
	}
	for _, q := range []string{
		`UPDATE thread_ids SET thread_id = ?1 WHERE thread_id = ?2`,
		`UPDATE message_threads SET thread_id = ?1 WHERE thread_id = ?2`,
		`UPDATE threads SET size = size + (SELECT size FROM threads WHERE id = ?2) WHERE id = ?1`,
		`DELETE FROM threads WHERE id = ?2`,
	} {
		if _, err := st.tx.exec(ctx, q, keep, gone); err != nil {
			return 0, fmt.Errorf("storage: merge thread %d into %d: %w", gone, keep, err)
		}
	}
	st.moved[gone] = keep
	return keep, nil
}

// jsonArg encodes v as a JSON text for json_each.
func jsonArg(v any) (string, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return "", fmt.Errorf("storage: threads: %w", err)
	}
	return string(b), nil
}
