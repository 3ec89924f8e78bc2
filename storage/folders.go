package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// ErrNotFound is returned when a folder or message does not exist.
var ErrNotFound = errors.New("not found")

const folderColumns = `f.id, f.account_id, f.name, f.delimiter, f.role, f.subscribed, f.local_only,
	f.uidvalidity, f.uidnext, f.highestmodseq, f.synced_at,
	coalesce((SELECT a.folder_prefix FROM accounts a WHERE a.id = f.account_id), '')`

func scanFolder(sc interface{ Scan(...any) error }, extra ...any) (Folder, error) {
	var f Folder
	var synced int64
	dest := append([]any{&f.ID, &f.AccountID, &f.Name, &f.Delimiter, &f.Role, &f.Subscribed, &f.LocalOnly,
		&f.UIDValidity, &f.UIDNext, &f.HighestModSeq, &synced, &f.Prefix}, extra...)
	if err := sc.Scan(dest...); err != nil {
		return f, err
	}
	if synced > 0 {
		f.SyncedAt = time.Unix(synced, 0)
	}
	return f, nil
}

// EnsureFolder returns the account's folder called name, creating it with
// the given role and delimiter when it does not exist yet. An existing
// folder keeps its sync state; its role is updated when role is not empty.
func (s *Store) EnsureFolder(ctx context.Context, accountID, name, delimiter, role string) (Folder, error) {
	var f Folder
	err := s.inWriteTx(ctx, ChangeFolders, func(tx *writeTx) error {
		_, err := tx.sqlTx.ExecContext(ctx,
			`INSERT INTO folders(account_id, name, delimiter, role) VALUES(?, ?, ?, ?)
			 ON CONFLICT(account_id, name) DO UPDATE SET
			   role = CASE WHEN excluded.role != '' THEN excluded.role ELSE folders.role END,
			   delimiter = excluded.delimiter`,
			accountID, name, delimiter, role)
		if err != nil {
			return fmt.Errorf("storage: ensure folder %q: %w", name, err)
		}
		f, err = scanFolder(tx.sqlTx.QueryRowContext(ctx,
			`SELECT `+folderColumns+` FROM folders f WHERE account_id = ? AND name = ?`, accountID, name))
		if err != nil {
			return fmt.Errorf("storage: read folder %q: %w", name, err)
		}
		return nil
	})
	return f, err
}

// Folders returns the account's folders with their message and unread
// counts, ordered by name. An empty accountID returns every account's.
func (s *Store) Folders(ctx context.Context, accountID string) ([]Folder, error) {
	rows, err := s.db.QueryContext(ctx,
		`SELECT `+folderColumns+`,
		   (SELECT count(*) FROM messages m WHERE m.folder_id = f.id),
		   (SELECT count(*) FROM messages m WHERE m.folder_id = f.id AND m.seen = 0)
		 FROM folders f WHERE ? = '' OR f.account_id = ? ORDER BY f.account_id, f.name`, accountID, accountID)
	if err != nil {
		return nil, fmt.Errorf("storage: list folders: %w", err)
	}
	defer rows.Close()
	var out []Folder
	for rows.Next() {
		var total, unread int
		f, err := scanFolder(rows, &total, &unread)
		if err != nil {
			return nil, fmt.Errorf("storage: list folders: %w", err)
		}
		f.Total, f.Unread = total, unread
		out = append(out, f)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("storage: list folders: %w", err)
	}
	return out, nil
}

// FolderByName finds an account's folder by name. "INBOX" matches in any
// case, as RFC 9051 section 5.1 requires; other names match exactly, either
// the server's full name or the name shown, without the account's
// namespace prefix ("Projects" for "INBOX.Projects").
func (s *Store) FolderByName(ctx context.Context, accountID, name string) (Folder, error) {
	q := `SELECT ` + folderColumns + ` FROM folders f WHERE account_id = ? AND name = ?`
	if strings.EqualFold(name, "INBOX") {
		q = `SELECT ` + folderColumns + ` FROM folders f WHERE account_id = ? AND upper(name) = upper(?)`
	}
	f, err := scanFolder(s.db.QueryRowContext(ctx, q, accountID, name))
	if errors.Is(err, sql.ErrNoRows) && !strings.EqualFold(name, "INBOX") {
		f, err = scanFolder(s.db.QueryRowContext(ctx, `SELECT `+folderColumns+` FROM folders f
			JOIN accounts a ON a.id = f.account_id
			WHERE f.account_id = ? AND a.folder_prefix != '' AND f.name = a.folder_prefix || ?`, accountID, name))
	}
	if errors.Is(err, sql.ErrNoRows) {
		return f, fmt.Errorf("storage: folder %q: %w", name, ErrNotFound)
	}
	if err != nil {
		return f, fmt.Errorf("storage: folder %q: %w", name, err)
	}
	return f, nil
}

