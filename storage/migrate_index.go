package storage

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
)

// OpenProgress hears how far a long step of opening a store has come: done
// of total messages. It is called from the goroutine that opens the
// store, now and then, and once with done == total at the end.
type OpenProgress func(done, total int)

// OpenWithProgress is Open, telling progress how far the rewrite of the
// search index that a store of an older Tern may need has come: on a
// store of tens of thousands of messages it takes a while (migration
// 009). progress may be nil.
func OpenWithProgress(path string, progress OpenProgress) (*Store, error) {
	return open(path, progress)
}

// goSteps are the migrations done in Go after their SQL file, by number.
var goSteps = map[int]func(ctx context.Context, tx *sql.Tx, progress OpenProgress) error{
	9: rewriteIndexForms,
}

// rewriteChunk is how many messages' index entries are written again in
// one statement, between two reports of progress.
const rewriteChunk = 500

// scanReport is how many messages are read between two reports of
// progress while looking for those whose entry must be written again.
const scanReport = 2000

// rewriteIndexForms writes again the index entries of the messages whose
// text has CJK characters or ß (migration 009): first it reads every
// indexed message and keeps the ids of those (a message that needs no
// change is done as soon as it is read), then it writes their entries,
// a chunk at a time. Progress counts messages done.
func rewriteIndexForms(ctx context.Context, tx *sql.Tx, progress OpenProgress) error {
	if progress == nil {
		progress = func(int, int) {}
	}
	const indexedMessages = ` FROM messages WHERE id NOT IN (SELECT message_id FROM fts_pending)`
	var total int
	if err := tx.QueryRowContext(ctx, `SELECT count(*)`+indexedMessages).Scan(&total); err != nil {
		return fmt.Errorf("storage: count indexed messages: %w", err)
	}
	if total == 0 { // a new store: nothing to do, nothing to tell
		return nil
	}
	rewrite, err := needingIndexForm(ctx, tx, `SELECT id, subject, from_name, from_addr, to_addrs, cc_addrs, coalesce(body_text, '')`+indexedMessages, total, progress)
	if err != nil {
		return err
	}
	done := total - len(rewrite)
	for start := 0; start < len(rewrite); start += rewriteChunk {
		chunk := rewrite[start:min(start+rewriteChunk, len(rewrite))]
		if err := rewriteEntries(ctx, tx, chunk); err != nil {
			return err
		}
		done += len(chunk)
		progress(done, total)
	}
	if len(rewrite) == 0 { // else the last chunk told it
		progress(total, total)
	}
	return nil
}

// needingIndexForm runs query (id and the indexed columns of each
// message) and returns the ids of the messages whose text the index is
// given changed (needsIndexForm).
func needingIndexForm(ctx context.Context, tx *sql.Tx, query string, total int, progress OpenProgress) ([]int64, error) {
	rows, err := tx.QueryContext(ctx, query)
	if err != nil {
		return nil, fmt.Errorf("storage: read messages to index: %w", err)
	}
	defer rows.Close()
	var ids []int64
	read := 0
	var id int64
	var cols [6]string
	for rows.Next() {
		if err := rows.Scan(&id, &cols[0], &cols[1], &cols[2], &cols[3], &cols[4], &cols[5]); err != nil {
			return nil, fmt.Errorf("storage: read messages to index: %w", err)
		}
		for _, c := range cols {
			if needsIndexForm(c) {
				ids = append(ids, id)
				break
			}
		}
		if read++; read%scanReport == 0 {
			progress(read-len(ids), total)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("storage: read messages to index: %w", err)
	}
	return ids, nil
}

// rewriteEntries writes again the index entries of the messages ids.
func rewriteEntries(ctx context.Context, tx *sql.Tx, ids []int64) error {
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	in := "(" + strings.TrimSuffix(strings.Repeat("?,", len(ids)), ",") + ")"
	addrs := `from_name || ' ' || from_addr || ' ' || to_addrs || ' ' || cc_addrs`
	if _, err := tx.ExecContext(ctx, `DELETE FROM messages_fts WHERE rowid IN `+in, args...); err != nil {
		return fmt.Errorf("storage: rewrite index entries: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO messages_fts(rowid, subject, addresses, body)
		SELECT id, `+indexed("subject")+`, `+indexed(addrs)+`, `+indexed("coalesce(body_text, '')")+`
		FROM messages WHERE id IN `+in, args...); err != nil {
		return fmt.Errorf("storage: rewrite index entries: %w", err)
	}
	return nil
}
