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
	Mark(ctx context.Context, ids []int64, ch storage.FlagChange) (storage.Undo, error)
	Move(ctx context.Context, ids []int64, folder string) (storage.Undo, error)
	MoveTo(ctx context.Context, ids []int64, folderID int64) (storage.Undo, error)
	CopyTo(ctx context.Context, ids []int64, folderID int64) error
	Delete(ctx context.Context, ids []int64) (storage.Undo, error)
	DeleteForever(ctx context.Context, ids []int64) error
	Archive(ctx context.Context, ids []int64) (storage.Undo, error)
	Junk(ctx context.Context, ids []int64) (storage.Undo, error)
	NotJunk(ctx context.Context, ids []int64) (storage.Undo, error)
	Undo(ctx context.Context, u storage.Undo) error
	EmptyFolder(ctx context.Context, folderID int64) (int, error)
	FetchBody(ctx context.Context, id int64) error
	// FetchImages loads a message's remote pictures under remote's
	// rules (public http(s) addresses only, 50 pictures, 20 MB).
	FetchImages(ctx context.Context, urls []string) remote.Result
	Kick(accountID string)
	// GetMail is "Get mail": a pass now, and the account's queued
	// messages due at once.
	GetMail(accountID string)
	Queue(ctx context.Context, accountID string, d message.Draft) (int64, error)
	SaveDraft(ctx context.Context, accountID string, d message.Draft, replace int64) (int64, error)
	OutboxCount(ctx context.Context) int
	Outbox(ctx context.Context) ([]storage.Outgoing, error)
	CancelOutgoing(ctx context.Context, id int64) error
	EditOutgoing(ctx context.Context, id int64) (string, message.Draft, error)
	// ResendOutgoing and ConfirmOutgoingSent settle a message whose fate
	// is unknown: "Send again" and "It arrived".
	ResendOutgoing(ctx context.Context, id int64) error
	ConfirmOutgoingSent(ctx context.Context, id int64) error
	CreateFolder(ctx context.Context, accountID, name string) error
	RenameFolder(ctx context.Context, accountID, name, newName string) error
	DeleteFolder(ctx context.Context, accountID, name string) error
	UpdateAccount(a accounts.Account) error
	RemoveAccount(ctx context.Context, id string) error
	SearchServer(ctx context.Context, folderID int64, text string) ([]storage.MessageSummary, error)
}
