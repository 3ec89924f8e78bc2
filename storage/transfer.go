package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// MessageID is the Message-ID of the prepared message (without angle
// brackets), as the store keeps it.
func (p PreparedBody) MessageID() string { return p.row.env.MessageID }

// Date is the prepared message's Date field, zero when it has none.
func (p PreparedBody) Date() time.Time { return p.row.env.Date }

// SameMessages returns the sources of the messages of a folder that may
// be the message an import brings: those with its Message-ID or, for a
// message without one, those without one of the same date (as the store
// keeps it: the Date field, else the time received). The import compares
// their content to decide.
func (s *Store) SameMessages(ctx context.Context, folderID int64, messageID string, date time.Time) ([][]byte, error) {
	q := `SELECT b.raw FROM messages m JOIN bodies b ON b.id = m.body_id WHERE m.folder_id = ? AND m.message_id = ?`
	args := []any{folderID, messageID}
	if messageID == "" {
		q += ` AND m.date = ?`
		args = append(args, unix(date))
	}
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("storage: look for message %q: %w", messageID, err)
	}
	defer rows.Close()
	var out [][]byte
	for rows.Next() {
		var raw []byte
		if err := rows.Scan(&raw); err != nil {
			return nil, fmt.Errorf("storage: look for message %q: %w", messageID, err)
		}
		out = append(out, raw)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("storage: look for message %q: %w", messageID, err)
	}
	return out, nil
}

// ExportRow is what an export needs of a message besides its source.
type ExportRow struct {
	ID       int64
	UID      uint32 // IMAP UID, 0 when none
	Date     time.Time
	FromAddr string
	Subject  string
	Flags    Flags
	HasBody  bool // the source is stored here
}

// ExportRows returns up to limit messages of a folder with ids above
// afterID, in id order: an export walks a folder of any size a page at a
// time.
func (s *Store) ExportRows(ctx context.Context, folderID, afterID int64, limit int) ([]ExportRow, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, coalesce(uid, 0), date, from_addr, subject, seen, flagged,
		answered, draft, body_id IS NOT NULL FROM messages WHERE folder_id = ? AND id > ? ORDER BY id LIMIT ?`,
		folderID, afterID, limit)
	if err != nil {
		return nil, fmt.Errorf("storage: messages of folder %d: %w", folderID, err)
	}
	defer rows.Close()
	var out []ExportRow
	for rows.Next() {
		var r ExportRow
		var date int64
		if err := rows.Scan(&r.ID, &r.UID, &date, &r.FromAddr, &r.Subject, &r.Flags.Seen, &r.Flags.Flagged,
			&r.Flags.Answered, &r.Flags.Draft, &r.HasBody); err != nil {
			return nil, fmt.Errorf("storage: messages of folder %d: %w", folderID, err)
		}
		if date != 0 {
			r.Date = time.Unix(date, 0)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("storage: messages of folder %d: %w", folderID, err)
	}
	return out, nil
}

// MessageSource returns a message's source, nil when it is not stored
// here (the offline policy left it on the server).
func (s *Store) MessageSource(ctx context.Context, id int64) ([]byte, error) {
	var raw []byte
	err := s.db.QueryRowContext(ctx, `SELECT b.raw FROM messages m LEFT JOIN bodies b ON b.id = m.body_id
		WHERE m.id = ?`, id).Scan(&raw)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("storage: message %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("storage: source of message %d: %w", id, err)
	}
	return raw, nil
}
