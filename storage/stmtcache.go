package storage

import (
	"context"
	"database/sql"
	"fmt"
)

// stmtCache prepares each statement once per transaction: a batch of a few
// hundred messages would otherwise pay for parsing the same SQL every time.
type stmtCache struct {
	tx *sql.Tx
	m  map[string]*sql.Stmt

	// Messages whose full-text entry is to be written (index), rewritten
	// (reindex) or put off until their body comes (pending) before the
	// transaction commits; see fts.go.
	index, reindex, pending []int64
	// deferIndex puts the entries of new messages off (AddEnvelopes).
	deferIndex bool
}

func newStmtCache(tx *sql.Tx) *stmtCache { return &stmtCache{tx: tx, m: map[string]*sql.Stmt{}} }

func (c *stmtCache) stmt(ctx context.Context, q string) (*sql.Stmt, error) {
	if st, ok := c.m[q]; ok {
		return st, nil
	}
	st, err := c.tx.PrepareContext(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("storage: prepare: %w", err)
	}
	c.m[q] = st
	return st, nil
}

func (c *stmtCache) exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	st, err := c.stmt(ctx, q)
	if err != nil {
		return nil, err
	}
	return st.ExecContext(ctx, args...)
}

// queryRow runs a one-row query; errors from preparing surface at Scan.
func (c *stmtCache) queryRow(ctx context.Context, q string, args ...any) rowScanner {
	st, err := c.stmt(ctx, q)
	if err != nil {
		return errRow{err}
	}
	return st.QueryRowContext(ctx, args...)
}

func (c *stmtCache) close() {
	for _, st := range c.m {
		st.Close()
	}
}

// rowScanner is what *sql.Row offers.
type rowScanner interface{ Scan(...any) error }

type errRow struct{ err error }

func (r errRow) Scan(...any) error { return r.err }
