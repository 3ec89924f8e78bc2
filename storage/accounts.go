package storage

import (
	"context"
	"fmt"
)

// EnsureAccount records an account so mail can be stored for it. Calling it
// again for the same id updates the address.
func (s *Store) EnsureAccount(ctx context.Context, id, address string) error {
	_, err := s.db.ExecContext(ctx,
		`INSERT INTO accounts(id, address) VALUES(?, ?)
		 ON CONFLICT(id) DO UPDATE SET address = excluded.address`, id, address)
	if err != nil {
		return fmt.Errorf("storage: add account %q: %w", address, err)
	}
	s.notify(ChangeAccounts)
	return nil
}

// DeleteAccount removes an account and everything stored for it: folders,
// messages, bodies no other message uses, pending actions and outbox.
func (s *Store) DeleteAccount(ctx context.Context, id string) error {
	if _, err := s.db.ExecContext(ctx, `DELETE FROM accounts WHERE id = ?`, id); err != nil {
		return fmt.Errorf("storage: delete account %q: %w", id, err)
	}
	s.notify(ChangeAccounts | ChangeFolders | ChangeMessages | ChangeOutbox | ChangeActions)
	return nil
}
