package imap

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/tern-mail/tern/accounts"
	"github.com/tern-mail/tern/internal/dovecot"
	"github.com/tern-mail/tern/internal/faultproxy"
)

// netWorker is a worker for the fixture's account reached through a fault
// proxy, whose statuses and IDLEs the test can wait for.
type netWorker struct {
	w      *Worker
	proxy  *faultproxy.Proxy
	status chan error // each status: nil online, else the error
	idles  chan struct{}
}

func startNetWorker(t *testing.T, fx *fixture, opts Options) *netWorker {
	t.Helper()
	p := faultproxy.Start(t, dovecot.Addr(fx.srv.IMAPSPort))
	acct := fx.acct
	acct.Incoming.Port = p.Port()
	nw := &netWorker{proxy: p, status: make(chan error, 256), idles: make(chan struct{}, 256)}
	nw.w = &Worker{Account: acct, Store: fx.st, Options: opts,
		Password: func(context.Context) (string, error) { return fx.pw, nil },
		OnStatus: func(online bool, err error) {
			if !online {
				nw.status <- err
			} else if err == nil {
				nw.status <- nil
			}
		}}
	nw.w.idling = func() { nw.idles <- struct{}{} }
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { defer wg.Done(); nw.w.Run(ctx) }()
	t.Cleanup(func() { cancel(); p.PassThrough(); wg.Wait() })
	return nw
}

// bound is a failure's bound; every wait ends on an event long before.
const bound = 30 * time.Second

// idle waits until the worker idles.
func (nw *netWorker) idle(t *testing.T) {
	t.Helper()
	select {
	case <-nw.idles:
	case <-time.After(bound):
		t.Fatal("the worker never went into IDLE")
	}
}

// offline waits for the worker to report the connection lost.
func (nw *netWorker) offline(t *testing.T) error {
	t.Helper()
	deadline := time.After(bound)
	for {
		select {
		case err := <-nw.status:
			if err != nil {
				return err
			}
		case <-deadline:
			t.Fatal("the worker never noticed the dead connection")
		}
	}
}

// arrives waits for a message with subject in the local Inbox.
func arrives(t *testing.T, fx *fixture, subject string) {
	t.Helper()
	sub := fx.st.Subscribe()
	defer sub.Close()
	deadline := time.After(bound)
	for {
		for _, m := range fx.local(t, "INBOX") {
			if m.Subject == subject {
				return
			}
		}
		select {
		case <-sub.C():
		case <-deadline:
			t.Fatalf("%q never arrived", subject)
		}
	}
}

// TestHalfOpenConnectionWhileIdleIsNoticed black-holes the worker's
// connection while it idles: no byte and no reset reach either side. The
// keepalive's NOOP (shortened here) gets no answer within its deadline, so
// the worker drops the connection; mail delivered meanwhile arrives once
// the proxy passes traffic again.
func TestHalfOpenConnectionWhileIdleIsNoticed(t *testing.T) {
	fx := newFixture(t)
	fx.appendMsg(t, "INBOX", msg(1, "Before", "the outage"))
	nw := startNetWorker(t, fx, Options{KeepAlive: 300 * time.Millisecond, NoopTimeout: time.Second,
		Timeouts: accountsTimeouts(time.Second)})
	nw.idle(t)
	arrives(t, fx, "Before")
	up := nw.proxy.Stats().Up
	nw.proxy.BlackHole()
	// The keepalive's DONE and NOOP reach the proxy and vanish.
	if _, err := nw.proxy.Wait(ctxBound(t), func(s faultproxy.Stats) bool { return s.Up > up }); err != nil {
		t.Fatal(err)
	}
	err := nw.offline(t)
	t.Logf("noticed: %v", err)
	fx.appendMsg(t, "INBOX", msg(2, "During", "the outage"))
	nw.proxy.PassThrough()
	nw.w.Recheck() // as the engine does when the network comes back
	arrives(t, fx, "During")
}

// TestRecheckChecksAnIdleConnectionAtOnce: after a wake-up the worker
// must not trust its idling connection for the keepalive's 4 minutes.
// Recheck ends IDLE and asks NOOP at once; a black-holed connection gets
// no answer within the NOOP deadline and is dropped.
func TestRecheckChecksAnIdleConnectionAtOnce(t *testing.T) {
	fx := newFixture(t)
	nw := startNetWorker(t, fx, Options{NoopTimeout: time.Second, Timeouts: accountsTimeouts(time.Second)})
	nw.idle(t)
	<-nw.status // online
	up := nw.proxy.Stats().Up
	nw.proxy.BlackHole()
	nw.w.Recheck()
	if _, err := nw.proxy.Wait(ctxBound(t), func(s faultproxy.Stats) bool { return s.Up > up }); err != nil {
		t.Fatal(err)
	}
	nw.offline(t)
	// A connection that answers passes the check and goes back to IDLE.
	nw.proxy.PassThrough()
	nw.w.Recheck()
	nw.idle(t)
	before := nw.proxy.Stats()
	nw.w.Recheck()
	nw.idle(t)
	if s := nw.proxy.Stats(); s.Accepted != before.Accepted {
		t.Fatalf("a working connection was replaced: %+v then %+v", before, s)
	}
}

func ctxBound(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), bound)
	t.Cleanup(cancel)
	return ctx
}

// accountsTimeouts bounds connecting to d, so attempts into the black hole
// end soon.
func accountsTimeouts(d time.Duration) accounts.Timeouts { return accounts.Timeouts{DialTimeout: d} }
