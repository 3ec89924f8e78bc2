package storage

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"
)

// UIDFlags is a message's flags as a server reports them.
type UIDFlags struct {
	UID   uint32
	Flags Flags
}

// LocalUIDs returns the IMAP UIDs stored for a folder, ascending.
func (s *Store) LocalUIDs(ctx context.Context, folderID int64) ([]uint32, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT uid FROM messages WHERE folder_id = ? AND uid IS NOT NULL ORDER BY uid`, folderID)
	if err != nil {
		return nil, fmt.Errorf("storage: uids of folder %d: %w", folderID, err)
	}
	defer rows.Close()
	var out []uint32
	for rows.Next() {
		var u uint32
		if err := rows.Scan(&u); err != nil {
			return nil, fmt.Errorf("storage: uids of folder %d: %w", folderID, err)
		}
		out = append(out, u)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("storage: uids of folder %d: %w", folderID, err)
	}
	return out, nil
}

// CountMessages returns how many messages a folder holds locally.
func (s *Store) CountMessages(ctx context.Context, folderID int64) (int, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM messages WHERE folder_id = ?`, folderID).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("storage: count folder %d: %w", folderID, err)
	}
	return n, nil
}

// UpdateFlagsByUID applies flags reported by a server. Messages with a
// local change still waiting to be sent keep their local flags: the queued
// action will bring the server in line.
func (s *Store) UpdateFlagsByUID(ctx context.Context, folderID int64, updates []UIDFlags) error {
	if len(updates) == 0 {
		return nil
	}
	return s.inWriteTx(ctx, ChangeMessages|ChangeFolders, func(tx *writeTx) error {
		for _, u := range updates {
			f := u.Flags
			_, err := tx.exec(ctx, `UPDATE messages SET seen = ?, flagged = ?, answered = ?, draft = ?, deleted = ?, keywords = ?
				WHERE folder_id = ? AND uid = ?
				AND NOT EXISTS (SELECT 1 FROM pending_actions p WHERE p.message_id = messages.id AND p.kind = 'flags')
				AND (seen, flagged, answered, draft, deleted, keywords) IS NOT (?, ?, ?, ?, ?, ?)`,
				f.Seen, f.Flagged, f.Answered, f.Draft, f.Deleted, strings.Join(f.Keywords, " "), folderID, u.UID,
				f.Seen, f.Flagged, f.Answered, f.Draft, f.Deleted, strings.Join(f.Keywords, " "))
			if err != nil {
				return fmt.Errorf("storage: update flags of uid %d: %w", u.UID, err)
			}
		}
		return nil
	})
}

// DeleteByUID removes messages the server no longer has.
func (s *Store) DeleteByUID(ctx context.Context, folderID int64, uids []uint32) error {
	if len(uids) == 0 {
		return nil
	}
	return s.inWriteTx(ctx, ChangeMessages|ChangeFolders, func(tx *writeTx) error {
		for _, u := range uids {
			if _, err := tx.exec(ctx, `DELETE FROM messages WHERE folder_id = ? AND uid = ?`, folderID, u); err != nil {
				return fmt.Errorf("storage: delete uid %d: %w", u, err)
			}
		}
		return nil
	})
}

// ResetFolder forgets every message of a folder and its sync state, after
// its UIDVALIDITY changed: the stored UIDs mean nothing any more.
func (s *Store) ResetFolder(ctx context.Context, folderID int64, uidValidity uint32) error {
	return s.inWriteTx(ctx, ChangeMessages|ChangeFolders, func(tx *writeTx) error {
		if _, err := tx.sqlTx.ExecContext(ctx, `DELETE FROM messages WHERE folder_id = ? AND uid IS NOT NULL`, folderID); err != nil {
			return fmt.Errorf("storage: reset folder %d: %w", folderID, err)
		}
		_, err := tx.sqlTx.ExecContext(ctx, `UPDATE folders SET uidvalidity = ?, uidnext = 0, highestmodseq = 0, synced_at = 0 WHERE id = ?`,
			uidValidity, folderID)
		return err
	})
}

// BodyWanted is a message whose full source should be downloaded.
type BodyWanted struct {
	ID   int64
	UID  uint32
	Size int64
}

// MissingBodies lists messages of a folder that have no stored body, newest
// first; with since set, only those dated on or after it. A message whose
// source is stored already for another copy (see KnownBodies) is left
// out: it is to take that source, not to be downloaded again, even when it
// was listed after the copies were last looked for.
func (s *Store) MissingBodies(ctx context.Context, folderID int64, since time.Time) ([]BodyWanted, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT m.id, m.uid, m.size FROM messages m
		WHERE m.folder_id = ? AND m.body_id IS NULL AND m.uid IS NOT NULL AND m.date >= ?
		  AND NOT (m.message_id != '' AND EXISTS (SELECT 1 FROM messages o WHERE o.message_id = m.message_id
		    AND o.account_id = m.account_id AND o.size = m.size AND o.body_id IS NOT NULL))
		ORDER BY m.date DESC, m.uid DESC`, folderID, unix(since))
	if err != nil {
		return nil, fmt.Errorf("storage: missing bodies of folder %d: %w", folderID, err)
	}
	defer rows.Close()
	var out []BodyWanted
	for rows.Next() {
		var b BodyWanted
		if err := rows.Scan(&b.ID, &b.UID, &b.Size); err != nil {
			return nil, fmt.Errorf("storage: missing bodies of folder %d: %w", folderID, err)
		}
		out = append(out, b)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("storage: missing bodies of folder %d: %w", folderID, err)
	}
	return out, nil
}

// MessagesByUID returns the stored messages of a folder with the given
// UIDs, newest first.
func (s *Store) MessagesByUID(ctx context.Context, folderID int64, uids []uint32) ([]MessageSummary, error) {
	var out []MessageSummary
	for start := 0; start < len(uids); start += 500 {
		batch, err := s.messagesByUIDBatch(ctx, folderID, uids[start:min(start+500, len(uids))])
		if err != nil {
			return nil, err
		}
		out = append(out, batch...)
	}
	sort.Slice(out, func(i, j int) bool {
		if !out[i].Date.Equal(out[j].Date) {
			return out[i].Date.After(out[j].Date)
		}
		return out[i].ID > out[j].ID
	})
	return out, nil
}

// messagesByUIDBatch returns the stored messages of a folder with the given
// UIDs, in no particular order; uids must be few enough for one statement.
func (s *Store) messagesByUIDBatch(ctx context.Context, folderID int64, uids []uint32) ([]MessageSummary, error) {
	args := []any{folderID}
	for _, u := range uids {
		args = append(args, u)
	}
	rows, err := s.db.QueryContext(ctx, `SELECT `+summaryColumns+` FROM messages m JOIN folders f ON f.id = m.folder_id
		WHERE m.folder_id = ? AND m.uid IN (`+strings.TrimSuffix(strings.Repeat("?,", len(uids)), ",")+`)`, args...)
	if err != nil {
		return nil, fmt.Errorf("storage: messages by uid: %w", err)
	}
	defer rows.Close()
	var out []MessageSummary
	for rows.Next() {
		m, err := scanSummary(rows)
		if err != nil {
			return nil, fmt.Errorf("storage: messages by uid: %w", err)
		}
		out = append(out, m)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("storage: messages by uid: %w", err)
	}
	return out, nil
}
