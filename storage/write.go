package storage

import (
	"context"
	"fmt"
)

// Every write to the store goes through writeTx or execWrite, which tell
// subscribers what changed once it is committed. (Migrations, in Open,
// run before anyone can subscribe; cacheTx and tx are what these two are
// made of.) A write that changes nothing a subscriber shows passes 0.

// writeTx runs fn in a transaction with a statement cache and notifies
// subscribers of what on success.
func (s *Store) writeTx(ctx context.Context, what Change, fn func(*stmtCache) error) error {
	err := s.cacheTx(ctx, fn)
	if err == nil {
		s.notify(what)
	}
	return err
}

// execWrite runs one statement that writes, on its own (a single statement
// is a transaction of its own), and notifies subscribers of what on
// success; op says what it does, for the error.
func (s *Store) execWrite(ctx context.Context, what Change, op string, q string, args ...any) error {
	if _, err := s.db.ExecContext(ctx, q, args...); err != nil {
		return fmt.Errorf("storage: %s: %w", op, err)
	}
	s.notify(what)
	return nil
}
