package imap

import (
	"context"
	"errors"
	"io"

	"github.com/emersion/go-imap/v2/imapclient"

	"github.com/tern-mail/tern/accounts"
)

// Every command goes to the server within a budget (accounts/budget.go):
// the most its answer may hold and, for one that moves a known amount,
// time to move it at the slowest rate allowed. The caps are far above
// what a real server sends: they are there for one that sends without
// end.
const (
	// answerBytes caps the answer to a command that moves little
	// (LOGIN, SELECT, STORE), and is added to every other cap, with
	// newsBytes for each message of the selected folder: what the server
	// may tell of changes to them (EXPUNGE, FETCH FLAGS) on the way.
	answerBytes = 1 << 20
	newsBytes   = 256
	// maxFolders caps the folders of one LIST, and folderBytes what one
	// may take (with its STATUS under LIST-STATUS).
	maxFolders  = 10000
	folderBytes = 4 << 10
	// envelopeBytes is what a message's envelope may take in a FETCH of
	// envelopes, flagBytes its flags, uidBytes its UID in a SEARCH.
	envelopeBytes = 256 << 10
	flagBytes     = 4 << 10
	uidBytes      = 12
	// fetchSlack is how many more messages than asked a FETCH may
	// answer for (a server may report flags of others as they change).
	fetchSlack = 1000
)

// small is the budget of a command that moves little.
func (c *Conn) small(what string) accounts.Budget { return c.sparse(what, 0) }

// sparse is transfer for an answer of a few lines that may come far
// apart (accounts.Budget.Sparse): SEARCH, STORE, a run of STATUS.
func (c *Conn) sparse(what string, n int64) accounts.Budget {
	b := c.transfer(what, n)
	b.Sparse = true
	return b
}

// transfer is the budget of a command that moves about n bytes: the
// answer may hold that and the room of small more, and takes the time to
// move n bytes at the slowest rate allowed.
func (c *Conn) transfer(what string, n int64) accounts.Budget {
	room := answerBytes + int64(c.messages())*newsBytes
	return accounts.Budget{What: what, Bytes: n + room, Time: c.raw.Limits().Transfer(n)}
}

// within runs fn — one command, or a few pipelined — within budget b.
// When the connection was cut off meanwhile, the error is why (a
// *accounts.ServerError); when the server hung up in the middle of the
// answer, one of kind HungUp.
func (c *Conn) within(b accounts.Budget, fn func() error) error {
	raw := c.raw
	end := raw.Begin(b)
	err := fn()
	end()
	if t := raw.Tripped(); t != nil {
		return t
	}
	if err != nil && (errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF)) {
		// The connection is over, though go-imap's reader may not know
		// yet: noted, so that nothing more is asked on it (broken).
		return raw.Trip(accounts.HungUp, b.What)
	}
	return err
}

// run runs fn, a command that moves little (CREATE, SUBSCRIBE …), within
// a small budget.
func (c *Conn) run(what string, fn func() error) error {
	return c.within(c.small(what), fn)
}

// setClient puts a new connection in place of the one before (see
// rescue), under the lock that closeNow takes.
func (c *Conn) setClient(client *imapclient.Client, raw *accounts.DeadlineConn, names *nameConn) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.c, c.raw, c.names = client, raw, names
	c.selected, c.selectedData = "", nil
}

// closeNow closes the connection at once, from any goroutine.
func (c *Conn) closeNow() {
	c.mu.Lock()
	client := c.c
	c.mu.Unlock()
	client.Close()
}

// maxRescues is how many times a pass connects again after a server was
// cut off for misbehaving.
const maxRescues = 3

// rescue connects again after the server was cut off for misbehaving
// (err, from the command that tripped) with the connection still
// wanted, so that the pass goes on with the other folders; it reports
// whether it did.
func (c *Conn) rescue(ctx context.Context, err error) bool {
	var se *accounts.ServerError
	if !errors.As(err, &se) || se.Kind == accounts.HungUp || c.again == nil || c.rescues >= maxRescues ||
		ctx.Err() != nil || !c.broken() {
		return false
	}
	c.rescues++
	old := c.c
	if c.again(ctx) != nil {
		return false
	}
	old.Close()
	return true
}
