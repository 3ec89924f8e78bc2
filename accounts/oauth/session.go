package oauth

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"time"

	"golang.org/x/oauth2"

	"github.com/tern-mail/tern/accounts"
)

// RefreshMargin is how long before its expiry an access token is renewed,
// so a token never runs out in the middle of a login.
const RefreshMargin = 2 * time.Minute

// Session hands out access tokens for one account. Access tokens live only
// in its memory; the refresh token lives only in the Store, and a new one
// the provider sends (rotation) is saved there at once.
type Session struct {
	Issuer    Issuer
	Store     Store
	AccountID string
	Address   string
	// HTTPClient talks to the token endpoint; nil is http.DefaultClient.
	HTTPClient *http.Client
	// Now is the clock; nil is time.Now.
	Now func() time.Time

	mu  sync.Mutex
	tok *oauth2.Token
}

func (s *Session) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

// Token returns a current access token, renewing it with the stored refresh
// token when it is missing or expires within RefreshMargin. A revoked grant
// gives a *SignInAgainError; a provider that cannot be reached gives an
// error wrapping ErrOffline and accounts.ErrUnreachable, which the engine
// treats as being offline.
func (s *Session) Token(ctx context.Context) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.tok != nil && s.tok.AccessToken != "" &&
		(s.tok.Expiry.IsZero() || s.tok.Expiry.Sub(s.now()) > RefreshMargin) {
		return s.tok.AccessToken, nil
	}
	return s.refreshLocked(ctx)
}

// Invalidate forgets the access token, so the next Token renews it.
func (s *Session) Invalidate() {
	s.mu.Lock()
	s.tok = nil
	s.mu.Unlock()
}

// Start keeps tok, the answer to a browser sign-in: its refresh token goes
// into the Store and its access token into memory.
func (s *Session) Start(ctx context.Context, tok *oauth2.Token) error {
	if err := s.Store.Save(ctx, s.AccountID, tok.RefreshToken); err != nil {
		return err
	}
	s.mu.Lock()
	s.tok = tok
	s.mu.Unlock()
	return nil
}

func (s *Session) refreshLocked(ctx context.Context) (string, error) {
	rt, err := s.Store.Load(ctx, s.AccountID)
	if errors.Is(err, ErrNotSignedIn) {
		return "", &SignInAgainError{Address: s.Address, Reason: "no refresh token stored"}
	}
	if err != nil {
		return "", err
	}
	src := config(s.Issuer, "").TokenSource(withClient(ctx, s.HTTPClient), &oauth2.Token{RefreshToken: rt})
	tok, err := src.Token()
	if err != nil {
		err = tokenError("renew the sign-in", err)
		var again *SignInAgainError
		if errors.As(err, &again) {
			again.Address = s.Address
			return "", again
		}
		if errors.Is(err, ErrOffline) {
			return "", fmt.Errorf("%w (%w)", err, accounts.ErrUnreachable)
		}
		return "", err
	}
	if tok.RefreshToken != "" && tok.RefreshToken != rt {
		// RFC 6749 section 6: the old refresh token may already be void.
		if err := s.Store.Save(ctx, s.AccountID, tok.RefreshToken); err != nil {
			return "", err
		}
	}
	s.tok = tok
	return tok.AccessToken, nil
}

// Do runs login with a current access token. When the server refuses a
// token that should still be valid (revoked early, clock skew), the token
// is renewed once and login tried once more.
func (s *Session) Do(ctx context.Context, login func(token string) error) error {
	tok, err := s.Token(ctx)
	if err != nil {
		return err
	}
	err = login(tok)
	if !errors.Is(err, accounts.ErrAuthFailed) {
		return err
	}
	s.Invalidate()
	tok, terr := s.Token(ctx)
	if terr != nil {
		return terr
	}
	return login(tok)
}
