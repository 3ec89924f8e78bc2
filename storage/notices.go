package storage

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// NoticeKind says what a notice is about. The store keeps facts; the window
// and the command line each put them into words.
type NoticeKind string

// The kinds of notice.
const (
	// NoticeRefused: the server refused a queued change for good (Action
	// says which, on Subject or Folder, towards Dest); it was undone here.
	NoticeRefused NoticeKind = "refused"
	// NoticeNotSent: a queued message (Subject) could not be sent and
	// stays in the outbox, marked failed.
	NoticeNotSent NoticeKind = "not-sent"
	// NoticeSomeRecipientsRefused: a message (Subject) was sent, but the
	// server refused some recipients (ServerText names them).
	NoticeSomeRecipientsRefused NoticeKind = "recipients-refused"
	// NoticeDeleteRefused: a POP3 server refused to delete a message,
	// which stays there.
	NoticeDeleteRefused NoticeKind = "delete-refused"
	// NoticeKeychainMissing: the system keychain is not available, so
	// passwords are kept only until Tern closes.
	NoticeKeychainMissing NoticeKind = "keychain-missing"
	// NoticePrefsReset: the window's preferences could not be read, so the
	// usual ones are used. Dest is where the old file was kept; when it
	// could not be moved aside, Dest is "" and Folder names the file.
	NoticePrefsReset NoticeKind = "prefs-reset"
)

// Notice is something the user must be told, as facts.
type Notice struct {
	ID         int64
	AccountID  string // "" when it concerns no one account
	Created    time.Time
	Kind       NoticeKind
	Action     ActionKind // for NoticeRefused: the change that was refused
	Subject    string     // the message concerned, if any
	Folder     string     // the folder concerned (a move's source)
	Dest       string     // a move's or copy's destination, a rename's new name
	ServerText string     // the server's own words, if it gave any
	// Text is the sentence of a notice recorded before notices were
	// structured (Kind is then ""); new notices leave it empty.
	Text string
}

// AddNotice records something the user must be told and wakes
// subscribers with ChangeNotices.
func (s *Store) AddNotice(ctx context.Context, n Notice) error {
	return s.inWriteTx(ctx, ChangeNotices, func(tx *writeTx) error { return insertNotice(ctx, tx, n) })
}

// insertNotice writes n inside a transaction.
func insertNotice(ctx context.Context, tx *writeTx, n Notice) error {
	var acct any
	if n.AccountID != "" {
		acct = n.AccountID
	}
	_, err := tx.exec(ctx, `INSERT INTO notices(account_id, created_at, text, kind, action, subject, folder, dest, server_text)
		VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		acct, time.Now().Unix(), n.Text, string(n.Kind), string(n.Action), n.Subject, n.Folder, n.Dest, n.ServerText)
	if err != nil {
		return fmt.Errorf("storage: add %s notice: %w", n.Kind, err)
	}
	return nil
}

const noticeColumns = `id, coalesce(account_id, ''), created_at, text, kind, action, subject, folder, dest, server_text`

// Notices returns the notices not dismissed yet, oldest first.
func (s *Store) Notices(ctx context.Context) ([]Notice, error) {
	return unseenNotices(ctx, s.db)
}

// querier is what *sql.DB and *sql.Tx have in common for reading rows.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// unseenNotices reads the notices not dismissed yet, oldest first.
func unseenNotices(ctx context.Context, q querier) ([]Notice, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+noticeColumns+` FROM notices WHERE seen = 0 ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("storage: notices: %w", err)
	}
	defer rows.Close()
	var out []Notice
	for rows.Next() {
		n, err := scanNotice(rows)
		if err != nil {
			return nil, fmt.Errorf("storage: notices: %w", err)
		}
		out = append(out, n)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("storage: notices: %w", err)
	}
	return out, nil
}

// DismissNotice marks a notice as seen: it is not shown again.
func (s *Store) DismissNotice(ctx context.Context, id int64) error {
	return s.execWrite(ctx, ChangeNotices, fmt.Sprintf("dismiss notice %d", id),
		`UPDATE notices SET seen = 1 WHERE id = ?`, id)
}

// DismissNoticesOf marks every notice of kind as seen: for notices about
// a state that has passed, such as a previous run's missing keychain.
func (s *Store) DismissNoticesOf(ctx context.Context, kind NoticeKind) error {
	return s.execWrite(ctx, ChangeNotices, fmt.Sprintf("dismiss %s notices", kind),
		`UPDATE notices SET seen = 1 WHERE kind = ? AND seen = 0`, string(kind))
}

// TakeNotices returns the notices not dismissed yet and marks them seen.
func (s *Store) TakeNotices(ctx context.Context) ([]Notice, error) {
	var out []Notice
	err := s.inWriteTx(ctx, ChangeNotices, func(tx *writeTx) error {
		var err error
		if out, err = unseenNotices(ctx, tx.sqlTx); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `UPDATE notices SET seen = 1 WHERE seen = 0`); err != nil {
			return fmt.Errorf("storage: mark notices seen: %w", err)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("storage: take notices: %w", err)
	}
	return out, nil
}

func scanNotice(r rowScanner) (Notice, error) {
	var n Notice
	var created int64
	var kind, action string
	if err := r.Scan(&n.ID, &n.AccountID, &created, &n.Text, &kind, &action, &n.Subject, &n.Folder, &n.Dest, &n.ServerText); err != nil {
		return Notice{}, err
	}
	n.Created, n.Kind, n.Action = time.Unix(created, 0), NoticeKind(kind), ActionKind(action)
	return n, nil
}
