// Package engine runs the accounts: one background worker per account
// while the window is open, one-shot passes for the command line, and the
// user's actions (applied locally at once, queued for the server).
//
// It sits above the protocol packages so that accounts itself does not
// depend on any of them.
package engine

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"

	"github.com/tern-mail/tern/accounts"
	"github.com/tern-mail/tern/accounts/autoconfig"
	"github.com/tern-mail/tern/accounts/demo"
	"github.com/tern-mail/tern/accounts/imap"
	"github.com/tern-mail/tern/accounts/netwatch"
	"github.com/tern-mail/tern/accounts/pop3"
	"github.com/tern-mail/tern/accounts/remote"
	"github.com/tern-mail/tern/accounts/smtp"
	"github.com/tern-mail/tern/storage"
)

// Options tune an engine. They are fixed when it is made (New).
type Options struct {
	IMAP imap.Options // connection options for IMAP accounts
	POP3 pop3.Options // connection options for POP3 accounts
	SMTP smtp.Options // options for sending
	// Discovery tunes server discovery (tests inject DNS and HTTP).
	Discovery autoconfig.Options
	// Remote tunes the loading of remote pictures the user asked for
	// (tests allow their own loopback server).
	Remote remote.Options
	// Network tells the running engine when the network may have come
	// back (see network.go); nil is netwatch.System(). Tests inject
	// their own.
	Network netwatch.Notifier
}

// Engine runs a Manager's accounts. Each account's connection status is
// kept in the store (storage.Store.ConnectionOf), where the window hears of
// its changes.
type Engine struct {
	m      *accounts.Manager
	st     *storage.Store
	opts   Options         // read-only after New
	images *remote.Fetcher // built on first use, under mu

	// statusHook, if set before Start, hears every worker status after
	// the engine has (tests follow the workers' attempts with it).
	statusHook func(accountID string, online bool, err error)
	// netHook, if set before Start, hears every network event after the
	// engine has acted on it.
	netHook func(netwatch.Event)

	mu      sync.Mutex
	workers map[string]*running
	senders map[string]*accounts.Kicker
	online  map[string]bool // accounts whose last worker status was online (send.go: connected)
	demo    *demo.Server
	// demoStarting is the StartDemo under way, if any (demo.go).
	demoStarting *demoStart
	// demoTLSConfig trusts the demo servers' certificate once they run
	// (read without mu: workers are made under it).
	demoTLSConfig atomic.Pointer[tls.Config]
	runCtx        context.Context    // set by Start: accounts added later get workers too
	stopWatch     context.CancelFunc // ends watchNetwork (network.go)
	wg            sync.WaitGroup
	creds         credentials // sign-in state: access tokens, refused logins (credentials.go)
}

// kicker is what the engine needs of a worker besides running it.
type kicker interface {
	Run(ctx context.Context)
	Kick()
	// Recheck: the network may have changed; reconnect (or check the
	// connection) at once.
	Recheck()
}

type running struct {
	w      kicker
	cancel context.CancelFunc
}

// New returns an engine over m's accounts with opts.
func New(m *accounts.Manager, opts Options) *Engine {
	return &Engine{m: m, st: m.Store(), opts: opts, workers: map[string]*running{}, senders: map[string]*accounts.Kicker{}}
}

// SyncOnce runs one full pass for an account and returns when it is done:
// the outbox first (so the Sent copies go up in the same pass), then mail.
func (e *Engine) SyncOnce(ctx context.Context, a accounts.Account) (err error) {
	defer func() { logPass(a, err) }()
	if a.Demo {
		var err error
		if a, err = e.StartDemo(ctx); err != nil {
			return err
		}
	}
	if _, err := e.password(ctx, a); err != nil {
		return err
	}
	var sendErr error
	if _, err := e.DrainOutbox(ctx, a); err != nil {
		sendErr = fmt.Errorf("sending: %w", err)
	}
	switch a.Protocol {
	case accounts.IMAP:
		return errors.Join(sendErr, e.withCredential(ctx, a, func(pw string) error {
			return imap.SyncOnce(ctx, a, e.st, pw, e.imapOptions(a))
		}))
	case accounts.POP3:
		return errors.Join(sendErr, e.withCredential(ctx, a, func(pw string) error {
			_, err := pop3.Check(ctx, a, e.st, pw, e.opts.POP3)
			return err
		}))
	}
	return fmt.Errorf("engine: %s: %s accounts cannot be synced yet", a.Address, a.Protocol)
}

