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

	// mu guards tok, gen and flight; it is never held across the
	// keychain or the token endpoint.
	mu     sync.Mutex
	tok    *oauth2.Token
	gen    int      // counts sign-ins (Start), so a renewal begun before one is not kept
	flight *renewal // the renewal under way, if any
}

// renewal is one renewal of the access token, which every Token call that
// needs a new token while it runs waits for and shares.
type renewal struct {
	done chan struct{} // closed when the fields below are set
	tok  string
	err  error
	// abandoned: it failed because its caller's context ended, which says
	// nothing to the others waiting.
	abandoned bool
	gen       int // the session's gen when it began
}

func (s *Session) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

// Token returns a current access token, renewing it with the stored refresh
// token when it is missing or expires within RefreshMargin. One renewal
// runs at a time, and calls that need it meanwhile wait for it without
// holding anything. A revoked grant gives a *SignInAgainError; a provider
// that cannot be reached gives an error wrapping ErrOffline and
// accounts.ErrUnreachable, which the engine treats as being offline.
func (s *Session) Token(ctx context.Context) (string, error) {
	for {
		s.mu.Lock()
		if s.tok != nil && s.tok.AccessToken != "" &&
			(s.tok.Expiry.IsZero() || s.tok.Expiry.Sub(s.now()) > RefreshMargin) {
			tok := s.tok.AccessToken
			s.mu.Unlock()
			return tok, nil
		}
		r := s.flight
		if r == nil {
			r = &renewal{done: make(chan struct{}), gen: s.gen}
			s.flight = r
			s.mu.Unlock()
			s.renew(ctx, r)
			return r.tok, r.err
		}
		s.mu.Unlock()
		select {
		case <-r.done:
		case <-ctx.Done():
			return "", ctx.Err()
		}
		// The renewal was given up because its caller gave up: this
		// caller, still waiting, tries itself.
		if !r.abandoned {
			return r.tok, r.err
		}
	}
}

// renew carries out r, keeps its token unless a sign-in came meanwhile,
// and wakes those waiting for it, even if the renewal panics.
func (s *Session) renew(ctx context.Context, r *renewal) {
	var tok *oauth2.Token
	err := errors.New("oauth: the renewal of the sign-in stopped")
	defer func() {
		s.mu.Lock()
		if err == nil {
			r.tok = tok.AccessToken
			if s.gen == r.gen {
				s.tok = tok
			}
		}
		r.err = err
		r.abandoned = err != nil && ctx.Err() != nil
		s.flight = nil
		s.mu.Unlock()
		close(r.done)
	}()
	tok, err = s.refresh(ctx)
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
	s.gen++
	s.mu.Unlock()
	return nil
}

// refresh asks the token endpoint for a new access token with the stored
// refresh token, and saves a new refresh token the provider sends.
func (s *Session) refresh(ctx context.Context) (*oauth2.Token, error) {
	rt, err := s.Store.Load(ctx, s.AccountID)
	if errors.Is(err, ErrNotSignedIn) {
		return nil, &SignInAgainError{Address: s.Address, Reason: "no refresh token stored"}
	}
	if err != nil {
		return nil, err
	}
	src := config(s.Issuer, "").TokenSource(withClient(ctx, s.HTTPClient), &oauth2.Token{RefreshToken: rt})
	tok, err := src.Token()
	if err != nil {
		err = tokenError("renew the sign-in", err)
		var again *SignInAgainError
		if errors.As(err, &again) {
			again.Address = s.Address
			return nil, again
		}
		if errors.Is(err, ErrOffline) {
			return nil, fmt.Errorf("%w (%w)", err, accounts.ErrUnreachable)
		}
		return nil, err
	}
	if tok.RefreshToken != "" && tok.RefreshToken != rt {
		// RFC 6749 section 6: the old refresh token may already be void.
		if err := s.Store.Save(ctx, s.AccountID, tok.RefreshToken); err != nil {
			return nil, err
		}
	}
	return tok, nil
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
