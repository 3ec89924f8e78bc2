package engine

import (
	"context"

	"github.com/tern-mail/tern/accounts"
	"github.com/tern-mail/tern/accounts/demo"
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
		// The demo's certificate is trusted on top of the system's roots.
		if e.IMAP.TLSConfig == nil {
			e.IMAP.TLSConfig = srv.ClientTLS
		}
		if e.SMTP.TLSConfig == nil {
			e.SMTP.TLSConfig = srv.ClientTLS
		}
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
