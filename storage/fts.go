package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
)

// The full-text index (messages_fts, contentless FTS5) is written by the
// store rather than by row triggers. FTS5 moves its pending terms to disk at
// the start of every statement that writes to it inside a transaction, so a
// trigger per row cost one index flush per message: most of the time of
// storing a batch of bodies. Instead, a transaction notes which messages
// it added or whose text it changed, and one statement per transaction
// indexes them all just before commit (commitWriteTx). Deleting a message
// still removes its entry through the messages_fts_delete trigger.
//
// A first sync stores envelopes first and bodies a moment later; indexing
// both would write each entry twice, and the second time delete the first,
// which leaves tombstones for every later merge to filter. So messages
// stored by AddEnvelopes wait in fts_pending: the body's arrival writes
// their entry once, and IndexPending writes those whose body does not come.

// commitWriteTx runs fn in a write transaction, writes the full-text
// entries fn asked for, and commits; or rolls back on error.
func (s *Store) commitWriteTx(ctx context.Context, fn func(*writeTx) error) error {
	return s.tx(ctx, func(sqlTx *sql.Tx) error {
		tx := newWriteTx(sqlTx)
		defer tx.close()
		if err := fn(tx); err != nil {
			return err
		}
		return tx.flushIndex(ctx)
	})
}

// indexNew asks for a full-text entry for a message just inserted, or
// with deferIndex set and no body text yet, notes it in fts_pending.
func (tx *writeTx) indexNew(id int64, hasText bool) {
	if tx.deferIndex && !hasText {
		tx.pending = append(tx.pending, id)
		return
	}
	tx.index = append(tx.index, id)
}

// indexBody asks for the entry of a message whose body text was just set:
// written for the first time when it was pending, else rewritten.
func (tx *writeTx) indexBody(ctx context.Context, id int64) error {
	res, err := tx.exec(ctx, `DELETE FROM fts_pending WHERE message_id = ?`, id)
	if err != nil {
		return fmt.Errorf("storage: index message %d: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n > 0 {
		tx.index = append(tx.index, id)
	} else {
		tx.indexChanged(id)
	}
	return nil
}

// indexChanged asks for the entry of a message whose subject, addresses or
// text changed to be rewritten.
func (tx *writeTx) indexChanged(id int64) { tx.reindex = append(tx.reindex, id) }

// ftsColumns is what the index holds of a message: subject, addresses and
// body text, each in its index form (fts_text.go).
var ftsColumns = "id, " + indexed("subject") + ", " +
	indexed("from_name || ' ' || from_addr || ' ' || to_addrs || ' ' || cc_addrs") + ", " +
	indexed("coalesce(body_text, '')")

// flushIndex writes the entries asked for in this transaction.
func (tx *writeTx) flushIndex(ctx context.Context) error {
	if len(tx.pending) > 0 {
		ids, err := json.Marshal(tx.pending)
		if err != nil {
			return fmt.Errorf("storage: index: %w", err)
		}
		tx.pending = nil
		if _, err := tx.exec(ctx, `INSERT OR IGNORE INTO fts_pending(message_id) SELECT value FROM json_each(?)`, string(ids)); err != nil {
			return fmt.Errorf("storage: index later: %w", err)
		}
	}
	fresh := make(map[int64]bool, len(tx.index))
	for _, id := range tx.index {
		fresh[id] = true
	}
	var old []int64 // indexed before this transaction
	for _, id := range tx.reindex {
		if !fresh[id] {
			fresh[id] = true
			old = append(old, id)
		}
	}
	if len(old) > 0 {
		ids, err := json.Marshal(old)
		if err != nil {
			return fmt.Errorf("storage: index: %w", err)
		}
		// contentless_delete=1 lets rows be deleted by rowid alone.
		if _, err := tx.exec(ctx, `DELETE FROM messages_fts WHERE rowid IN (SELECT value FROM json_each(?))`, string(ids)); err != nil {
			return fmt.Errorf("storage: index: drop old entries: %w", err)
		}
	}
	all := make([]int64, 0, len(fresh))
	for id := range fresh {
		all = append(all, id)
	}
	tx.index, tx.reindex = nil, nil
	if len(all) == 0 {
		return nil
	}
	ids, err := json.Marshal(all)
	if err != nil {
		return fmt.Errorf("storage: index: %w", err)
	}
	if _, err := tx.exec(ctx, `INSERT INTO messages_fts(rowid, subject, addresses, body)
		SELECT `+ftsColumns+` FROM messages WHERE id IN (SELECT value FROM json_each(?))`, string(ids)); err != nil {
		return fmt.Errorf("storage: index %d messages: %w", len(all), err)
	}
	return nil
}

// IndexPending writes the full-text entries of messages stored by
// AddEnvelopes whose bodies did not come (the offline policy left them on
// the server, or the sync stopped): their subject and addresses become
// searchable.
func (s *Store) IndexPending(ctx context.Context) error {
	var waiting bool
	if err := s.db.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM fts_pending)`).Scan(&waiting); err != nil {
		return fmt.Errorf("storage: index pending messages: %w", err)
	}
	if !waiting {
		return nil
	}
	// Search results change, but nothing a subscriber shows.
	return s.inWriteTx(ctx, 0, func(tx *writeTx) error {
		if _, err := tx.exec(ctx, `INSERT INTO messages_fts(rowid, subject, addresses, body)
			SELECT `+ftsColumns+` FROM messages WHERE id IN (SELECT message_id FROM fts_pending)`); err != nil {
			return fmt.Errorf("storage: index pending messages: %w", err)
		}
		if _, err := tx.exec(ctx, `DELETE FROM fts_pending`); err != nil {
			return fmt.Errorf("storage: index pending messages: %w", err)
		}
		return nil
	})
}
