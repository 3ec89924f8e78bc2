package smtp

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/tern-mail/tern/accounts"
	"github.com/tern-mail/tern/storage"
)

// clock is a settable clock for Options.Now.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time      { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) set(t time.Time)     { c.mu.Lock(); c.t = t; c.mu.Unlock() }
func newClock() *clock               { return &clock{t: time.Unix(1_800_000_000, 0)} }
func (f *fakeSMTP) connections() int { f.mu.Lock(); defer f.mu.Unlock(); return f.sessions }

func rawTo(rcpt, subject string) []byte {
	return fmt.Appendf(nil, "From: alice@example.org\r\nTo: %s\r\nSubject: %s\r\nMessage-ID: <%s@example.org>\r\n\r\nhello\r\n", rcpt, subject, subject)
}

func outboxRow(t *testing.T, st *storage.Store, id int64) storage.Outgoing {
	t.Helper()
	o, err := st.OutgoingByID(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return o
}

func TestTwoStoreHandlesSendOneMessageOnce(t *testing.T) {
	f, srv := startSMTP(t, "tls")
	st1, a := outboxFixture(t, srv)
	ctx := context.Background()
	st2, err := storage.Open(storePath(st1))
	if err != nil {
		t.Fatal(err)
	}
	defer st2.Close()
	const n = 8
	for i := range n {
		if _, err := st1.QueueOutgoing(ctx, a.ID, a.Address, []string{"bob@example.org"}, rawTo("bob@example.org", fmt.Sprint("m", i))); err != nil {
			t.Fatal(err)
		}
	}
	var wg sync.WaitGroup
	start := make(chan struct{})
	counts := make([]int, 2)
	for i, st := range []*storage.Store{st1, st2} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			n, err := Drain(ctx, a, st, "smtp-pw", Options{})
			if err != nil {
				t.Errorf("drain %d: %v", i, err)
			}
			counts[i] = n
		}()
	}
	close(start)
	wg.Wait()
	if d := f.deliveries(); len(d) != n || counts[0]+counts[1] != n {
		t.Fatalf("%d deliveries of %d messages; the senders counted %v", len(d), n, counts)
	}
	seen := map[string]bool{}
	for _, d := range f.deliveries() {
		if seen[d.data] {
			t.Fatalf("sent twice: %q", d.data)
		}
		seen[d.data] = true
	}
	if rows, _ := st1.Outbox(ctx, a.ID); len(rows) != 0 || sentCount(t, st1) != n {
		t.Fatalf("outbox %+v, Sent holds %d", rows, sentCount(t, st1))
	}
}

