package storage

import (
	"context"
	"database/sql"
	"fmt"
)

// writeTx is a write transaction of the store: every change to messages,
// folders, actions, notices and the outbox is made through one (see
// inWriteTx). It prepares each statement once per transaction, since a
// batch of a few hundred messages would otherwise pay for parsing the same
// SQL every time, and it gathers the full-text work done at commit.
type writeTx struct {
	sqlTx *sql.Tx
	stmts map[string]*sql.Stmt

	// Messages whose full-text entry is to be written (index), rewritten
	// (reindex) or put off until their body comes (pending) before the
	// transaction commits; see fts.go.
	index, reindex, pending []int64
	// deferIndex puts the entries of new messages off (AddEnvelopes).
	deferIndex bool
}

// newWriteTx wraps a transaction just begun.
func newWriteTx(sqlTx *sql.Tx) *writeTx {
	return &writeTx{sqlTx: sqlTx, stmts: map[string]*sql.Stmt{}}
}

// stmt returns q prepared in this transaction, preparing it the first time.

func (tx *writeTx) stmt(ctx context.Context, q string) (*sql.Stmt, error) {
	if st, ok := tx.stmts[q]; ok {
		return st, nil
	}
	st, err := tx.sqlTx.PrepareContext(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("storage: prepare: %w", err)
	}
	tx.stmts[q] = st
	return st, nil
}

// exec runs a statement that writes.
func (tx *writeTx) exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	st, err := tx.stmt(ctx, q)
	if err != nil {
		return nil, err
	}
	return st.ExecContext(ctx, args...)
}

// queryRow runs a one-row query; errors from preparing surface at Scan.
func (tx *writeTx) queryRow(ctx context.Context, q string, args ...any) rowScanner {
	st, err := tx.stmt(ctx, q)
	if err != nil {
		return errRow{err}
	}
	return st.QueryRowContext(ctx, args...)
}

// close releases the prepared statements.
func (tx *writeTx) close() {
	for _, st := range tx.stmts {
		st.Close()
	}
}

// rowScanner is what *sql.Row offers.
type rowScanner interface{ Scan(...any) error }

type errRow struct{ err error }

func (r errRow) Scan(...any) error { return r.err }
