package storage

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// POP3Record is what the store remembers of one downloaded POP3 message.
type POP3Record struct {
	UIDL           string
	DownloadedAt   time.Time
	DeleteOnServer bool
}

// POP3Records returns what an account has downloaded, by UIDL.
func (s *Store) POP3Records(ctx context.Context, accountID string) (map[string]POP3Record, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT uidl, downloaded_at, delete_on_server FROM pop3_uidls WHERE account_id = ?`, accountID)
	if err != nil {
		return nil, fmt.Errorf("storage: pop3 records: %w", err)
	}
	defer rows.Close()
	out := map[string]POP3Record{}
	for rows.Next() {
		var r POP3Record
		var at int64
		if err := rows.Scan(&r.UIDL, &at, &r.DeleteOnServer); err != nil {
			return nil, fmt.Errorf("storage: pop3 records: %w", err)
		}
		r.DownloadedAt = time.Unix(at, 0)
		out[r.UIDL] = r
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("storage: pop3 records: %w", err)
	}
	return out, nil
}

// POP3Download is one downloaded message, prepared for storing.
type POP3Download struct {
	UIDL string
	Body PreparedBody
}

// AddPOP3Messages stores a batch of downloaded messages with their UIDLs in
// one transaction: after a crash either a message and its UIDL are both
// there or neither is, so the next check neither loses nor doubles it.
func (s *Store) AddPOP3Messages(ctx context.Context, folderID int64, msgs []POP3Download, at time.Time) error {
	return s.inWriteTx(ctx, ChangeMessages|ChangeFolders, func(tx *writeTx) error {
		var account string
		if err := tx.queryRow(ctx, `SELECT account_id FROM folders WHERE id = ?`, folderID).Scan(&account); err != nil {
			return fmt.Errorf("storage: pop3 folder %d: %w", folderID, err)
		}
		for _, m := range msgs {
			p := m.Body
			nm := &NewMessage{UIDL: m.UIDL, Raw: p.raw, Received: at}
			if _, err := addPrepared(ctx, tx, account, folderID, nm, &p); err != nil {
				return err
			}
			if _, err := tx.exec(ctx, `INSERT INTO pop3_uidls(account_id, uidl, downloaded_at) VALUES(?, ?, ?)
				ON CONFLICT(account_id, uidl) DO NOTHING`, account, m.UIDL, at.Unix()); err != nil {
				return err
			}
		}
		return nil
	})
}

// MarkPOP3DeleteOnServer asks the next check to delete a downloaded
// message from the server.
func (s *Store) MarkPOP3DeleteOnServer(ctx context.Context, accountID, uidl string) error {
	// Nothing a subscriber shows changes.
	return s.execWrite(ctx, 0, fmt.Sprintf("mark %s for deletion", uidl),
		`UPDATE pop3_uidls SET delete_on_server = 1 WHERE account_id = ? AND uidl = ?`, accountID, uidl)
}

// ForgetPOP3 drops the records of UIDLs the server no longer has (they
// cannot come back: RFC 1939 section 7 makes UIDLs unique for good).
func (s *Store) ForgetPOP3(ctx context.Context, accountID string, uidls []string) error {
	return s.inWriteTx(ctx, 0, func(tx *writeTx) error {
		for _, u := range uidls {
			if _, err := tx.exec(ctx, `DELETE FROM pop3_uidls WHERE account_id = ? AND uidl = ?`, accountID, u); err != nil {
				return fmt.Errorf("storage: forget %s: %w", u, err)
			}
		}
		return nil
	})
}

// MessageUIDL returns a message's account and POP3 UIDL ("" when none).
func (s *Store) MessageUIDL(ctx context.Context, id int64) (account, uidl string, err error) {
	var u sql.NullString
	err = s.db.QueryRowContext(ctx, `SELECT account_id, uidl FROM messages WHERE id = ?`, id).Scan(&account, &u)
	if err != nil {
		return "", "", fmt.Errorf("storage: message %d: %w", id, err)
	}
	return account, u.String, nil
}