// Start runs a background worker for every account that has one, and
// listens for the network coming back (Options.Network).
func (e *Engine) Start(ctx context.Context) {
	e.mu.Lock()
	e.runCtx = ctx
	e.mu.Unlock()
	e.watchNetwork(ctx)
	for _, a := range e.m.List() {
		if a.Demo {
			var err error
			id := a.ID
			if a, err = e.StartDemo(ctx); err != nil {
				e.st.SetOnline(id, false, err)
				continue
			}
		}
		e.startAccount(ctx, a)
	}
}

// StartAccount runs the background workers of one (new) account, if the
// engine is running (Start was called).
func (e *Engine) StartAccount(a accounts.Account) {
	e.mu.Lock()
	ctx := e.runCtx
	e.mu.Unlock()
	if ctx != nil {
		e.startAccount(ctx, a)
	}
}

func (e *Engine) startAccount(ctx context.Context, a accounts.Account) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if _, ok := e.workers[a.ID]; ok {
		return
	}
	wctx, cancel := context.WithCancel(ctx)
	password := func(ctx context.Context) (string, error) { return e.workerPassword(ctx, a) }
	status := func(online bool, err error) {
		logStatus(a, online, err)
		e.loginResult(a, online, err)
		e.st.SetBlocked(a.ID, e.Blocked(a.ID))
		e.st.SetOnline(a.ID, online, err)
		e.connected(a.ID, online, err)
		if e.statusHook != nil {
			e.statusHook(a.ID, online, err)
		}
	}
	var w kicker
	switch a.Protocol {
	case accounts.IMAP:
		w = &imap.Worker{Account: a, Store: e.st, Options: e.imapOptions(a), Password: password, OnStatus: status}
	case accounts.POP3:
		w = &pop3.Worker{Account: a, Store: e.st, Options: e.opts.POP3, Password: password, OnStatus: status}
	default:
		cancel()
		return
	}
	e.workers[a.ID] = &running{w: w, cancel: cancel}
	kick := &accounts.Kicker{}
	e.senders[a.ID] = kick
	e.wg.Add(2)
	go func() {
		defer e.wg.Done()
		w.Run(wctx)
	}()
	go func() {
		defer e.wg.Done()
		e.runSender(wctx, a, kick)
	}()
}

// Stop ends every worker and waits for them.
func (e *Engine) Stop() {
	e.mu.Lock()
	for _, r := range e.workers {
		r.cancel()
	}
	e.workers = map[string]*running{}
	e.senders = map[string]*accounts.Kicker{}
	if e.stopWatch != nil {
		e.stopWatch()
		e.stopWatch = nil
	}
	e.mu.Unlock()
	e.wg.Wait()
	e.stopDemo()
}

// Kick asks an account's worker for a pass now.
func (e *Engine) Kick(accountID string) {
	e.mu.Lock()
	r := e.workers[accountID]
	e.mu.Unlock()
	if r != nil {
		r.w.Kick()
	}
}

// FetchBody downloads now the body of a message that the offline policy
// left on the server, so it can be read.
func (e *Engine) FetchBody(ctx context.Context, id int64) error {
	m, err := e.st.Message(ctx, id)
	if err != nil {
		return err
	}
	if m.Raw != nil {
		return nil
	}
	a, err := e.m.Get(m.AccountID)
	if err != nil {
		return err
	}
	if a.Protocol != accounts.IMAP || m.UID == 0 {
		return fmt.Errorf("engine: the body of message %d is not on this computer", id)
	}
	c, err := e.dialIMAP(ctx, a)
	if err != nil {
		return err
	}
	defer c.Close()
	return c.FetchBody(ctx, e.st, m.FolderName, m.UID, id)
}

// SearchServer asks an IMAP account's server to search a folder for text,
// for mail whose body the offline policy left there. It returns the
// matching messages as stored here (their headers always are).
func (e *Engine) SearchServer(ctx context.Context, folderID int64, text string) ([]storage.MessageSummary, error) {
	f, err := e.st.FolderByID(ctx, folderID)
	if err != nil {
		return nil, err
	}
	a, err := e.m.Get(f.AccountID)
	if err != nil {
		return nil, err
	}
	if a.Protocol != accounts.IMAP {
		return nil, nil
	}
	c, err := e.dialIMAP(ctx, a)
	if err != nil {
		return nil, err
	}
	defer c.Close()
	uids, err := c.SearchText(f.Name, text)
	if err != nil {
		return nil, err
	}
	return e.st.MessagesByUID(ctx, f.ID, uids)
}

// dialIMAP logs in to an IMAP account for a one-off request.
func (e *Engine) dialIMAP(ctx context.Context, a accounts.Account) (*imap.Conn, error) {
	pw, err := e.password(ctx, a)
	if err != nil {
		return nil, err
	}
	c, err := imap.Dial(ctx, a.Incoming, pw, e.imapOptions(a))
	if err == nil {
		e.reachable(a.ID)
	}
	return c, err
}
