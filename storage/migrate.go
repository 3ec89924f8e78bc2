package storage

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// ErrSchemaTooNew is returned by Open when the database was written by a
// newer Tern than this one: its schema has migrations this binary does not
// know, so it is left untouched.
var ErrSchemaTooNew = errors.New("this mail store was written by a newer version of Tern; please update Tern")

// migration is one numbered SQL file from migrations/.
type migration struct {
	version int
	name    string
	sql     string
}

// migrations returns the embedded migrations sorted by number. File names
// are NNN_description.sql; numbers start at 1 and have no gaps.
func migrations() ([]migration, error) {
	entries, err := fs.ReadDir(migrationFS, "migrations")
	if err != nil {
		return nil, fmt.Errorf("storage: read migrations: %w", err)
	}
	var ms []migration
	for _, e := range entries {
		num, _, ok := strings.Cut(e.Name(), "_")
		if !ok {
			return nil, fmt.Errorf("storage: migration %q: name is not NNN_name.sql", e.Name())
		}
		v, err := strconv.Atoi(num)
		if err != nil {
			return nil, fmt.Errorf("storage: migration %q: %w", e.Name(), err)
		}
		b, err := migrationFS.ReadFile("migrations/" + e.Name())
		if err != nil {
			return nil, fmt.Errorf("storage: migration %q: %w", e.Name(), err)
		}
		ms = append(ms, migration{version: v, name: e.Name(), sql: string(b)})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].version < ms[j].version })
	for i, m := range ms {
		if m.version != i+1 {
			return nil, fmt.Errorf("storage: migration %q: expected number %d", m.name, i+1)
		}
	}
	return ms, nil
}

// SchemaVersion returns the newest schema version this binary knows.
func SchemaVersion() int {
	ms, err := migrations()
	if err != nil {
		return 0
	}
	return len(ms)
}

// migrate applies the migrations the database has not seen yet, all in one
// transaction, recording the version in PRAGMA user_version. A migration
// with a step in Go (goSteps) tells progress how it goes.
func (s *Store) migrate(ctx context.Context, progress OpenProgress) error {
	ms, err := migrations()
	if err != nil {
		return err
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		var current int
		if err := tx.QueryRowContext(ctx, "PRAGMA user_version").Scan(&current); err != nil {
			return fmt.Errorf("storage: read schema version: %w", err)
		}
		if current > len(ms) {
			return fmt.Errorf("storage: %s has schema version %d, this Tern knows %d: %w", s.path, current, len(ms), ErrSchemaTooNew)
		}
		for _, m := range ms[current:] {
			if _, err := tx.ExecContext(ctx, m.sql); err != nil {
				return fmt.Errorf("storage: apply migration %s: %w", m.name, err)
			}
			if step := goSteps[m.version]; step != nil {
				if err := step(ctx, tx, progress); err != nil {
					return fmt.Errorf("storage: apply migration %s: %w", m.name, err)
				}
			}
		}
		if current < len(ms) {
			// PRAGMA takes no bound parameters; the value is an int we made.
			if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", len(ms))); err != nil {
				return fmt.Errorf("storage: set schema version: %w", err)
			}
		}
		return nil
	})
}
