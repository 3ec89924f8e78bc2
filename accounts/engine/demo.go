package engine

import (
	"context"
	"crypto/tls"

	"github.com/tern-mail/tern/accounts"
	"github.com/tern-mail/tern/accounts/demo"
	"github.com/tern-mail/tern/accounts/imap"
	"github.com/tern-mail/tern/accounts/smtp"
)

// startDemoServers starts the demo mailbox's servers (tests count it).
var startDemoServers = demo.Start

// demoStart is one run of StartDemo, which calls made while it runs wait
// for and share.
type demoStart struct {
	done chan struct{} // closed when a and err are set
	a    accounts.Account
	err  error
}

// StartDemo runs the demo mailbox's servers (once) and makes sure the demo
// account exists and points at them. It returns the account. Calls made
// while one runs wait for its answer (or for ctx to end) rather than
// starting servers of their own.
func (e *Engine) StartDemo(ctx context.Context) (accounts.Account, error) {
	e.mu.Lock()
	run := e.demoStarting
	lead := run == nil
	if lead {
		run = &demoStart{done: make(chan struct{})}
		e.demoStarting = run
	}
	e.mu.Unlock()
	if !lead {
		select {
		case <-run.done:
			return run.a, run.err
		case <-ctx.Done():
			return accounts.Account{}, ctx.Err()
		}
	}
	defer func() {
		e.mu.Lock()
		e.demoStarting = nil
		e.mu.Unlock()
		close(run.done)
	}()
	run.a, run.err = e.startDemo(ctx)
	return run.a, run.err
}

// startDemo does StartDemo's work; one runs at a time.
func (e *Engine) startDemo(ctx context.Context) (accounts.Account, error) {
	e.mu.Lock()
	srv := e.demo
	e.mu.Unlock()
	if srv == nil {
		var err error
		if srv, err = startDemoServers(); err != nil {
			return accounts.Account{}, err
		}
		e.mu.Lock()
		e.demo = srv
		e.mu.Unlock()
		e.demoTLSConfig.Store(srv.ClientTLS)
	}
	want := srv.Account()
	if a, err := e.m.Get(demo.Address); err == nil {
		a.Incoming, a.Outgoing, a.Demo = want.Incoming, want.Outgoing, true
		return a, e.m.Update(a)
	}
	want.ID = ""
	a, err := e.m.Add(ctx, want, "")
	if err == nil {
		e.StartAccount(a)
	}
	return a, err
}

// imapOptions are the IMAP options for a: the demo's certificate is
// trusted for the demo account, on top of the system's roots.
func (e *Engine) imapOptions(a accounts.Account) imap.Options {
	o := e.opts.IMAP
	if tls := e.demoTLS(a); tls != nil {
		o.TLSConfig = tls
	}
	return o
}

// smtpOptions are the sending options for a (see imapOptions).
func (e *Engine) smtpOptions(a accounts.Account) smtp.Options {
	o := e.opts.SMTP
	if tls := e.demoTLS(a); tls != nil {
		o.TLSConfig = tls
	}
	return o
}

// demoTLS is the demo servers' client TLS configuration when a is the
// demo account, the servers run and no TLS configuration was given.
func (e *Engine) demoTLS(a accounts.Account) *tls.Config {
	if !a.Demo {
		return nil
	}
	return e.demoTLSConfig.Load()
}

// password returns an account's password: the demo's own, or the
// keychain's.
func (e *Engine) password(ctx context.Context, a accounts.Account) (string, error) {
	if a.Demo {
		return demo.Password, nil
	}
	if a.Incoming.Auth == accounts.OAuth2 {
		return e.oauthToken(ctx, a)
	}
	return e.m.Password(ctx, a.ID)
}

// stopDemo ends the demo servers, if running.
func (e *Engine) stopDemo() {
	e.mu.Lock()
	srv := e.demo
	e.demo = nil
	e.mu.Unlock()
	e.demoTLSConfig.Store(nil)
	if srv != nil {
		srv.Close()
	}
}
