package imap

import (
	"context"
	"fmt"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"

	"github.com/tern-mail/tern/accounts"
	"github.com/tern-mail/tern/storage"
)

// idleRestart ends IDLE before servers' 30-minute inactivity limit
// (RFC 2177 section 3); the keepalive's NOOP (keepalive.go) comes sooner.
const idleRestart = 25 * time.Minute

// pollInterval is how often a server without IDLE is asked for news.
const pollInterval = time.Minute

// reconnectBackoff spaces the attempts to reach a server that failed.
var reconnectBackoff = accounts.Backoff{First: 2 * time.Second, Max: 5 * time.Minute}

// PolicyFor returns the offline policy an account asks for.
func PolicyFor(a accounts.Account) Policy {
	if a.OfflineDays > 0 {
		return Policy{BodiesSince: time.Now().AddDate(0, 0, -a.OfflineDays)}
	}
	return Policy{}
}

// SyncOnce connects, runs one full pass (actions, folders, headers,
// bodies) and logs out.
func SyncOnce(ctx context.Context, a accounts.Account, st *storage.Store, password string, opts Options) error {
	c, err := Dial(ctx, a.Incoming, password, opts)
	if err != nil {
		return err
	}
	defer c.Close()
	return c.Sync(ctx, st, a.ID, PolicyFor(a))
}

// Worker keeps one IMAP account in sync while Tern runs: a pass at
// connect, then IDLE on the Inbox (or NOOP polling) and a pass whenever the
// server reports news, the user acts (Kick) or the check interval passes.
// A lost connection is retried with capped exponential backoff.
type Worker struct {
	Account  accounts.Account
	Store    *storage.Store
	Password func(ctx context.Context) (string, error)
	Options  Options
	// OnStatus, if set, hears when the worker goes online (err == nil) or
	// offline (with the reason).
	OnStatus func(online bool, err error)

	// Kicker's Kick asks for a pass soon (after a local action, or "Get
	// mail").
	accounts.Kicker
	// recheck is kicked by Recheck.
	recheck accounts.Kicker

	// beforeIdle, if set, runs when a pass has ended and the worker is
	// about to wait for news (tests deliver mail in exactly that gap).
	beforeIdle func()
	// idling, if set, runs each time the server has accepted IDLE (tests
	// wait for it).
	idling func()
	// lastBehind is the Inbox's state that last sent the worker back to
	// sync instead of waiting (see behind).
	lastBehind inboxState
}

func (w *Worker) status(online bool, err error) {
	if w.OnStatus != nil {
		w.OnStatus(online, err)
	}
}

// Recheck tells the worker that the network may have changed (it came
// back, the computer woke up, another connection to the account's servers
// just worked): a worker waiting to reconnect does so at once, with its
// backoff started afresh; a connected one checks at once that the server
// still answers (ending IDLE and asking NOOP within the NOOP timeout).
// It never blocks.
func (w *Worker) Recheck() { w.recheck.Kick() }

// Run works until ctx is cancelled. A lost connection is retried after
// reconnectBackoff, and at once (the backoff started afresh) when kicked
// or rechecked.
func (w *Worker) Run(ctx context.Context) {
	attempt := 0
	for {
		err := w.session(ctx, func() { attempt = 0 })
		if ctx.Err() != nil {
			return
		}
		w.status(false, err)
		t := time.NewTimer(w.Options.reconnect().Delay(attempt))
		attempt++
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-t.C:
		case <-w.Kicked():
			t.Stop()
			attempt = 0
		case <-w.recheck.Kicked():
			t.Stop()
			attempt = 0
		}
	}
}

// session is one connection's life: it returns when the connection fails
// or ctx ends.
func (w *Worker) session(ctx context.Context, connected func()) error {
	pw, err := w.Password(ctx)
	if err != nil {
		return err
	}
	c, err := Dial(ctx, w.Account.Incoming, pw, w.Options)
	if err != nil {
		return err
	}
	defer c.Close()
	stop := context.AfterFunc(ctx, c.closeNow)
	defer stop()
	connected()
	w.status(true, nil)
	for {
		if err := c.Sync(ctx, w.Store, w.Account.ID, PolicyFor(w.Account)); err != nil {
			if c.broken() || ctx.Err() != nil {
				return err
			}
			w.status(true, err) // a folder failed; the connection is fine
			if w.Store.Trouble() != storage.TroubleNone {
				if err := w.waitForRoom(ctx, c); err != nil {
					return err
				}
				continue // a pass, to see whether mail can be kept again
			}
		} else {
			w.status(true, nil) // clears a problem of an earlier pass
		}
		if err := w.wait(ctx, c); err != nil {
			return err
		}
	}
}

// wait returns when there is reason for another pass.
func (w *Worker) wait(ctx context.Context, c *Conn) error {
	if w.beforeIdle != nil {
		w.beforeIdle()
	}
	// Our own commands caused some of the unilateral responses seen so far.
	c.wake.Clear()
	deadline := time.NewTimer(w.Account.CheckInterval())
	defer deadline.Stop()
	behind, err := w.inboxBehind(ctx, c)
	if err != nil || behind {
		return err // on news, another pass now
	}
	if c.canIdle() {
		return w.idle(ctx, c, deadline.C)
	}
	return w.poll(ctx, c, deadline.C)
}