// FolderByID returns one folder.
func (s *Store) FolderByID(ctx context.Context, id int64) (Folder, error) {
	f, err := scanFolder(s.db.QueryRowContext(ctx, `SELECT `+folderColumns+` FROM folders f WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return f, fmt.Errorf("storage: folder %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return f, fmt.Errorf("storage: folder %d: %w", id, err)
	}
	return f, nil
}

// SetFolderSyncState records the IMAP state a folder was synced to.
func (s *Store) SetFolderSyncState(ctx context.Context, id int64, uidValidity, uidNext uint32, highestModSeq uint64) error {
	// Nothing a subscriber shows changes.
	return s.execWrite(ctx, 0, fmt.Sprintf("folder %d sync state", id),
		`UPDATE folders SET uidvalidity = ?, uidnext = ?, highestmodseq = ?, synced_at = ? WHERE id = ?`,
		uidValidity, uidNext, highestModSeq, time.Now().Unix(), id)
}

// SetFolderUIDValidity records the UIDVALIDITY of a folder that has none
// yet, as soon as a first sync selects it: should that sync end halfway,
// the next one can tell whether the UIDs it stored still hold (RFC 9051
// section 2.3.1.1). A folder with one already is left alone.
func (s *Store) SetFolderUIDValidity(ctx context.Context, id int64, uidValidity uint32) error {
	return s.execWrite(ctx, 0, fmt.Sprintf("folder %d UIDVALIDITY", id),
		`UPDATE folders SET uidvalidity = ? WHERE id = ? AND uidvalidity = 0`, uidValidity, id)
}

// renameFolder renames within a transaction and returns the folder as it
// was.
func renameFolder(ctx context.Context, tx *writeTx, id int64, newName string) (Folder, error) {
	f, err := scanFolder(tx.queryRow(ctx, `SELECT `+folderColumns+` FROM folders f WHERE id = ?`, id))
	if err != nil {
		return f, fmt.Errorf("storage: rename folder %d: %w", id, err)
	}
	if _, err := tx.exec(ctx, `UPDATE folders SET name = ? WHERE id = ?`, newName, id); err != nil {
		return f, fmt.Errorf("storage: rename folder %q to %q: %w", f.Name, newName, err)
	}
	if f.Delimiter != "" {
		prefix := f.Name + f.Delimiter
		_, err := tx.exec(ctx, `UPDATE folders SET name = ?1 || substr(name, length(?2) + 1)
			WHERE account_id = ?3 AND substr(name, 1, length(?2)) = ?2`,
			newName+f.Delimiter, prefix, f.AccountID)
		if err != nil {
			return f, fmt.Errorf("storage: rename subfolders of %q: %w", f.Name, err)
		}
	}
	return f, nil
}

// DeleteFolder removes a folder and every message stored in it.
func (s *Store) DeleteFolder(ctx context.Context, id int64) error {
	return s.execWrite(ctx, ChangeFolders|ChangeMessages, fmt.Sprintf("delete folder %d", id),
		`DELETE FROM folders WHERE id = ?`, id)
}

// SetFolderFlags records what a server says of a folder besides its name:
// subscribed or not.
func (s *Store) SetFolderFlags(ctx context.Context, id int64, subscribed bool) error {
	return s.execWrite(ctx, ChangeFolders, fmt.Sprintf("folder %d", id),
		`UPDATE folders SET subscribed = ?, local_only = 0 WHERE id = ? AND subscribed != ?`, subscribed, id, subscribed)
}

// SetFolderPrefix records the account's personal namespace prefix (RFC
// 2342), such as "INBOX.": new folders are created under it and names are
// shown without it.
func (s *Store) SetFolderPrefix(ctx context.Context, accountID, prefix string) error {
	res, err := s.db.ExecContext(ctx, `UPDATE accounts SET folder_prefix = ? WHERE id = ? AND folder_prefix != ?`,
		prefix, accountID, prefix)
	if err != nil {
		return fmt.Errorf("storage: account %q folder prefix: %w", accountID, err)
	}
	if n, _ := res.RowsAffected(); n > 0 {
		s.notify(ChangeFolders)
	}
	return nil
}

// serverFolderName returns the full name a folder the user calls name gets
// on the server: under the account's namespace prefix unless the name
// already is, or is the Inbox. An account not recorded yet has no prefix.
func serverFolderName(ctx context.Context, tx *writeTx, accountID, name string) (string, error) {
	var prefix string
	err := tx.queryRow(ctx, `SELECT folder_prefix FROM accounts WHERE id = ?`, accountID).Scan(&prefix)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return "", fmt.Errorf("storage: namespace prefix of %s: %w", accountID, err)
	}
	if prefix == "" || strings.EqualFold(name, "INBOX") || strings.HasPrefix(name, prefix) {
		return name, nil
	}
	return prefix + name, nil
}
