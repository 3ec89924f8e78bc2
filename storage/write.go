package storage

import (
	"context"
	"fmt"
)

// Every write to the store goes through inWriteTx or execWrite, which tell
// subscribers what changed once it is committed. (Migrations, in Open,
// run before anyone can subscribe; commitWriteTx and tx are what these two
// are made of.) A write that changes nothing a subscriber shows passes 0.

// inWriteTx runs fn in a write transaction and notifies subscribers of
// what on success. Conversations follow the messages fn added, moved or
// deleted before it commits (threads.go).
func (s *Store) inWriteTx(ctx context.Context, what Change, fn func(*writeTx) error) error {
	err := s.commitWriteTx(ctx, func(tx *writeTx) error {
		if err := fn(tx); err != nil {
			return err
		}
		return tx.flushThreads(ctx)
	})
	s.noteWrite(err)
	if err == nil {
		s.notify(what)
	}
	return err
}

// execWrite runs one statement that writes, on its own (a single statement
// is a transaction of its own), and notifies subscribers of what on
// success; op says what it does, for the error.
func (s *Store) execWrite(ctx context.Context, what Change, op string, q string, args ...any) error {
	if what&ChangeMessages != 0 {
		// It removes messages (a folder or an account): their
		// conversations follow in the same transaction.
		return s.inWriteTx(ctx, what, func(tx *writeTx) error {
			if _, err := tx.sqlTx.ExecContext(ctx, q, args...); err != nil {
				return fmt.Errorf("storage: %s: %w", op, err)
			}
			return nil
		})
	}
	_, err := s.db.ExecContext(ctx, q, args...)
	s.noteWrite(err)
	if err != nil {
		return fmt.Errorf("storage: %s: %w", op, err)
	}
	s.notify(what)
	return nil
}
