package engine

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"

	"golang.org/x/oauth2"

	"github.com/tern-mail/tern/accounts"
	"github.com/tern-mail/tern/accounts/imap"
	"github.com/tern-mail/tern/accounts/oauth"
	"github.com/tern-mail/tern/accounts/pop3"
)

// oauthSessions holds the access tokens of browser-signed-in accounts, in
// memory only. The zero value is ready.
type oauthSessions struct {
	mu sync.Mutex
	m  map[string]*oauth.Session
	// http talks to token endpoints; nil is http.DefaultClient.
	http *http.Client
}

// OAuthIssuer returns the issuer that signs a's server in: the built-in
// table with the profile's oauth-providers.json, chosen by the incoming
// server's host.
func (e *Engine) OAuthIssuer(a accounts.Account) (oauth.Issuer, error) {
	p, err := oauth.Load(e.m.ProfileDir())
	if err != nil {
		return oauth.Issuer{}, err
	}
	is, ok := p.ForHost(a.Incoming.Host)
	if !ok {
		return oauth.Issuer{}, fmt.Errorf("Tern knows no browser sign-in for %s", a.Incoming.Host)
	}
	if !is.Usable() {
		return is, fmt.Errorf("%s: %w", is.Name, oauth.ErrNotConfigured)
	}
	return is, nil
}

// SignIn runs the browser sign-in for a; open shows the sign-in address.
// The token is not stored: TestOAuthLogin checks it, SaveSignIn keeps it.
func (e *Engine) SignIn(ctx context.Context, a accounts.Account, open func(string) error) (*oauth2.Token, error) {
	is, err := e.OAuthIssuer(a)
	if err != nil {
		return nil, err
	}
	return oauth.SignIn{Issuer: is, LoginHint: a.Address, Open: open, HTTPClient: e.oauth.http}.Run(ctx)
}

// TestOAuthLogin logs in to a's servers with the access token of a fresh
// sign-in, as the wizard does before saving.
func (e *Engine) TestOAuthLogin(ctx context.Context, a accounts.Account, tok *oauth2.Token) error {
	return e.TestLogin(ctx, a, tok.AccessToken)
}

// SaveSignIn keeps tok for the saved account a: its refresh token in the
// keychain, its access token in memory.
func (e *Engine) SaveSignIn(ctx context.Context, a accounts.Account, tok *oauth2.Token) error {
	s, err := e.session(a)
	if err != nil {
		return err
	}
	return s.Start(ctx, tok)
}

// session returns a's token session, making it on first use.
func (e *Engine) session(a accounts.Account) (*oauth.Session, error) {
	e.oauth.mu.Lock()
	defer e.oauth.mu.Unlock()
	if s, ok := e.oauth.m[a.ID]; ok {
		return s, nil
	}
	is, err := e.OAuthIssuer(a)
	if err != nil {
		return nil, err
	}
	if e.oauth.m == nil {
		e.oauth.m = map[string]*oauth.Session{}
	}
	s := &oauth.Session{Issuer: is, Store: oauth.Store{Secrets: e.m.Secrets()}, AccountID: a.ID,
		Address: a.Address, HTTPClient: e.oauth.http}
	e.oauth.m[a.ID] = s
	return s, nil
}

// oauthToken returns a current access token for a.
func (e *Engine) oauthToken(ctx context.Context, a accounts.Account) (string, error) {
	s, err := e.session(a)
	if err != nil {
		return "", err
	}
	return s.Token(ctx)
}

// tokenRefused is told that a server refused a's token, so the next login
// renews it first.
func (e *Engine) tokenRefused(a accounts.Account, err error) {
	if a.Incoming.Auth != accounts.OAuth2 || !errors.Is(err, accounts.ErrAuthFailed) {
		return
	}
	e.oauth.mu.Lock()
	s := e.oauth.m[a.ID]
	e.oauth.mu.Unlock()
	if s != nil {
		s.Invalidate()
	}
}

// withCredential runs login with a's password or, for a browser sign-in,
// its access token, renewing a refused token once and trying once more.
func (e *Engine) withCredential(ctx context.Context, a accounts.Account, login func(secret string) error) error {
	if a.Incoming.Auth != accounts.OAuth2 || a.Demo {
		pw, err := e.password(ctx, a)
		if err != nil {
			return err
		}
		return login(pw)
	}
	s, err := e.session(a)
	if err != nil {
		return err
	}
	return s.Do(ctx, login)
}

// checkOAuth logs in to a's incoming server with its stored sign-in: what
// `tern account signin` and the settings check do.
func (e *Engine) checkOAuth(ctx context.Context, a accounts.Account) error {
	return e.withCredential(ctx, a, func(tok string) error {
		switch a.Protocol {
		case accounts.IMAP:
			c, err := imap.Dial(ctx, a.Incoming, tok, e.IMAP)
			if err != nil {
				return err
			}
			return c.Close()
		case accounts.POP3:
			c, err := pop3.Dial(ctx, a.Incoming, tok, e.POP3)
			if err != nil {
				return err
			}
			return c.Close()
		}
		return fmt.Errorf("engine: unknown protocol %q", a.Protocol)
	})
}
