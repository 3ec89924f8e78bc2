package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// Outbox states. A row goes queued → sending (one claimed attempt, see
// ClaimOutgoing) → sent, back to queued (a failure that may pass), failed,
// or unknown.
const (
	OutboxQueued  = "queued"  // waiting to be sent
	OutboxSending = "sending" // one attempt has claimed it and runs
	OutboxSent    = "sent"    // accepted by the server; the Sent copy is still to be filed
	OutboxFailed  = "failed"  // refused for good; needs the user
	// OutboxUnknown: the connection ended (or Tern died) after DATA's
	// final "." and before the server's answer. The message may have gone
	// out; it is never sent again unless the person says so.
	OutboxUnknown = "unknown"
)

// Outgoing is one outbox row.
type Outgoing struct {
	ID          int64
	AccountID   string
	State       string
	From        string
	Recipients  []string
	Raw         []byte
	Attempts    int
	NextAttempt time.Time // zero: due now
	LastError   string
}

// outgoingColumns are the columns scanOutgoing reads.
const outgoingColumns = `id, account_id, state, mail_from, recipients, raw, attempts, next_attempt, last_error`

// scanOutgoing reads one row of outgoingColumns.
func scanOutgoing(r rowScanner) (Outgoing, error) {
	var o Outgoing
	var rcpts string
	var next int64
	if err := r.Scan(&o.ID, &o.AccountID, &o.State, &o.From, &rcpts, &o.Raw, &o.Attempts, &next, &o.LastError); err != nil {
		return o, err
	}
	if err := json.Unmarshal([]byte(rcpts), &o.Recipients); err != nil {
		return o, fmt.Errorf("storage: outgoing %d: recipients: %w", o.ID, err)
	}
	if next > 0 {
		o.NextAttempt = time.Unix(next, 0)
	}
	return o, nil
}

