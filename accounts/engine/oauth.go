package engine

import (
	"context"
	"fmt"

	"golang.org/x/oauth2"

	"github.com/tern-mail/tern/accounts"
	"github.com/tern-mail/tern/accounts/autoconfig"
	"github.com/tern-mail/tern/accounts/oauth"
)

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
		return oauth.Issuer{}, fmt.Errorf("no browser sign-in is known for %s", a.Incoming.Host)
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
	return oauth.SignIn{Issuer: is, LoginHint: a.Address, Open: open, HTTPClient: e.creds.http}.Run(ctx)
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
	if err := s.Start(ctx, tok); err != nil {
		return err
	}
	e.unblock(a)
	return nil
}

// session returns a's token session, making it on first use.
func (e *Engine) session(a accounts.Account) (*oauth.Session, error) {
	e.creds.mu.Lock()
	defer e.creds.mu.Unlock()
	if s, ok := e.creds.m[a.ID]; ok {
		return s, nil
	}
	is, err := e.OAuthIssuer(a)
	if err != nil {
		return nil, err
	}
	if e.creds.m == nil {
		e.creds.m = map[string]*oauth.Session{}
	}
	s := &oauth.Session{Issuer: is, Store: oauth.Store{Secrets: e.m.Secrets()}, AccountID: a.ID,
		Address: a.Address, HTTPClient: e.creds.http}
	e.creds.m[a.ID] = s
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

// OAuthProvider names the provider whose web page signs address in
// ("Microsoft", "Google") when Tern's provider list knows the address's
// domain, and whether this build can do that sign-in (it has a client ID).
// It needs no network.
func (e *Engine) OAuthProvider(address string) (name string, usable bool) {
	cfg, ok := autoconfig.Builtin(address)
	if !ok || len(cfg.Incoming) == 0 {
		return "", false
	}
	p, err := oauth.Load(e.m.ProfileDir())
	if err != nil {
		return "", false
	}
	is, ok := p.ForHost(cfg.Incoming[0].Host)
	if !ok {
		return "", false
	}
	return is.Name, is.Usable()
}

// SignInAccount adds a with a browser sign-in: open shows the sign-in
// address, the servers are tried with the token, and the account is saved
// with its refresh token in the keychain, then started.
func (e *Engine) SignInAccount(ctx context.Context, a accounts.Account, open func(string) error) (accounts.Account, error) {
	a.Incoming.Auth = accounts.OAuth2
	if a.Outgoing.Host != "" {
		a.Outgoing.Auth = accounts.OAuth2
	}
	if err := a.Validate(); err != nil {
		return a, err
	}
	tok, err := e.SignIn(ctx, a, open)
	if err != nil {
		return a, err
	}
	if err := e.TestOAuthLogin(ctx, a, tok); err != nil {
		return a, err
	}
	saved, err := e.m.Add(ctx, a, "")
	if err != nil {
		return saved, err
	}
	if err := e.SaveSignIn(ctx, saved, tok); err != nil {
		e.m.Remove(ctx, saved.ID)
		return saved, err
	}
	e.StartAccount(saved)
	return saved, nil
}

// SignInAgain repeats the browser sign-in of a saved account and lets its
// worker log in again.
func (e *Engine) SignInAgain(ctx context.Context, a accounts.Account, open func(string) error) error {
	tok, err := e.SignIn(ctx, a, open)
	if err != nil {
		return err
	}
	if err := e.TestOAuthLogin(ctx, a, tok); err != nil {
		return err
	}
	return e.SaveSignIn(ctx, a, tok)
}