func TestAClaimedMessageIsLeftToItsAttempt(t *testing.T) {
	f, srv := startSMTP(t, "tls")
	st1, a := outboxFixture(t, srv)
	ctx := context.Background()
	st2, err := storage.Open(storePath(st1))
	if err != nil {
		t.Fatal(err)
	}
	defer st2.Close()
	id, _ := st1.QueueOutgoing(ctx, a.ID, a.Address, []string{"bob@example.org"}, raw)
	claim, err := st1.ClaimOutgoing(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st2.ClaimOutgoing(ctx, id); !errors.Is(err, storage.ErrClaimed) {
		t.Fatalf("second claim = %v", err)
	}
	// The other handle's drain sees a live attempt: it neither sends nor
	// takes the row back.
	if n, err := Drain(ctx, a, st2, "smtp-pw", Options{}); n != 0 || err != nil {
		t.Fatalf("drain beside a running attempt: %d %v", n, err)
	}
	if got := outboxRow(t, st2, id).State; got != storage.OutboxSending || f.connections() != 0 {
		t.Fatalf("state %s, %d connections", got, f.connections())
	}
	claim.Release()
}

func TestConnectionLostAfterDataLeavesTheMessageUnknown(t *testing.T) {
	f, srv := startSMTP(t, "tls")
	st, a := outboxFixture(t, srv)
	ctx := context.Background()
	f.dropAfterData = true
	id, _ := st.QueueOutgoing(ctx, a.ID, a.Address, []string{"bob@example.org"}, raw)
	n, err := Drain(ctx, a, st, "smtp-pw", Options{})
	if n != 0 || !errors.Is(err, ErrOutcomeUnknown) {
		t.Fatalf("drain = %d, %v", n, err)
	}
	o := outboxRow(t, st, id)
	if o.State != storage.OutboxUnknown || len(f.deliveries()) != 1 {
		t.Fatalf("after the drop: %s, %d deliveries", o.State, len(f.deliveries()))
	}
	f.dropAfterData = false
	for range 3 {
		if _, err := st.ResetOutgoingBackoff(ctx, ""); err != nil {
			t.Fatal(err)
		}
		if _, err := Drain(ctx, a, st, "smtp-pw", Options{}); err != nil {
			t.Fatal(err)
		}
	}
	if got := len(f.deliveries()); got != 1 || outboxRow(t, st, id).State != storage.OutboxUnknown {
		t.Fatalf("sent again on its own: %d deliveries", got)
	}
	// The person says: send it again.
	if err := st.ResendOutgoing(ctx, id); err != nil {
		t.Fatal(err)
	}
	if n, err := Drain(ctx, a, st, "smtp-pw", Options{}); n != 1 || err != nil {
		t.Fatalf("send again: %d %v", n, err)
	}
	if got := len(f.deliveries()); got != 2 || sentCount(t, st) != 1 {
		t.Fatalf("%d deliveries, Sent holds %d", got, sentCount(t, st))
	}
}

func TestTheServerRefusingAtTheEndIsNotUnknown(t *testing.T) {
	f, srv := startSMTP(t, "tls")
	st, a := outboxFixture(t, srv)
	ctx := context.Background()
	f.dataCode = 451
	id, _ := st.QueueOutgoing(ctx, a.ID, a.Address, []string{"bob@example.org"}, raw)
	if _, err := Drain(ctx, a, st, "smtp-pw", Options{}); errors.Is(err, ErrOutcomeUnknown) || err == nil {
		t.Fatalf("drain = %v", err)
	}
	if o := outboxRow(t, st, id); o.State != storage.OutboxQueued || o.Attempts != 1 {
		t.Fatalf("after 451: %+v", o)
	}
}

func TestOneStuckMessageDoesNotHoldBackTheOthers(t *testing.T) {
	f, srv := startSMTP(t, "tls")
	st, a := outboxFixture(t, srv)
	ctx := context.Background()
	c := newClock()
	opts := Options{Now: c.now}
	f.tempRcpt = "busy@example.org"
	stuck, _ := st.QueueOutgoing(ctx, a.ID, a.Address, []string{"busy@example.org"}, rawTo("busy@example.org", "stuck"))
	later, _ := st.QueueOutgoing(ctx, a.ID, a.Address, []string{"bob@example.org"}, rawTo("bob@example.org", "later"))
	if n, err := Drain(ctx, a, st, "smtp-pw", opts); n != 1 || err == nil {
		t.Fatalf("drain = %d, %v", n, err)
	}
	if _, err := st.OutgoingByID(ctx, later); !errors.Is(err, storage.ErrNotFound) {
		t.Fatalf("the second message waits: %v", err)
	}
	// A third, queued while the first waits for its next try, goes at once.
	third, _ := st.QueueOutgoing(ctx, a.ID, a.Address, []string{"bob@example.org"}, rawTo("bob@example.org", "third"))
	if n, err := Drain(ctx, a, st, "smtp-pw", opts); n != 1 || err != nil {
		t.Fatalf("drain = %d, %v", n, err)
	}
	if _, err := st.OutgoingByID(ctx, third); !errors.Is(err, storage.ErrNotFound) {
		t.Fatalf("the third message waits: %v", err)
	}
	if o := outboxRow(t, st, stuck); o.State != storage.OutboxQueued || o.Attempts != 1 {
		t.Fatalf("stuck: %+v", o)
	}
}

func TestBackoffIsCappedAndResetMakesMessagesDue(t *testing.T) {
	f, srv := startSMTP(t, "tls")
	st, a := outboxFixture(t, srv)
	ctx := context.Background()
	c := newClock()
	opts := Options{Now: c.now}
	f.dataCode = 451
	id, _ := st.QueueOutgoing(ctx, a.ID, a.Address, []string{"bob@example.org"}, raw)
	for i := range 8 {
		before := f.connections()
		Drain(ctx, a, st, "smtp-pw", opts)
		o := outboxRow(t, st, id)
		wait := o.NextAttempt.Sub(c.now())
		if f.connections() != before+1 || o.Attempts != i+1 || wait <= 0 || wait > 5*time.Minute {
			t.Fatalf("failure %d: %d connections, %d attempts, next in %v", i+1, f.connections(), o.Attempts, wait)
		}
		// Not due yet: a drain a second before leaves it alone.
		c.set(o.NextAttempt.Add(-time.Second))
		Drain(ctx, a, st, "smtp-pw", opts)
		if f.connections() != before+1 {
			t.Fatalf("failure %d: tried before it was due", i+1)
		}
		c.set(o.NextAttempt)
	}
	Drain(ctx, a, st, "smtp-pw", opts)
	o := outboxRow(t, st, id)
	if wait := o.NextAttempt.Sub(c.now()); wait != 5*time.Minute {
		t.Fatalf("after %d failures the next try is %v away, want the 5 minute cap", o.Attempts, wait)
	}
	f.mu.Lock()
	f.dataCode = 0
	f.mu.Unlock()
	if n, _ := Drain(ctx, a, st, "smtp-pw", opts); n != 0 {
		t.Fatal("sent before it was due")
	}
	if n, err := st.ResetOutgoingBackoff(ctx, a.ID); n != 1 || err != nil {
		t.Fatalf("reset = %d, %v", n, err)
	}
	if o := outboxRow(t, st, id); !o.NextAttempt.IsZero() {
		t.Fatalf("after the reset the next try is at %v", o.NextAttempt)
	}
	if n, err := Drain(ctx, a, st, "smtp-pw", opts); n != 1 || err != nil {
		t.Fatalf("drain after the reset = %d, %v", n, err)
	}
}

func TestUnreachableServerStopsThePass(t *testing.T) {
	f, srv := startSMTP(t, "tls")
	f.srv.Close()
	f.l.Close()
	st, a := outboxFixture(t, srv)
	ctx := context.Background()
	first, _ := st.QueueOutgoing(ctx, a.ID, a.Address, []string{"bob@example.org"}, raw)
	second, _ := st.QueueOutgoing(ctx, a.ID, a.Address, []string{"bob@example.org"}, raw)
	if _, err := Drain(ctx, a, st, "smtp-pw", Options{}); !errors.Is(err, accounts.ErrUnreachable) {
		t.Fatalf("drain = %v", err)
	}
	if a, b := outboxRow(t, st, first), outboxRow(t, st, second); a.Attempts != 1 || b.Attempts != 0 || !b.NextAttempt.IsZero() {
		t.Fatalf("first %+v, second %+v", a.Attempts, b.Attempts)
	}
}
