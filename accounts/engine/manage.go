package engine

import (
	"context"

	"github.com/tern-mail/tern/accounts"
)

// UpdateAccount saves changed settings and restarts the account's workers
// so they take effect.
func (e *Engine) UpdateAccount(a accounts.Account) error {
	if err := e.m.Update(a); err != nil {
		return err
	}
	e.stopAccount(a.ID)
	e.StartAccount(a)
	return nil
}

// RemoveAccount stops an account's workers and removes it: its keychain
// entry, its mail on this computer and its settings.
func (e *Engine) RemoveAccount(ctx context.Context, id string) error {
	e.stopAccount(id)
	return e.m.Remove(ctx, id)
}

// stopAccount ends one account's workers (they finish on their own).
func (e *Engine) stopAccount(id string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if r, ok := e.workers[id]; ok {
		r.cancel()
		delete(e.workers, id)
		delete(e.senders, id)
	}
}
