package storage

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/tern-mail/tern/assets/i18n"
)

// ErrClaimed means another attempt (in this process or another) has taken
// an outbox row, or the row is no longer queued: the caller leaves it.
var ErrClaimed = errors.New("the message is being sent by another attempt or is no longer queued")

// ErrClaimLost means an attempt's row was settled by someone else while
// it ran; the attempt's result is not recorded.
var ErrClaimLost = errors.New("the attempt no longer holds the message")

// Claim is one attempt at sending an outbox row, held by this process
// from ClaimOutgoing until Release. While it is held, the row is in state
// 'sending' with the attempt's id, and a lock file of that name is locked.
type Claim struct {
	s       *Store
	ID      int64 // the outbox row
	attempt string
	lock    *os.File
}

// attemptDir is where the lock files of running attempts live.
func (s *Store) attemptDir() string { return filepath.Join(filepath.Dir(s.path), "outbox-attempts") }

// attemptPath is the lock file of one attempt.
func (s *Store) attemptPath(attempt string) string {
	return filepath.Join(s.attemptDir(), attempt+".lock")
}

// ClaimOutgoing takes queued row id for one sending attempt: its lock file
// is locked first, then the row goes from 'queued' to 'sending' in one
// statement, so that of any number of senders (in any number of
// processes) exactly one gets it. The others get ErrClaimed.
func (s *Store) ClaimOutgoing(ctx context.Context, id int64) (*Claim, error) {
	var b [12]byte
	if _, err := rand.Read(b[:]); err != nil {
		return nil, fmt.Errorf("storage: claim outgoing %d: %w", id, err)
	}
	attempt := hex.EncodeToString(b[:])
	if err := os.MkdirAll(s.attemptDir(), 0o700); err != nil {
		return nil, fmt.Errorf("storage: claim outgoing %d: %w", id, err)
	}
	lock, held, err := lockAttempt(s.attemptPath(attempt))
	if err != nil {
		return nil, err
	}
	if held {
		return nil, fmt.Errorf("storage: claim outgoing %d: attempt %s: %w", id, attempt, ErrClaimed)
	}
	res, err := s.db.ExecContext(ctx, `UPDATE outbox SET state = ?, attempt_id = ?, data_sent = 0 WHERE id = ? AND state = ?`,
		OutboxSending, attempt, id, OutboxQueued)
	if err != nil {
		unlockAttempt(lock)
		return nil, fmt.Errorf("storage: claim outgoing %d: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		unlockAttempt(lock)
		return nil, fmt.Errorf("storage: claim outgoing %d: %w", id, ErrClaimed)
	}
	s.notify(ChangeOutbox)
	return &Claim{s: s, ID: id, attempt: attempt, lock: lock}, nil
}

// settle runs an update of the claimed row (set is the SET clause) while
// the attempt still holds it.
func (c *Claim) settle(ctx context.Context, op, set string, args ...any) error {
	args = append(args, c.ID, c.attempt, OutboxSending)
	res, err := c.s.db.ExecContext(ctx, `UPDATE outbox SET `+set+` WHERE id = ? AND attempt_id = ? AND state = ?`, args...)
	if err != nil {
		return fmt.Errorf("storage: %s outgoing %d: %w", op, c.ID, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("storage: %s outgoing %d: %w", op, c.ID, ErrClaimLost)
	}
	c.s.notify(ChangeOutbox)
	return nil
}

// DataSent records that the final "." of DATA is about to be written:
// from now on, if the attempt dies before the server's answer is read,
// the message may have gone out.
func (c *Claim) DataSent(ctx context.Context) error {
	return c.settle(ctx, "data sent for", `data_sent = 1`)
}

// Sent records that the server accepted the message. It is the first
// thing done after acceptance, so a crash afterwards never sends it again.
func (c *Claim) Sent(ctx context.Context) error {
	return c.settle(ctx, "mark sent", `state = ?, last_error = ''`, OutboxSent)
}

// Retry puts the message back in the queue after a failure that may pass;
// it is tried again at next.
func (c *Claim) Retry(ctx context.Context, cause string, next time.Time) error {
	return c.settle(ctx, "retry", `state = ?, attempts = attempts + 1, last_error = ?, next_attempt = ?, data_sent = 0`,
		OutboxQueued, cause, next.Unix())
}

// Fail stops trying a message the server refused for good.
func (c *Claim) Fail(ctx context.Context, cause string) error {
	return c.settle(ctx, "fail", `state = ?, attempts = attempts + 1, last_error = ?`, OutboxFailed, cause)
}

// Unknown records that the connection ended after the final "." and
// before the server's answer: the message may have gone out, and it is
// not sent again unless the person says so (ResendOutgoing).
func (c *Claim) Unknown(ctx context.Context, cause string) error {
	return c.settle(ctx, "mark unknown", `state = ?, attempts = attempts + 1, last_error = ?`, OutboxUnknown, cause)
}

// Release ends the attempt: its lock file goes. Call it after the row is
// settled (or when settling failed: a row still 'sending' is then
// recovered by RecoverOutgoing).
func (c *Claim) Release() {
	if c.lock != nil {
		unlockAttempt(c.lock)
		c.lock = nil
	}
}

// Reasons given to rows recovered from an attempt that died. They are
// kept in English, as errors are; Reason gives them in the person's
// language.
const (
	diedBeforeData = "Tern stopped while sending; it will try again"
	diedAfterData  = "Tern stopped after handing the message to the server and before the server answered"
)

// Reason is LastError for a person: Tern's own reasons (an attempt that
// died) in the person's language, a server's words as they are.
func (o Outgoing) Reason() string {
	switch o.LastError {
	case diedBeforeData:
		return i18n.T("storage.outbox.died_before_data")
	case diedAfterData:
		return i18n.T("storage.outbox.died_after_data")
	}
	return o.LastError
}

// RecoverOutgoing settles the rows of an account ("" for all) left in
// 'sending' by an attempt whose process is gone (its lock file is free):
// one that had not begun to write DATA's final "." goes back to the
// queue, due at once; one that had becomes 'unknown'. It returns how many
// rows it settled.
func (s *Store) RecoverOutgoing(ctx context.Context, accountID string) (int, error) {
	stale, err := s.sendingRows(ctx, accountID)
	if err != nil {
		return 0, err
	}
	n := 0
	for id, attempt := range stale {
		ok, err := s.recoverOne(ctx, id, attempt)
		if err != nil {
			return n, err
		}
		if ok {
			n++
		}
	}
	if n > 0 {
		s.notify(ChangeOutbox)
	}
	return n, nil
}

// sendingRows returns the rows in 'sending', id → attempt.
func (s *Store) sendingRows(ctx context.Context, accountID string) (map[int64]string, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, attempt_id FROM outbox WHERE state = ? AND (? = '' OR account_id = ?)`,
		OutboxSending, accountID, accountID)
	if err != nil {
		return nil, fmt.Errorf("storage: outbox attempts: %w", err)
	}
	defer rows.Close()
	out := map[int64]string{}
	for rows.Next() {
		var id int64
		var attempt string
		if err := rows.Scan(&id, &attempt); err != nil {
			return nil, fmt.Errorf("storage: outbox attempts: %w", err)
		}
		out[id] = attempt
	}
	return out, rows.Err()
}

// recoverOne settles row id if its attempt's lock is free; false when the
// attempt still runs or the row moved on meanwhile.
func (s *Store) recoverOne(ctx context.Context, id int64, attempt string) (bool, error) {
	if attempt != "" {
		if err := os.MkdirAll(s.attemptDir(), 0o700); err != nil {
			return false, fmt.Errorf("storage: recover outgoing %d: %w", id, err)
		}
		lock, held, err := lockAttempt(s.attemptPath(attempt))
		if err != nil || held {
			return false, err
		}
		defer unlockAttempt(lock)
	}
	res, err := s.db.ExecContext(ctx, `UPDATE outbox SET
		state = CASE data_sent WHEN 1 THEN ? ELSE ? END,
		last_error = CASE data_sent WHEN 1 THEN ? ELSE ? END,
		next_attempt = CASE data_sent WHEN 1 THEN next_attempt ELSE 0 END
		WHERE id = ? AND attempt_id = ? AND state = ?`,
		OutboxUnknown, OutboxQueued, diedAfterData, diedBeforeData, id, attempt, OutboxSending)
	if err != nil {
		return false, fmt.Errorf("storage: recover outgoing %d: %w", id, err)
	}
	n, _ := res.RowsAffected()
	return n > 0, nil
}

// ResendOutgoing puts a message whose fate is unknown back in the queue,
// due at once: the person said to send it again.
func (s *Store) ResendOutgoing(ctx context.Context, id int64) error {
	return s.fromUnknown(ctx, id, "send again", `state = ?, attempt_id = '', data_sent = 0, next_attempt = 0, last_error = ''`, OutboxQueued)
}

// ConfirmOutgoingSent records that a message whose fate was unknown did
// go out (the person saw it arrive): it becomes 'sent', and its copy is
// filed as for any sent message.
func (s *Store) ConfirmOutgoingSent(ctx context.Context, id int64) error {
	return s.fromUnknown(ctx, id, "confirm sent", `state = ?, last_error = ''`, OutboxSent)
}

// fromUnknown updates row id only while its state is 'unknown'.
func (s *Store) fromUnknown(ctx context.Context, id int64, op, set string, args ...any) error {
	args = append(args, id, OutboxUnknown)
	res, err := s.db.ExecContext(ctx, `UPDATE outbox SET `+set+` WHERE id = ? AND state = ?`, args...)
	if err != nil {
		return fmt.Errorf("storage: %s outgoing %d: %w", op, id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("storage: %s outgoing %d: %w", op, id, ErrNotUnknown)
	}
	s.notify(ChangeOutbox)
	return nil
}

// ErrNotUnknown means a choice about a message whose fate was unknown
// came after the message moved on (it was resent, filed or cancelled).
var ErrNotUnknown = errors.New("the message is no longer waiting for a choice")

// DropFiledOutgoing removes the row of a message whose fate was unknown
// once its copy was found in the server's Sent folder: that copy is the
// filed one, so none is appended and the next sync brings it here.
func (s *Store) DropFiledOutgoing(ctx context.Context, id int64) error {
	return s.inWriteTx(ctx, ChangeOutbox, func(tx *writeTx) error {
		res, err := tx.exec(ctx, `DELETE FROM outbox WHERE id = ? AND state = ?`, id, OutboxUnknown)
		if err != nil {
			return fmt.Errorf("storage: drop filed outgoing %d: %w", id, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("storage: drop filed outgoing %d: %w", id, ErrNotUnknown)
		}
		return nil
	})
}

// ResetOutgoingBackoff makes every queued message of an account ("" for
// all) due now: the network came back, a connection to the account's
// servers worked, or the person asked for mail. It returns how many rows
// were waiting.
func (s *Store) ResetOutgoingBackoff(ctx context.Context, accountID string) (int, error) {
	res, err := s.db.ExecContext(ctx, `UPDATE outbox SET next_attempt = 0
		WHERE state = ? AND next_attempt > 0 AND (? = '' OR account_id = ?)`, OutboxQueued, accountID, accountID)
	if err != nil {
		return 0, fmt.Errorf("storage: reset outgoing backoff of %q: %w", accountID, err)
	}
	n, _ := res.RowsAffected()
	if n > 0 {
		s.notify(ChangeOutbox)
	}
	return int(n), nil
}

// NextOutgoingDue returns when the earliest queued message of an account
// is due (zero time: one is due now); ok is false when nothing is queued.
func (s *Store) NextOutgoingDue(ctx context.Context, accountID string) (due time.Time, ok bool, err error) {
	var next sql.NullInt64
	err = s.db.QueryRowContext(ctx, `SELECT MIN(next_attempt) FROM outbox WHERE state = ? AND account_id = ?`,
		OutboxQueued, accountID).Scan(&next)
	if err != nil {
		return time.Time{}, false, fmt.Errorf("storage: next outgoing of %q: %w", accountID, err)
	}
	if !next.Valid {
		return time.Time{}, false, nil
	}
	if next.Int64 > 0 {
		due = time.Unix(next.Int64, 0)
	}
	return due, true, nil
}
