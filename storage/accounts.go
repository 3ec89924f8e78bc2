package storage

import (
	"context"
	"fmt"
)

// EnsureAccount records an account so mail can be stored for it. Calling it
// again for the same id updates the address.
func (s *Store) EnsureAccount(ctx context.Context, id, address string) error {
	return s.execWrite(ctx, ChangeAccounts, fmt.Sprintf("add account %q", address),
		`INSERT INTO accounts(id, address) VALUES(?, ?)
		 ON CONFLICT(id) DO UPDATE SET address = excluded.address`, id, address)
}

// DeleteAccount removes an account and everything stored for it: folders,
// messages, bodies no other message uses, pending actions and outbox.
func (s *Store) DeleteAccount(ctx context.Context, id string) error {
	return s.execWrite(ctx, ChangeAccounts|ChangeFolders|ChangeMessages|ChangeOutbox|ChangeActions|ChangeNotices,
		fmt.Sprintf("delete account %q", id), `DELETE FROM accounts WHERE id = ?`, id)
}
