package engine

import (
	"context"

	"github.com/tern-mail/tern/storage"
)

// NotJunk moves messages the user says are not junk back to their
// account's Inbox; Undo puts them back in Junk.
func (e *Engine) NotJunk(ctx context.Context, ids []int64) (storage.Undo, error) {
	return e.toRole(ctx, ids, storage.RoleInbox, "INBOX")
}
