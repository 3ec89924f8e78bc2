package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
)

// ServerEffects says, per account, what a user's action on messages also
// does on the server: whether the server gets the same change, and whether
// a POP3 download deleted here is deleted there too.
type ServerEffects struct {
	// Queue reports whether the account's server must get the change
	// (IMAP); nil means never (POP3's local folders).
	Queue func(accountID string) bool
	// POP3Delete reports whether a POP3 download deleted here is deleted
	// on the server too at the next check; nil means never.
	POP3Delete func(accountID string) bool
}

func (p ServerEffects) queue(accountID string) bool { return p.Queue != nil && p.Queue(accountID) }

// always is a queue function that answers v for every account.
func always(v bool) func(string) bool { return func(string) bool { return v } }

// OpKind is what a user's action on messages does.
type OpKind int

// The actions on messages.
const (
	OpMove          OpKind = iota // to Op.Dest
	OpDelete                      // to the Trash, or for good from the Trash
	OpDeleteForever               // for good, wherever they are
	OpFlags                       // change flags by Op.Flags
)

// Op is one action the user takes on a set of messages.
type Op struct {
	Kind  OpKind
	Dest  int64 // destination folder of OpMove
	Flags FlagChange
}

// Undo is what it takes to put messages back as they were before an
// action: the folder each was in and the flags each had.
type Undo struct {
	Moves []UndoMove
	Flags []UndoFlags
	// POP3 are downloads the action asked to delete from the server;
	// undoing calls that off if the check has not done it yet.
	POP3 []POP3Ref
}

// UndoMove puts a message back in FolderID.
type UndoMove struct{ MessageID, FolderID int64 }

// UndoFlags gives a message back the flags it had.
type UndoFlags struct {
	MessageID     int64
	Seen, Flagged bool
}

// POP3Ref names one download of a POP3 account.
type POP3Ref struct{ AccountID, UIDL string }

// Empty reports whether there is nothing to undo.
func (u Undo) Empty() bool { return len(u.Moves)+len(u.Flags)+len(u.POP3) == 0 }

// Count is how many messages the undo puts back.
func (u Undo) Count() int {
	seen := map[int64]bool{}
	for _, m := range u.Moves {
		seen[m.MessageID] = true
	}
	for _, f := range u.Flags {
		seen[f.MessageID] = true
	}
	return len(seen)
}

// Act carries out op on the messages ids, all in one transaction: the
// change shows at once, and for the accounts p.Queue names the server gets
// it later. It returns how to undo it (empty for a deletion for good).
func (s *Store) Act(ctx context.Context, op Op, ids []int64, p ServerEffects) (Undo, error) {
	var u Undo
	err := s.inWriteTx(ctx, ChangeMessages|ChangeFolders|ChangeActions, func(tx *writeTx) error {
		u = Undo{}
		switch op.Kind {
		case OpMove:
			return moveMessages(ctx, tx, ids, op.Dest, p.queue, &u)
		case OpDelete:
			return deleteMessages(ctx, tx, ids, false, p, &u)
		case OpDeleteForever:
			return deleteMessages(ctx, tx, ids, true, p, &u)
		case OpFlags:
			return changeFlags(ctx, tx, ids, op.Flags, p.queue, &u)
		}
		return fmt.Errorf("storage: unknown action %d", op.Kind)
	})
	return u, err
}

// Undo puts messages back as u records, in one transaction, as a new
// action of its own: for an IMAP account the server gets the inverse
// change, whether or not it has seen the first one yet (a move waiting for
// its UID is pointed at it when the first move completes). Messages gone
// meanwhile are skipped.
func (s *Store) Undo(ctx context.Context, u Undo, p ServerEffects) error {
	return s.inWriteTx(ctx, ChangeMessages|ChangeFolders|ChangeActions, func(tx *writeTx) error {
		for _, m := range u.Moves {
			err := moveMessages(ctx, tx, []int64{m.MessageID}, m.FolderID, p.queue, nil)
			if errors.Is(err, ErrNotFound) {
				continue
			}
			if err != nil {
				return err
			}
		}
		for _, f := range u.Flags {
			seen, flagged := f.Seen, f.Flagged
			err := changeFlags(ctx, tx, []int64{f.MessageID}, FlagChange{Seen: &seen, Flagged: &flagged}, p.queue, nil)
			if errors.Is(err, ErrNotFound) {
				continue
			}
			if err != nil {
				return err
			}
		}
		for _, r := range u.POP3 {
			if _, err := tx.exec(ctx, `UPDATE pop3_uidls SET delete_on_server = 0 WHERE account_id = ? AND uidl = ?`,
				r.AccountID, r.UIDL); err != nil {
				return fmt.Errorf("storage: keep %s on the server: %w", r.UIDL, err)
			}
		}
		return nil
	})
}

// EmptyFolder deletes every message of a folder for good (Empty Trash,
// Empty Junk), in one transaction; the server does the same later for the
// accounts p.Queue names. It returns how many messages went.
func (s *Store) EmptyFolder(ctx context.Context, folderID int64, p ServerEffects) (int, error) {
	var n int
	err := s.inWriteTx(ctx, ChangeMessages|ChangeFolders|ChangeActions, func(tx *writeTx) error {
		ids, err := folderMessageIDs(ctx, tx, folderID)
		if err != nil {
			return err
		}
		n = len(ids)
		return deleteMessages(ctx, tx, ids, true, p, nil)
	})
	return n, err
}

// folderMessageIDs returns the IDs of every message a folder holds.
func folderMessageIDs(ctx context.Context, tx *writeTx, folderID int64) ([]int64, error) {
	rows, err := tx.sqlTx.QueryContext(ctx, `SELECT id FROM messages WHERE folder_id = ?`, folderID)
	if err != nil {
		return nil, fmt.Errorf("storage: messages of folder %d: %w", folderID, err)
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("storage: messages of folder %d: %w", folderID, err)
		}
		ids = append(ids, id)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("storage: messages of folder %d: %w", folderID, err)
	}
	return ids, nil
}

// AccountsOf returns the accounts the messages ids belong to.
func (s *Store) AccountsOf(ctx context.Context, ids []int64) ([]string, error) {
	by, err := s.IDsByAccount(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := make([]string, 0, len(by))
	for a := range by {
		out = append(out, a)
	}
	sort.Strings(out)
	return out, nil
}

// IDsByAccount splits message ids by the account they belong to; ids of
// messages that no longer exist are left out.
func (s *Store) IDsByAccount(ctx context.Context, ids []int64) (map[string][]int64, error) {
	out := map[string][]int64{}
	for _, id := range ids {
		var acct string
		err := s.db.QueryRowContext(ctx, `SELECT account_id FROM messages WHERE id = ?`, id).Scan(&acct)
		if errors.Is(err, sql.ErrNoRows) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("storage: account of message %d: %w", id, err)
		}
		out[acct] = append(out[acct], id)
	}
	return out, nil
}
