package oauth

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"testing"

	"github.com/tern-mail/tern/accounts"
	"github.com/tern-mail/tern/internal/oauthserver"
)

// gate holds the first request to the token endpoint, once it has said so
// on entered, until release is closed or the request is given up.
type gate struct {
	once    sync.Once
	entered chan struct{}
	release chan struct{}
}

func (g *gate) RoundTrip(r *http.Request) (*http.Response, error) {
	first := false
	g.once.Do(func() { first = true })
	if first {
		g.entered <- struct{}{}
		select {
		case <-g.release:
		case <-r.Context().Done():
			return nil, r.Context().Err()
		}
	}
	return http.DefaultTransport.RoundTrip(r)
}

func gatedSession(t *testing.T) (*Session, *oauthserver.Server, *gate) {
	as := oauthserver.Start(t, "tern-test")
	s := signedIn(t, as, accounts.NewMemory())
	g := &gate{entered: make(chan struct{}), release: make(chan struct{})}
	s.HTTPClient = &http.Client{Transport: g}
	s.Invalidate()
	return s, as, g
}

// While the token endpoint is slow the session's lock is free; the calls
// that need a token meanwhile share the one renewal; one that gives up
// while waiting returns at once.
func TestSessionRenewsOnceWithoutHoldingItsLock(t *testing.T) {
	s, as, g := gatedSession(t)
	ctx := context.Background()
	type answer struct {
		tok string
		err error
	}
	answers := make(chan answer)
	const callers = 4
	for i := 0; i < callers; i++ {
		go func() {
			tok, err := s.Token(ctx)
			answers <- answer{tok, err}
		}()
	}
	<-g.entered
	if !s.mu.TryLock() {
		t.Fatal("the session's lock is held across the token endpoint")
	}
	s.mu.Unlock()
	gone, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := s.Token(gone); !errors.Is(err, context.Canceled) {
		t.Fatalf("a caller that gave up: %v", err)
	}
	close(g.release)
	var first string
	for i := 0; i < callers; i++ {
		a := <-answers
		if a.err != nil || a.tok == "" || (first != "" && a.tok != first) {
			t.Fatalf("answer %d: %q %v, first %q", i, a.tok, a.err, first)
		}
		first = a.tok
	}
	if n := as.Refreshes(); n != 1 {
		t.Fatalf("%d renewals for %d callers", n, callers)
	}
}

// When the caller that runs the renewal gives up, one still waiting
// renews for itself.
func TestSessionRenewalOutlivesTheCallerThatGaveUp(t *testing.T) {
	s, _, g := gatedSession(t)
	first, cancel := context.WithCancel(context.Background())
	gaveUp := make(chan error)
	go func() {
		_, err := s.Token(first)
		gaveUp <- err
	}()
	<-g.entered
	waiter := make(chan error)
	go func() {
		_, err := s.Token(context.Background())
		waiter <- err
	}()
	cancel()
	if err := <-gaveUp; err == nil {
		t.Fatal("a renewal whose caller gave up succeeded")
	}
	if err := <-waiter; err != nil {
		t.Fatalf("the caller still waiting: %v", err)
	}
	if tok, err := s.Token(context.Background()); err != nil || tok == "" {
		t.Fatalf("afterwards: %q %v", tok, err)
	}
}
