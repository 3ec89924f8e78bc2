package engine

import (
	"context"
	"crypto/tls"

	"github.com/tern-mail/tern/accounts"
	"github.com/tern-mail/tern/accounts/demo"
	"github.com/tern-mail/tern/accounts/imap"
	"github.com/tern-mail/tern/accounts/smtp"
)

// StartDemo runs the demo mailbox's servers (once) and makes sure the demo
// account exists and points at them. It returns the account.
func (e *Engine) StartDemo(ctx context.Context) (accounts.Account, error) {
	e.mu.Lock()
	srv := e.demo
	e.mu.Unlock()
	if srv == nil {
		var err error
		if srv, err = demo.Start(); err != nil {
			return accounts.Account{}, err
		}
		e.mu.Lock()
		e.demo = srv
		e.mu.Unlock()
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

// imapOptions are the IMAP options for a: the engine's, and for the demo
// account its own certificate authority. The demo's authority is trusted
// for the demo only: another account's server with a certificate it signed
// stays untrusted.
func (e *Engine) imapOptions(a accounts.Account) imap.Options {
	o := e.IMAP
	if tc := e.demoTLS(a); tc != nil && o.TLSConfig == nil {
		o.TLSConfig = tc
	}
	return o
}

// smtpOptions are the SMTP options for a, as imapOptions.
func (e *Engine) smtpOptions(a accounts.Account) smtp.Options {
	o := e.SMTP
	if tc := e.demoTLS(a); tc != nil && o.TLSConfig == nil {
		o.TLSConfig = tc
	}
	return o
}

// demoTLS is the demo server's client TLS settings when a is the demo
// account and the demo runs.
func (e *Engine) demoTLS(a accounts.Account) *tls.Config {
	if !a.Demo {
		return nil
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.demo == nil {
		return nil
	}
	return e.demo.ClientTLS
}

// stopDemo ends the demo servers, if running.
func (e *Engine) stopDemo() {
	e.mu.Lock()
	srv := e.demo
	e.demo = nil
	e.mu.Unlock()
	if srv != nil {
		srv.Close()
	}
}
