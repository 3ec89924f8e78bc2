package gui

import (
	"context"

	"github.com/tern-mail/tern/accounts"
	"github.com/tern-mail/tern/accounts/remote"
	"github.com/tern-mail/tern/storage"
	"github.com/tern-mail/tern/storage/message"
)

// Engine is what the window asks of the accounts engine: the wizard's
// setup, and acting on mail. Every network access happens behind it.
type Engine interface {
	Setup
	Mark(ctx context.Context, id int64, ch storage.FlagChange) error
	Move(ctx context.Context, id int64, folder string) error
	Delete(ctx context.Context, id int64) error
	FetchBody(ctx context.Context, id int64) error
	// FetchImages loads a message's remote pictures under remote's
	// rules (public http(s) addresses only, 50 pictures, 20 MB).
	FetchImages(ctx context.Context, urls []string) remote.Result
	Kick(accountID string)
	Queue(ctx context.Context, accountID string, d message.Draft) (int64, error)
	SaveDraft(ctx context.Context, accountID string, d message.Draft, replace int64) (int64, error)
	OutboxCount(ctx context.Context) int
	CreateFolder(ctx context.Context, accountID, name string) error
	RenameFolder(ctx context.Context, accountID, name, newName string) error
	DeleteFolder(ctx context.Context, accountID, name string) error
	UpdateAccount(a accounts.Account) error
	RemoveAccount(ctx context.Context, id string) error
	SearchServer(ctx context.Context, folderID int64, text string) ([]storage.MessageSummary, error)
}