// inboxBehind selects the Inbox and reports whether it holds news the
// last pass did not see. It selects afresh, not from the cached selection:
// mail that came after the Inbox's sync shows only in this SELECT's EXISTS
// and UIDNEXT (RFC 9051 section 6.3.2), and IDLE will not announce it.
func (w *Worker) inboxBehind(ctx context.Context, c *Conn) (bool, error) {
	c.forgetSelection()
	inbox, known := inboxFolder(ctx, w.Store, w.Account.ID)
	sel, err := c.selectFolder(inbox.Name)
	if err != nil || !known {
		return false, err
	}
	return w.behind(ctx, inbox, sel)
}

// idle waits in IDLE (RFC 2177) until the server reports news, the user
// kicks, the check interval passes (deadline) or ctx ends. IDLE is
// restarted every idleRestart meanwhile.
func (w *Worker) idle(ctx context.Context, c *Conn, deadline <-chan time.Time) error {
	for {
		reason, err := w.idleOnce(ctx, c, deadline)
		if err != nil {
			return err
		}
		if reason == "stop" {
			return ctx.Err()
		}
		if reason != "" {
			c.forgetSelection()
			return nil
		}
	}
}

// idleOnce runs one IDLE command and tells why it ended: "stop" (ctx
// ended), "kick", "news", "interval", or "" when it is time to restart it.
// Every KeepAlive, and at once when rechecked, it ends IDLE and asks NOOP
// within the NOOP timeout, so a connection that died silently is found.
func (w *Worker) idleOnce(ctx context.Context, c *Conn, deadline <-chan time.Time) (string, error) {
	c.raw.SetQuiet(true)
	idle, err := c.c.Idle()
	if err != nil {
		return "", fmt.Errorf("imap: idle: %w", err)
	}
	if w.idling != nil {
		w.idling() // Idle returns once the server's "+" came
	}
	probe := time.NewTimer(c.opts.keepAlive())
	defer probe.Stop()
	reason, check := "", false
	select {
	case <-ctx.Done():
		reason = "stop"
	case <-w.Kicked():
		reason = "kick"
	case <-c.wake.Kicked():
		reason = "news"
	case <-deadline:
		reason = "interval"
	case <-probe.C:
		check = true
	case <-w.recheck.Kicked():
		check = true
	case <-c.c.Closed():
		return "", fmt.Errorf("imap: connection closed while idle")
	}
	if check {
		defer c.shortDeadline()() // bounds the end of IDLE too
	}
	c.raw.SetQuiet(false)
	// What came during IDLE and the answer to DONE: a budget of their own.
	if err := c.within(accounts.Budget{What: "IDLE", Bytes: accounts.DefaultUnsolicited}, func() error { return endIdle(idle) }); err != nil {
		return "", err
	}
	if check {
		return "", c.check()
	}
	return reason, nil
}

// endIdle sends DONE and waits for the server's answer to IDLE.
func endIdle(idle *imapclient.IdleCommand) error {
	if err := idle.Close(); err != nil {
		return fmt.Errorf("imap: end idle: %w", err)
	}
	if err := idle.Wait(); err != nil {
		return fmt.Errorf("imap: end idle: %w", err)
	}
	return nil
}

// poll waits on a server without IDLE: it asks with NOOP every
// pollInterval (and at once when rechecked), new mail arriving as EXISTS,
// until there is news, the user kicks, the check interval passes
// (deadline) or ctx ends. A NOOP unanswered within the NOOP timeout means
// the connection is dead.
func (w *Worker) poll(ctx context.Context, c *Conn, deadline <-chan time.Time) error {
	poll := time.NewTicker(min(pollInterval, c.opts.keepAlive()))
	defer poll.Stop()
	for {
		c.raw.SetQuiet(true)
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-w.Kicked():
			c.raw.SetQuiet(false)
			return nil
		case <-deadline:
			c.raw.SetQuiet(false)
			return nil
		case <-c.c.Closed():
			return fmt.Errorf("imap: connection closed")
		case <-poll.C:
		case <-w.recheck.Kicked():
		}
		c.raw.SetQuiet(false)
		if err := c.check(); err != nil {
			return err
		}
		if c.wake.Clear() { // the NOOP brought news
			c.forgetSelection()
			return nil
		}
	}
}

// inboxFolder returns the account's Inbox as stored, and whether it is;
// when it is not, its name is "INBOX".
func inboxFolder(ctx context.Context, st *storage.Store, accountID string) (storage.Folder, bool) {
	if f, err := st.FolderByName(ctx, accountID, "INBOX"); err == nil {
		return f, true
	}
	return storage.Folder{Name: "INBOX"}, false
}

// behind reports whether the server's Inbox, as sel shows it, has changed
// since the store's last sync of it: another UIDVALIDITY or UIDNEXT, or
// another number of messages. The same difference is reported only once in
// a row, so a message the pass cannot store does not make the worker spin.
func (w *Worker) behind(ctx context.Context, inbox storage.Folder, sel *imap.SelectData) (bool, error) {
	f, err := w.Store.FolderByID(ctx, inbox.ID) // as the pass left it
	if err != nil {
		return false, err
	}
	local, err := w.Store.LocalUIDs(ctx, f.ID)
	if err != nil {
		return false, err
	}
	seen := inboxState{validity: sel.UIDValidity, next: uint32(sel.UIDNext), exists: sel.NumMessages}
	if f.UIDValidity == sel.UIDValidity && f.UIDNext == uint32(sel.UIDNext) && len(local) == int(sel.NumMessages) {
		w.lastBehind = inboxState{}
		return false, nil
	}
	if seen == w.lastBehind {
		return false, nil // this pass already tried
	}
	w.lastBehind = seen
	return true, nil
}

// inboxState is what SELECT said of the Inbox.
type inboxState struct {
	validity, next, exists uint32
}
