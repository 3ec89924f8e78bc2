package engine

import (
	"context"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/tern-mail/tern/accounts"
	"github.com/tern-mail/tern/accounts/imap"
	"github.com/tern-mail/tern/accounts/netwatch"
	"github.com/tern-mail/tern/accounts/smtp"
	"github.com/tern-mail/tern/internal/dovecot"
	"github.com/tern-mail/tern/internal/faultproxy"
	"github.com/tern-mail/tern/internal/postfix"
	"github.com/tern-mail/tern/storage"
	"github.com/tern-mail/tern/storage/message"
)

// bound only bounds a failure: every wait below ends on an event long
// before.
const bound = 40 * time.Second

// fakeNetwork is a netwatch.Notifier the test drives.
type fakeNetwork chan netwatch.Event

func (f fakeNetwork) Watch(ctx context.Context) <-chan netwatch.Event {
	out := make(chan netwatch.Event)
	go func() {
		defer close(out)
		for {
			select {
			case ev := <-f:
				out <- ev
			case <-ctx.Done():
				return
			}
		}
	}()
	return out
}

// netEngine is an engine over a fresh profile with opts, and the
// statuses of its workers.
type netEngine struct {
	e      *Engine
	m      *accounts.Manager
	status chan attempt
	events chan netwatch.Event // each network event, once acted on
}

func newNetEngine(t *testing.T, opts Options) *netEngine {
	t.Helper()
	dir := t.TempDir()
	st, err := storage.Open(filepath.Join(dir, storage.FileName))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	m, err := accounts.NewManager(dir, st, accounts.NewMemory())
	if err != nil {
		t.Fatal(err)
	}
	ne := &netEngine{e: New(m, opts), m: m, status: make(chan attempt, 256), events: make(chan netwatch.Event, 16)}
	ne.e.statusHook = func(id string, online bool, err error) { ne.status <- attempt{id, online, err} }
	ne.e.netHook = func(ev netwatch.Event) { ne.events <- ev }
	t.Cleanup(ne.e.Stop)
	return ne
}

// until waits for a worker status that satisfies ok.
func (ne *netEngine) until(t *testing.T, what string, ok func(attempt) bool) {
	t.Helper()
	deadline := time.After(bound)
	for {
		select {
		case at := <-ne.status:
			if ok(at) {
				return
			}
		case <-deadline:
			t.Fatalf("no worker status: %s", what)
		}
	}
}

func online(at attempt) bool  { return at.online && at.err == nil }
func offline(at attempt) bool { return !at.online }

// outboxUntil waits, on the store's notifications, for the account's
// outbox to satisfy ok.
func outboxUntil(t *testing.T, st *storage.Store, accountID, what string, ok func([]storage.Outgoing) bool) {
	t.Helper()
	sub := st.Subscribe()
	defer sub.Close()
	deadline := time.After(bound)
	for {
		rows, err := st.Outbox(context.Background(), accountID)
		if err != nil {
			t.Fatal(err)
		}
		if ok(rows) {
			return
		}
		select {
		case <-sub.C():
		case <-deadline:
			t.Fatalf("the outbox never %s: %+v", what, rows)
		}
	}
}

func failedOnce(rows []storage.Outgoing) bool { return len(rows) == 1 && rows[0].Attempts > 0 }
func empty(rows []storage.Outgoing) bool      { return len(rows) == 0 }

// frozen is an outbox clock that never moves: a message that failed is
// due again only when something resets its backoff.
func frozen() func() time.Time {
	t0 := time.Now()
	return func() time.Time { return t0 }
}

// mailSetup is a Dovecot, a Postfix submitting into it, and alice's
// account whose submission goes through a proxy.
type mailSetup struct {
	dv    *dovecot.Server
	smtpP *faultproxy.Proxy
	imapP *faultproxy.Proxy
}

func startMail(t *testing.T) mailSetup {
	t.Helper()
	dv := dovecot.Start(t, dovecot.Options{Extra: postfix.DovecotExtra})
	dv.AddUser(t, "alice", "pw-alice")
	dv.AddUser(t, "bob", "pw-bob")
	pf := postfix.Start(t, dv, "example.org", []string{"alice", "bob"})
	return mailSetup{dv: dv, smtpP: faultproxy.Start(t, dovecot.Addr(pf.SMTPSPort)),
		imapP: faultproxy.Start(t, dovecot.Addr(dv.IMAPSPort))}
}

