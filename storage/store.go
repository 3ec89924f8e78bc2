package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"

	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// FileName is the name of the database file inside a profile directory.
const FileName = "tern.db"

// Store is an open Tern database. It is safe for concurrent use.
type Store struct {
	db   *sql.DB
	path string

	mu       sync.Mutex
	subs     map[*Subscription]struct{}
	progress map[string]Progress   // account + folder → progress, under mu
	conns    map[string]Connection // account → connection status, under mu
	trouble  Trouble               // what the last write showed (trouble.go), under mu
}

// ErrMisplaced is returned by Open when SQLite opened a database file other
// than the one asked for: Tern then refuses to run rather than keep mail
// where nobody expects it.
var ErrMisplaced = errors.New("the database is not where it was asked to be")

// Open opens (creating if needed) the database at path and brings its schema
// up to date. A database written by a newer Tern is refused with
// ErrSchemaTooNew and left untouched. Any path works, including names with
// "#", "?", "%" or spaces; a new database file is created readable by the
// user only.
func Open(path string) (*Store, error) { return open(path, nil) }

// open is Open, telling progress how a long migration goes.
func open(path string, progress OpenProgress) (*Store, error) {
	path, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("storage: open %s: %w", path, err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("storage: create directory for %s: %w", path, err)
	}
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		if err := create(path); err != nil {
			return nil, err
		}
	}
	q := url.Values{}
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "synchronous(NORMAL)")
	q.Add("_txlock", "immediate")
	db, err := sql.Open("sqlite", dsn(path, q))
	if err != nil {
		return nil, fmt.Errorf("storage: open %s: %w", path, err)
	}
	// One writer at a time is what SQLite allows anyway; a few readers may
	// run beside it in WAL mode.
	db.SetMaxOpenConns(4)
	s := &Store{db: db, path: path, subs: map[*Subscription]struct{}{}}
	if err := checkLocation(db, path); err != nil {
		db.Close()
		return nil, err
	}
	if err := s.migrate(context.Background(), progress); err != nil {
		db.Close()
		return nil, err
	}
	if err := s.threadBacklog(context.Background()); err != nil {
		db.Close()
		return nil, err
	}
	// The database holds mail: keep it private to the user.
	if err := makePrivate(path, path+"-wal", path+"-shm"); err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

// pageSize is the page size of new databases. Most of a mail store is
// message sources of tens of kilobytes; with SQLite's default 4 KiB pages
// each takes many overflow pages, each a write of its own.
const pageSize = 16384

// dsn returns the SQLite address of the file at the absolute path with the
// query q: a "file:" URI (https://sqlite.org/uri.html) whose path is
// percent-encoded, so that "#", "?" and "%" in a folder name are part of
// the path and not the start of a fragment, a query or an escape.
func dsn(path string, q url.Values) string {
	p := filepath.ToSlash(path)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p // a Windows drive: file:///C:/...
	}
	u := url.URL{Scheme: "file", Path: p, RawQuery: q.Encode()}
	return u.String()
}

// checkLocation verifies that db is the file at path, as SQLite reports it.
func checkLocation(db *sql.DB, path string) error {
	rows, err := db.Query("PRAGMA database_list")
	if err != nil {
		return fmt.Errorf("storage: open %s: %w", path, err)
	}
	defer rows.Close()
	for rows.Next() {
		var seq int
		var name, file string
		if err := rows.Scan(&seq, &name, &file); err != nil {
			return fmt.Errorf("storage: open %s: %w", path, err)
		}
		if name != "main" {
			continue
		}
		if !sameFile(file, path) {
			return fmt.Errorf("storage: open %s: SQLite opened %q: %w", path, file, ErrMisplaced)
		}
		return nil
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("storage: open %s: %w", path, err)
	}
	return fmt.Errorf("storage: open %s: no main database: %w", path, ErrMisplaced)
}

// sameFile reports whether a and b name the same existing file.
func sameFile(a, b string) bool {
	fa, err := os.Stat(a)
	if err != nil {
		return false
	}
	fb, err := os.Stat(b)
	return err == nil && os.SameFile(fa, fb)
}

// create makes an empty database at path with pageSize pages, readable by
// the user only from the start. The page size must be set before anything
// else is written, and the pragmas of a DSN are applied in lexical order:
// journal_mode would come first.
func create(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("storage: create %s: %w", path, err)
	}
	f.Close()
	db, err := sql.Open("sqlite", dsn(path, nil))
	if err != nil {
		return fmt.Errorf("storage: create %s: %w", path, err)
	}
	defer db.Close()
	for _, q := range []string{fmt.Sprintf("PRAGMA page_size = %d", pageSize), "PRAGMA journal_mode = WAL"} {
		if _, err := db.Exec(q); err != nil {
			return fmt.Errorf("storage: create %s: %s: %w", path, q, err)
		}
	}
	return nil
}

// Close closes the database. Subscriptions stay valid but are never woken
// again.
func (s *Store) Close() error {
	if err := s.db.Close(); err != nil {
		return fmt.Errorf("storage: close: %w", err)
	}
	return nil
}

// IntegrityCheck runs SQLite's PRAGMA integrity_check and returns nil when it
// reports "ok".
func (s *Store) IntegrityCheck(ctx context.Context) error {
	var res string
	if err := s.db.QueryRowContext(ctx, "PRAGMA integrity_check").Scan(&res); err != nil {
		return fmt.Errorf("storage: integrity check: %w", err)
	}
	if res != "ok" {
		return fmt.Errorf("storage: integrity check: %s", res)
	}
	return nil
}

// tx runs fn in a write transaction and commits it, or rolls back on error.
func (s *Store) tx(ctx context.Context, fn func(*sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("storage: begin: %w", err)
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("storage: commit: %w", err)
	}
	return nil
}
