package imap

import (
	"context"
	"fmt"
	"time"

	"github.com/emersion/go-imap/v2"

	"github.com/tern-mail/tern/accounts"
	"github.com/tern-mail/tern/storage"
)

// idleRestart ends IDLE before servers' 30-minute inactivity limit
// (RFC 2177 section 3).
const idleRestart = 25 * time.Minute

// pollInterval is how often a server without IDLE is asked for news.
const pollInterval = time.Minute

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
}

func (w *Worker) status(online bool, err error) {
	if w.OnStatus != nil {
		w.OnStatus(online, err)
	}
}

// Run works until ctx is cancelled.
func (w *Worker) Run(ctx context.Context) {
	attempt := 0
	for {
		err := w.session(ctx, func() { attempt = 0 })
		if ctx.Err() != nil {
			return
		}
		w.status(false, err)
		wait := min(Backoff(attempt), 5*time.Minute)
		attempt++
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-t.C:
		case <-w.Kicked():
			t.Stop()
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
	stop := context.AfterFunc(ctx, func() { c.c.Close() })
	defer stop()
	connected()
	w.status(true, nil)
	for {
		if err := c.Sync(ctx, w.Store, w.Account.ID, PolicyFor(w.Account)); err != nil {
			if c.broken() || ctx.Err() != nil {
				return err
			}
			w.status(true, err) // a folder failed; the connection is fine
		}
		if err := w.wait(ctx, c); err != nil {
			return err
		}
	}
}

// wait returns when there is reason for another pass.
func (w *Worker) wait(ctx context.Context, c *Conn) error {
	// Our own commands caused some of the unilateral responses seen so far.
	select {
	case <-c.wake:
	default:
	}
	interval := w.Account.CheckInterval()
	deadline := time.NewTimer(interval)
	defer deadline.Stop()
	if _, err := c.selectFolder(inboxName(ctx, w.Store, w.Account.ID)); err != nil {
		return err
	}
	if c.caps.Has(imap.CapIdle) {
		for {
			c.raw.SetQuiet(true)
			idle, err := c.c.Idle()
			if err != nil {
				return fmt.Errorf("imap: idle: %w", err)
			}
			restart := time.NewTimer(idleRestart)
			reason := ""
			select {
			case <-ctx.Done():
				reason = "stop"
			case <-w.Kicked():
				reason = "kick"
			case <-c.wake:
				reason = "news"
			case <-deadline.C:
				reason = "interval"
			case <-restart.C:
			case <-c.c.Closed():
				restart.Stop()
				return fmt.Errorf("imap: connection closed while idle")
			}
			restart.Stop()
			c.raw.SetQuiet(false)
			if err := idle.Close(); err != nil {
				return fmt.Errorf("imap: end idle: %w", err)
			}
			if err := idle.Wait(); err != nil {
				return fmt.Errorf("imap: end idle: %w", err)
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
	// No IDLE: ask with NOOP now and then; new mail arrives as EXISTS.
	poll := time.NewTicker(pollInterval)
	defer poll.Stop()
	for {
		c.raw.SetQuiet(true)
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-w.Kicked():
			c.raw.SetQuiet(false)
			return nil
		case <-deadline.C:
			c.raw.SetQuiet(false)
			return nil
		case <-c.c.Closed():
			return fmt.Errorf("imap: connection closed")
		case <-poll.C:
			c.raw.SetQuiet(false)
			if err := c.c.Noop().Wait(); err != nil {
				return fmt.Errorf("imap: noop: %w", err)
			}
			select {
			case <-c.wake:
				c.forgetSelection()
				return nil
			default:
			}
		}
	}
}

// inboxName returns the account's Inbox as the server spells it.
func inboxName(ctx context.Context, st *storage.Store, accountID string) string {
	if f, err := st.FolderByName(ctx, accountID, "INBOX"); err == nil {
		return f.Name
	}
	return "INBOX"
}