// OutgoingByID returns one outbox row, or ErrNotFound once it is gone
// (filed as sent, or cancelled).
func (s *Store) OutgoingByID(ctx context.Context, id int64) (Outgoing, error) {
	o, err := scanOutgoing(s.db.QueryRowContext(ctx, `SELECT `+outgoingColumns+` FROM outbox WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return o, fmt.Errorf("storage: outgoing %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return o, fmt.Errorf("storage: outgoing %d: %w", id, err)
	}
	return o, nil
}

// QueueOutgoing puts a message in the outbox and returns its row id.
func (s *Store) QueueOutgoing(ctx context.Context, accountID, from string, rcpts []string, raw []byte) (int64, error) {
	r, err := json.Marshal(rcpts)
	if err != nil {
		return 0, err
	}
	var id int64
	err = s.inWriteTx(ctx, ChangeOutbox, func(tx *writeTx) error {
		res, err := tx.exec(ctx, `INSERT INTO outbox(account_id, state, mail_from, recipients, raw, created_at) VALUES(?, ?, ?, ?, ?, ?)`,
			accountID, OutboxQueued, from, string(r), raw, time.Now().Unix())
		if err != nil {
			return fmt.Errorf("storage: queue outgoing: %w", err)
		}
		id, err = res.LastInsertId()
		return err
	})
	return id, err
}

// Outbox returns an account's outbox rows in the order they were queued
// ("" for every account).
func (s *Store) Outbox(ctx context.Context, accountID string) ([]Outgoing, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+outgoingColumns+`
		FROM outbox WHERE ? = '' OR account_id = ? ORDER BY id`, accountID, accountID)
	if err != nil {
		return nil, fmt.Errorf("storage: outbox: %w", err)
	}
	defer rows.Close()
	var out []Outgoing
	for rows.Next() {
		o, err := scanOutgoing(rows)
		if err != nil {
			return nil, fmt.Errorf("storage: outbox: %w", err)
		}
		out = append(out, o)
	}
	return out, rows.Err()
}

// MarkOutgoingSent records that the server accepted a message. It is the
// first thing done after acceptance, so a crash afterwards never sends it
// again.
func (s *Store) MarkOutgoingSent(ctx context.Context, id int64) error {
	return s.execWrite(ctx, ChangeOutbox, fmt.Sprintf("mark outgoing %d sent", id),
		`UPDATE outbox SET state = ?, last_error = '' WHERE id = ?`, OutboxSent, id)
}

// FileSent stores a sent message's copy in the Sent folder (read) and
// removes its outbox row, in one transaction; a row already gone (filed by
// another sender) is no error. With queue set, an append
// action takes the copy to the server's Sent folder too.
func (s *Store) FileSent(ctx context.Context, id, sentFolderID int64, queue bool) error {
	return s.inWriteTx(ctx, ChangeOutbox|ChangeMessages|ChangeFolders|ChangeActions, func(tx *writeTx) error {
		var raw []byte
		var account string
		err := tx.queryRow(ctx, `SELECT raw, account_id FROM outbox WHERE id = ?`, id).Scan(&raw, &account)
		if errors.Is(err, sql.ErrNoRows) {
			return nil // another sender filed it meanwhile
		}
		if err != nil {
			return fmt.Errorf("storage: outgoing %d: %w", id, err)
		}
		mid, err := addOne(ctx, tx, account, sentFolderID, &NewMessage{Raw: raw, Flags: Flags{Seen: true}, Received: time.Now()})
		if err != nil {
			return err
		}
		if queue {
			if err := queueAppend(ctx, tx, account, sentFolderID, mid, []string{`\Seen`}, 0); err != nil {
				return err
			}
		}
		_, err = tx.exec(ctx, `DELETE FROM outbox WHERE id = ?`, id)
		return err
	})
}

// queueAppend queues an APPEND of local message mid to its folder.
func queueAppend(ctx context.Context, tx *writeTx, account string, folderID, mid int64, flags []string, replaceUID uint32) error {
	var name string
	var validity uint32
	if err := tx.queryRow(ctx, `SELECT name, uidvalidity FROM folders WHERE id = ?`, folderID).Scan(&name, &validity); err != nil {
		return fmt.Errorf("storage: append to folder %d: %w", folderID, err)
	}
	return queueAction(ctx, tx, Action{AccountID: account, Kind: ActionAppend, Folder: name, UIDValidity: validity,
		UID: replaceUID, MessageID: mid, Args: ActionArgs{Add: flags, Dest: name, DestFolderID: folderID}})
}

// RetryOutgoing records a failure of queued row id that may pass; it is
// tried again at next. (Senders record theirs through their Claim.)
func (s *Store) RetryOutgoing(ctx context.Context, id int64, cause string, next time.Time) error {
	return s.execWrite(ctx, ChangeOutbox, fmt.Sprintf("retry outgoing %d", id),
		`UPDATE outbox SET attempts = attempts + 1, last_error = ?, next_attempt = ? WHERE id = ? AND state = ?`,
		cause, next.Unix(), id, OutboxQueued)
}

// SaveDraft stores a draft in the Drafts folder (flagged \Draft, read),
// replacing the previous version replaceID (0 for none), and with queue set
// sends it to the server's Drafts folder later. It returns the new local id.
func (s *Store) SaveDraft(ctx context.Context, draftsFolderID int64, raw []byte, replaceID int64, queue bool) (int64, error) {
	var id int64
	err := s.inWriteTx(ctx, ChangeMessages|ChangeFolders|ChangeActions, func(tx *writeTx) error {
		var account string
		if err := tx.queryRow(ctx, `SELECT account_id FROM folders WHERE id = ?`, draftsFolderID).Scan(&account); err != nil {
			return fmt.Errorf("storage: drafts folder %d: %w", draftsFolderID, err)
		}
		var oldUID uint32
		if replaceID != 0 {
			var u sql.NullInt64
			err := tx.queryRow(ctx, `SELECT uid FROM messages WHERE id = ? AND folder_id = ?`, replaceID, draftsFolderID).Scan(&u)
			if err != nil && !errors.Is(err, sql.ErrNoRows) {
				return err
			}
			oldUID = uint32(u.Int64)
			if _, err := tx.exec(ctx, `DELETE FROM messages WHERE id = ?`, replaceID); err != nil {
				return err
			}
			// An append of the old version still waiting: the new one
			// replaces it.
			if _, err := tx.exec(ctx, `DELETE FROM pending_actions WHERE kind = ? AND message_id = ?`, ActionAppend, replaceID); err != nil {
				return err
			}
		}
		var err error
		id, err = addOne(ctx, tx, account, draftsFolderID, &NewMessage{Raw: raw, Flags: Flags{Seen: true, Draft: true}, Received: time.Now()})
		if err != nil {
			return err
		}
		if queue {
			return queueAppend(ctx, tx, account, draftsFolderID, id, []string{`\Seen`, `\Draft`}, oldUID)
		}
		return nil
	})
	return id, err
}

// ErrAlreadySent means an outbox row is no longer waiting: it went out.
var ErrAlreadySent = errors.New("the message has been sent already")

// CancelOutgoing takes a message that waits, failed, or whose fate is
// unknown out of the outbox. One an attempt is sending cannot be taken.
func (s *Store) CancelOutgoing(ctx context.Context, id int64) error {
	return s.inWriteTx(ctx, ChangeOutbox, func(tx *writeTx) error {
		res, err := tx.exec(ctx, `DELETE FROM outbox WHERE id = ? AND state IN (?, ?, ?)`, id, OutboxQueued, OutboxFailed, OutboxUnknown)
		if err != nil {
			return fmt.Errorf("storage: cancel outgoing %d: %w", id, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("storage: cancel outgoing %d: %w", id, ErrAlreadySent)
		}
		return nil
	})
}
