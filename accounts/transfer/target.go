package transfer

import (
	"context"
	"path/filepath"

	"github.com/tern-mail/tern/accounts"
	"github.com/tern-mail/tern/accounts/imap"
	"github.com/tern-mail/tern/storage"
)

// StateFileName is the file of the profile where imports record how far
// they got (Options.StateFile).
const StateFileName = "import-progress.json"

// StateFile is the import progress file of the profile in dir.
func StateFile(dir string) string { return filepath.Join(dir, StateFileName) }

// Dialer logs in to an IMAP account; the engine's DialIMAP.
type Dialer interface {
	DialIMAP(ctx context.Context, a accounts.Account) (*imap.Conn, error)
}

// OpenTarget returns where account a's imported mail goes, and what to
// call when done with it: an IMAP account's server (on a connection
// from d), a POP3 account's folders here — and the demo mailbox's
// folders here too, its server living in memory for one run only.
func OpenTarget(ctx context.Context, d Dialer, st *storage.Store, a accounts.Account) (Target, func(), error) {
	if a.Protocol != accounts.IMAP || a.Demo {
		return LocalTarget(st, a.ID), func() {}, nil
	}
	c, err := d.DialIMAP(ctx, a)
	if err != nil {
		return nil, nil, err
	}
	t, err := IMAPTarget(ctx, c)
	if err != nil {
		c.Close()
		return nil, nil, err
	}
	return t, func() { c.Close() }, nil
}

// Uploads reports whether a's imported mail goes to a server (and shows
// here after a sync) rather than into folders here.
func Uploads(a accounts.Account) bool { return a.Protocol == accounts.IMAP && !a.Demo }
