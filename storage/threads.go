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
//     an id only named stands for the missing message (step 1's dummy), so
//     two replies to a message not stored here still meet. A message whose
//     ids belong to two threads joins them: a late parent merges the
//     threads of its replies. Linking ids to threads rather than messages
//     to parents has no loops to break (a message naming itself or a loop
//     of References is just more ids of the same thread).
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
// thread with no message left is removed with its ids.
//
// Hostile input stays bounded: a message contributes its own id and at
// most the first and last maxThreadRefs of its references, each at most
// maxThreadIDLen bytes, and the subject fallback looks at a few
// candidates only.
//
// All of it happens in the transaction that adds, moves or deletes
// messages: triggers (migration 010) note new messages in thread_new and
// threads whose messages moved or went in thread_dirty, and flushThreads,
// run before the transaction commits, does the work they noted.

// flushThreads threads the messages added in this transaction and brings
// up to date the threads whose messages were added, moved or deleted.
func (tx *writeTx) flushThreads(ctx context.Context) error {
	var work bool
	if err := tx.queryRow(ctx, `SELECT EXISTS (SELECT 1 FROM thread_new) OR EXISTS (SELECT 1 FROM thread_dirty)`).Scan(&work); err != nil {
		return fmt.Errorf("storage: threads: %w", err)
	}
	if !work {
		return nil
	}
	st := &threadState{tx: tx, dirty: map[int64]bool{}, moved: map[int64]int64{}}
	if err := st.linkNew(ctx); err != nil {
		return err
	}
	return st.refresh(ctx)
}

// threadBacklog threads the messages a migration left in thread_new (those
// stored before conversations were kept), when the store opens.
func (s *Store) threadBacklog(ctx context.Context) error {
	var waiting bool
	if err := s.db.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM thread_new)`).Scan(&waiting); err != nil {
		return fmt.Errorf("storage: threads: %w", err)
	}
	if !waiting {
		return nil
	}
	return s.inWriteTx(ctx, ChangeMessages, func(*writeTx) error { return nil })
}

// threadState is the work of one flushThreads: which threads changed,
// and which merged into which.
type threadState struct {
	tx    *writeTx
	dirty map[int64]bool  // threads whose folders and dates are to be read again
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
// larger, so that over many merges each id moves few times.
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
	delete(st.dirty, gone)
	st.dirty[keep] = true
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
