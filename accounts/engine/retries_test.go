package engine

import (
	"context"
	"errors"
	"io"
	"net"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tern-mail/tern/accounts"
	"github.com/tern-mail/tern/internal/dovecot"
)

// countingProxy forwards loopback connections to a server and counts
// them: each is one login attempt. The first drop connections are closed
// at once, as a broken network would.
type countingProxy struct {
	ln    net.Listener
	dials atomic.Int32
	drop  int32
	wg    sync.WaitGroup
}

func newCountingProxy(t *testing.T, target int, drop int32) *countingProxy {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &countingProxy{ln: ln, drop: drop}
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			if p.dials.Add(1) <= p.drop {
				c.Close()
				continue
			}
			s, err := net.Dial("tcp", dovecot.Addr(target))
			if err != nil {
				c.Close()
				continue
			}
			p.wg.Add(2)
			go func() { defer p.wg.Done(); io.Copy(s, c); s.Close() }()
			go func() { defer p.wg.Done(); io.Copy(c, s); c.Close() }()
		}
	}()
	t.Cleanup(func() { ln.Close(); p.wg.Wait() })
	return p
}

func (p *countingProxy) port() int { return p.ln.Addr().(*net.TCPAddr).Port }

type attempt struct {
	id     string // the account's
	online bool
	err    error
}

// TestRefusedPasswordIsRetriedAtMostOnce runs real workers against
// Dovecot with a wrong password and counts their connections. A refusal
// stops logins at once; only a refusal right after a network error earns
// one more try. Every further pass (the user's "Get mail") dials nothing.
func TestRefusedPasswordIsRetriedAtMostOnce(t *testing.T) {
	dv := dovecot.Start(t, dovecot.Options{})
	dv.AddUser(t, "gil", "right-pw")
	e, m := newEngine(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	plain := newCountingProxy(t, dv.IMAPSPort, 0)
	flaky := newCountingProxy(t, dv.IMAPSPort, 1)
	add := func(addr string, p *countingProxy) accounts.Account {
		a, err := m.Add(ctx, accounts.Account{Address: addr, Protocol: accounts.IMAP,
			Incoming: accounts.Server{Host: "localhost", Port: p.port(), Security: accounts.TLS, Username: "gil"}}, "wrong-pw")
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	steady, broken := add("gil@example.org", plain), add("gil2@example.org", flaky)
	heard := map[string]chan attempt{steady.ID: make(chan attempt, 64), broken.ID: make(chan attempt, 64)}
	e.statusHook = func(id string, online bool, err error) { heard[id] <- attempt{id, online, err} }
	e.Start(ctx)
	// next waits for the account's next attempt; the timer only bounds a
	// failure.
	next := func(a accounts.Account) attempt {
		t.Helper()
		deadline := time.NewTimer(30 * time.Second)
		defer deadline.Stop()
		select {
		case at := <-heard[a.ID]:
			return at
		case <-deadline.C:
			t.Fatalf("%s: no attempt", a.Address)
		}
		panic("unreachable")
	}
	expect := func(a accounts.Account, p *countingProxy, dials int32, blocked bool, is error) {
		t.Helper()
		at := next(a)
		if at.online || !errors.Is(at.err, is) {
			t.Fatalf("%s: attempt ended online=%v err=%v, want %v", a.Address, at.online, at.err, is)
		}
		if got := p.dials.Load(); got != dials {
			t.Fatalf("%s: %d connections, want %d (last error %v)", a.Address, got, dials, at.err)
		}
		if (e.Blocked(a.ID) != nil) != blocked || (m.Store().ConnectionOf(a.ID).Blocked != nil) != blocked {
			t.Fatalf("%s: blocked %v in the engine, %v in the store; want %v", a.Address,
				e.Blocked(a.ID), m.Store().ConnectionOf(a.ID).Blocked, blocked)
		}
		e.Kick(a.ID)
	}

	// No network trouble: the first refusal is the last login.
	expect(steady, plain, 1, true, accounts.ErrAuthFailed)
	for range 3 {
		expect(steady, plain, 1, true, ErrWaitingForUser)
	}

	// A connection that broke, then a refusal: one more try, then no more.
	at := next(broken)
	if at.online || !networkError(at.err) || flaky.dials.Load() != 1 {
		t.Fatalf("broken connection: %v, %d connections", at.err, flaky.dials.Load())
	}
	e.Kick(broken.ID)
	expect(broken, flaky, 2, false, accounts.ErrAuthFailed)
	expect(broken, flaky, 3, true, accounts.ErrAuthFailed)
	for range 3 {
		expect(broken, flaky, 3, true, ErrWaitingForUser)
	}

	// Typing the right password lets the worker in again.
	if err := e.SetPassword(ctx, steady, "right-pw"); err != nil {
		t.Fatal(err)
	}
	for {
		at := next(steady)
		if at.online {
			break
		}
		if !errors.Is(at.err, ErrWaitingForUser) {
			t.Fatalf("after the new password: %v", at.err)
		}
	}
	if n := plain.dials.Load(); n < 2 {
		t.Fatalf("no new login after the password was typed: %s connections", strconv.Itoa(int(n)))
	}
}