func (ms mailSetup) addAlice(t *testing.T, m *accounts.Manager, imapPort int) accounts.Account {
	t.Helper()
	a, err := m.Add(context.Background(), accounts.Account{Name: "Alice", Address: "alice@example.org", Protocol: accounts.IMAP,
		Incoming: accounts.Server{Host: "localhost", Port: imapPort, Security: accounts.TLS, Username: "alice"},
		Outgoing: accounts.Server{Host: "localhost", Port: ms.smtpP.Port(), Security: accounts.TLS, Username: "alice"}}, "pw-alice")
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func queue(t *testing.T, e *Engine, a accounts.Account, subject string) {
	t.Helper()
	if _, err := e.Queue(context.Background(), a.ID, message.Draft{To: []message.Address{{Email: "bob@example.org"}}, Subject: subject, Text: subject}); err != nil {
		t.Fatal(err)
	}
}

// TestQueuedMailLeavesWhenTheNetworkReturns queues a message while the
// submission server cannot be reached. Its retry is due 30 seconds later
// by the outbox's clock, which this test never moves: the message can
// only leave because something made it due at once. It leaves when the
// system says the network is up, and (second message) when the account's
// IMAP worker connects again after an outage.
func TestQueuedMailLeavesWhenTheNetworkReturns(t *testing.T) {
	ms := startMail(t)
	net := make(fakeNetwork)
	ne := newNetEngine(t, Options{Network: net, SMTP: smtp.Options{Now: frozen()},
		IMAP: imap.Options{Reconnect: accounts.Backoff{First: 100 * time.Millisecond, Max: 100 * time.Millisecond}}})
	a := ms.addAlice(t, ne.m, ms.imapP.Port())
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	st := ne.m.Store()
	ne.e.Start(ctx)
	ne.until(t, "online", online)

	// The network is down for sending: the attempt fails.
	ms.smtpP.Refuse(true)
	queue(t, ne.e, a, "During the outage")
	outboxUntil(t, st, a.ID, "recorded a failed attempt", failedOnce)
	if s := ms.smtpP.Stats(); s.Refused == 0 {
		t.Fatalf("no attempt reached the proxy: %+v", s)
	}
	// The network comes back and the system says so.
	ms.smtpP.PassThrough()
	accepted := ms.smtpP.Stats().Accepted
	net <- netwatch.NetworkUp
	outboxUntil(t, st, a.ID, "emptied after the network came back", empty)
	if s := ms.smtpP.Stats(); s.Accepted <= accepted || s.Up == 0 {
		t.Fatalf("the message left without reaching the proxy: %+v", s)
	}

	// An outage of everything; the IMAP worker reconnects on its own
	// (its backoff is short here), and its connection makes the queued
	// message due.
	ms.smtpP.Refuse(true)
	ms.imapP.Refuse(true)
	ms.imapP.Cut()
	ne.until(t, "offline", offline)
	queue(t, ne.e, a, "Second outage")
	outboxUntil(t, st, a.ID, "recorded a failed attempt", failedOnce)
	ms.smtpP.PassThrough()
	ms.imapP.PassThrough()
	ne.until(t, "online again", online)
	outboxUntil(t, st, a.ID, "emptied after the IMAP connection came back", empty)
}

// TestWorkerReconnectsAtOnceAfterWakeUp gives the IMAP worker an hour's
// reconnect backoff and cuts its connection: it could only come back
// within the test's bound because something reset the backoff. It comes
// back when the system says the computer woke, when the clock jumps as
// after sleep, and when the person presses Get mail.
func TestWorkerReconnectsAtOnceAfterWakeUp(t *testing.T) {
	dv := dovecot.Start(t, dovecot.Options{})
	dv.AddUser(t, "alice", "pw-alice")
	p := faultproxy.Start(t, dovecot.Addr(dv.IMAPSPort))
	sys := make(fakeNetwork)
	ticks := make(chan time.Time)
	clk := &testClock{r: netwatch.ReadClock()}
	jump := netwatch.ClockJump{Read: clk.read, Ticks: func() (<-chan time.Time, func()) { return ticks, func() {} }}
	ne := newNetEngine(t, Options{Network: netwatch.Merge(sys, jump),
		IMAP: imap.Options{Reconnect: accounts.Backoff{First: time.Hour, Max: time.Hour}}})
	a, err := ne.m.Add(context.Background(), accounts.Account{Address: "alice@example.org", Protocol: accounts.IMAP,
		Incoming: accounts.Server{Host: "localhost", Port: p.Port(), Security: accounts.TLS, Username: "alice"}}, "pw-alice")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ne.e.Start(ctx)
	ne.until(t, "online", online)

	outage := func() {
		t.Helper()
		p.Refuse(true)
		p.Cut()
		ne.until(t, "offline", offline)
		p.PassThrough()
	}
	outage()
	sys <- netwatch.Woke
	if ev := <-ne.events; ev != netwatch.Woke {
		t.Fatalf("event %v", ev)
	}
	ne.until(t, "online after the wake-up", online)

	outage()
	clk.pass(20*time.Minute, 10*time.Second) // slept 20 minutes
	ticks <- time.Now()
	if ev := <-ne.events; ev != netwatch.ClockJumped {
		t.Fatalf("event %v", ev)
	}
	ne.until(t, "online after the clock jumped", online)

	outage()
	ne.e.GetMail(a.ID)
	ne.until(t, "online after Get mail", online)
}

// testClock is a pair of clocks the test moves.
type testClock struct {
	mu sync.Mutex
	r  netwatch.Reading
}

func (c *testClock) read() netwatch.Reading { c.mu.Lock(); defer c.mu.Unlock(); return c.r }
func (c *testClock) pass(wall, mono time.Duration) {
	c.mu.Lock()
	c.r.Wall, c.r.Mono = c.r.Wall.Add(wall), c.r.Mono+mono
	c.mu.Unlock()
}
