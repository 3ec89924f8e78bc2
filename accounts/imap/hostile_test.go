package imap

import (
	"context"
	"errors"
	"runtime"
	"strings"
	"testing"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"

	"github.com/tern-mail/tern/internal/hostile"
	"github.com/tern-mail/tern/storage"
	"github.com/tern-mail/tern/storage/message"
)

// bySubject maps the subjects of a folder's messages to their rows.
func bySubject(l []storage.MessageSummary) map[string]storage.MessageSummary {
	out := map[string]storage.MessageSummary{}
	for _, m := range l {
		out[m.Subject] = m
	}
	return out
}

// Every hostile message is stored with its body, headers cleaned, and the
// messages after it arrive too.
func TestHostileMessagesDoNotStopSync(t *testing.T) {
	fx := newFixture(t)
	ctx := context.Background()
	all := hostile.All()
	for _, raw := range all {
		fx.appendMsg(t, "INBOX", raw)
	}
	fx.appendMsg(t, "INBOX", msg(1, "After the storm", "calm"))
	fx.sync(t)
	l := fx.local(t, "INBOX")
	if len(l) != len(all)+1 {
		t.Fatalf("%d messages stored, want %d", len(l), len(all)+1)
	}
	for _, m := range l {
		if !m.HasBody {
			t.Errorf("%q has no body", m.Subject)
		}
		for _, s := range []string{m.Subject, m.FromName, m.FromAddr} {
			if s != message.CleanHeader(s) {
				t.Errorf("stored header %q is not clean", s)
			}
		}
	}
	got := bySubject(l)
	if _, ok := got["After the storm"]; !ok {
		t.Errorf("the plain message after the hostile ones is missing: %v", got)
	}
	deep := got["Unterminated nesting 60"]
	sm, err := fx.st.Message(ctx, deep.ID)
	must(t, err)
	if !strings.Contains(sm.ParseWarning, "nested more than 50") {
		t.Errorf("deep message warning = %q", sm.ParseWarning)
	}
	if _, ok := got[message.CleanHeader(hostile.ControlSubject)]; !ok {
		t.Errorf("control subject not stored clean; subjects %q", keys(got))
	}
}

func keys(m map[string]storage.MessageSummary) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// A message over 100 MB is stored as its header only, marked so the
// reader can say so; its body never passes through memory.
func TestHugeMessageKeepsOnlyItsHeader(t *testing.T) {
	fx := newFixture(t)
	ctx := context.Background()
	cmd := fx.other.Append("INBOX", hostile.HugeSize, nil)
	if n, err := hostile.Huge(cmd, hostile.HugeSize); err != nil || n != hostile.HugeSize {
		t.Fatalf("append huge: %d bytes, %v", n, err)
	}
	cmd.Close()
	if _, err := cmd.Wait(); err != nil {
		t.Fatal(err)
	}
	fx.appendMsg(t, "INBOX", msg(2, "Small one", "fine"))
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	fx.sync(t)
	runtime.ReadMemStats(&after)
	if grew := after.TotalAlloc - before.TotalAlloc; grew > 40<<20 {
		t.Errorf("sync allocated %d MB for a %d MB message", grew>>20, hostile.HugeSize>>20)
	}
	got := bySubject(fx.local(t, "INBOX"))
	huge, small := got["Huge message"], got["Small one"]
	if !huge.HasBody || !small.HasBody || huge.Size != hostile.HugeSize {
		t.Fatalf("huge: body %v size %d; small: body %v", huge.HasBody, huge.Size, small.HasBody)
	}
	sm, err := fx.st.Message(ctx, huge.ID)
	must(t, err)
	if len(sm.Raw) > 64<<10 {
		t.Errorf("%d bytes of the huge message stored", len(sm.Raw))
	}
	p := message.Parse(sm.Raw)
	if !p.HeadersOnly || p.FullSize != hostile.HugeSize || p.Subject != "Huge message" {
		t.Errorf("parsed: HeadersOnly=%v FullSize=%d Subject=%q", p.HeadersOnly, p.FullSize, p.Subject)
	}
	if !strings.Contains(sm.ParseWarning, "Open it on the server") {
		t.Errorf("stored warning = %q", sm.ParseWarning)
	}
}

// Opening a huge message whose body the offline policy left on the server
// fetches its header only.
func TestFetchBodyOfHugeMessageTakesTheHeader(t *testing.T) {
	old := maxBodyBytes
	maxBodyBytes = 1 << 10
	defer func() { maxBodyBytes = old }()
	fx := newFixture(t)
	ctx := context.Background()
	fx.appendMsg(t, "INBOX", []byte("From: a@example.com\r\nSubject: Old and big\r\nDate: Mon, 02 Nov 2020 10:00:00 +0000\r\n"+
		"Message-ID: <big@x>\r\n\r\n"+strings.Repeat("0123456789abcdef\r\n", 200)))
	fx.acct.OfflineDays = 30
	fx.sync(t)
	l := fx.local(t, "INBOX")
	id := idOf(t, l, "Old and big")
	c := fx.dial(t)
	must(t, c.FetchBody(ctx, fx.st, "INBOX", l[0].UID, id))
	sm, err := fx.st.Message(ctx, id)
	must(t, err)
	if p := message.Parse(sm.Raw); !p.HeadersOnly || strings.Contains(string(sm.Raw), "0123456789") {
		t.Errorf("stored %d bytes, HeadersOnly=%v", len(sm.Raw), p.HeadersOnly)
	}
}

// A message the store refuses is skipped, the others are stored, and the
// next pass stores it.
func TestUnstorableBodyIsSkippedAndRetried(t *testing.T) {
	fx := newFixture(t)
	for i := 1; i <= 3; i++ {
		fx.appendMsg(t, "INBOX", msg(i, "Note "+itoa(i), "text"))
	}
	// Envelopes first (no bodies), so the failing one's id is known.
	fx.acct.OfflineDays = 1
	fx.sync(t)
	refused := idOf(t, fx.local(t, "INBOX"), "Note 2")
	fx.acct.OfflineDays = 0
	storeBodies = func(st *storage.Store, ctx context.Context, m map[int64]storage.PreparedBody) error {
		if _, ok := m[refused]; ok {
			return errors.New("disk says no")
		}
		return st.SetPreparedBodies(ctx, m)
	}
	defer func() { storeBodies = (*storage.Store).SetPreparedBodies }()
	fx.sync(t)
	got := bySubject(fx.local(t, "INBOX"))
	if !got["Note 1"].HasBody || got["Note 2"].HasBody || !got["Note 3"].HasBody {
		t.Fatalf("bodies: 1 %v, 2 %v, 3 %v", got["Note 1"].HasBody, got["Note 2"].HasBody, got["Note 3"].HasBody)
	}
	storeBodies = (*storage.Store).SetPreparedBodies
	fx.sync(t)
	if !bySubject(fx.local(t, "INBOX"))["Note 2"].HasBody {
		t.Error("the skipped body was not stored on the next pass")
	}
}

// A message whose preparation panics does not end the sync: it is kept as
// it arrived, with a warning, and not fetched again.
func TestPanicInPrepareIsContained(t *testing.T) {
	fx := newFixture(t)
	fx.appendMsg(t, "INBOX", msg(1, "Good", "fine"))
	fx.appendMsg(t, "INBOX", msg(2, "Explosive", "boom"))
	explosions := 0
	prepareBody = func(raw []byte) storage.PreparedBody {
		if strings.Contains(string(raw), "Explosive") {
			explosions++
			panic("explosive message")
		}
		return storage.PrepareBody(raw)
	}
	defer func() { prepareBody = storage.PrepareBody }()
	fx.sync(t)
	fx.sync(t) // the kept message is not fetched again
	if explosions != 1 {
		t.Errorf("the message was prepared %d times", explosions)
	}
	got := bySubject(fx.local(t, "INBOX"))
	if !got["Good"].HasBody || !got["Explosive"].HasBody {
		t.Fatalf("Good body %v; Explosive listed %v with body %v", got["Good"].HasBody, got["Explosive"].ID != 0, got["Explosive"].HasBody)
	}
	m, err := fx.st.Message(context.Background(), got["Explosive"].ID)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(m.ParseWarning, "could not be read safely (parser failure: explosive message)") || !strings.Contains(string(m.Raw), "boom") {
		t.Fatalf("kept with warning %q and source %q", m.ParseWarning, m.Raw)
	}
}

// Header fields from the server's ENVELOPE are cleaned before they are
// stored.
func TestEnvelopeHeadersAreCleaned(t *testing.T) {
	m := convertMessage(&imapclient.FetchMessageBuffer{
		Envelope: &imap.Envelope{Subject: "Hi\x1b]0;x\x07\r\nthere", From: []imap.Address{{Name: "Bank\r\nTo: you", Mailbox: "a", Host: "example.com"}}},
	})
	if m.Envelope.Subject != "Hi]0;x there" || m.Envelope.From[0].Name != "Bank To: you" {
		t.Errorf("envelope = %q, %q", m.Envelope.Subject, m.Envelope.From[0].Name)
	}
}

// An envelope the store refuses is skipped; the folder's other messages
// are listed and the next pass brings it.
func TestUnstorableEnvelopeIsSkippedAndRetried(t *testing.T) {
	fx := newFixture(t)
	for i := 1; i <= 3; i++ {
		fx.appendMsg(t, "INBOX", msg(i, "Card "+itoa(i), "text"))
	}
	storeEnvelopes = func(st *storage.Store, ctx context.Context, folderID int64, m []storage.NewMessage) ([]int64, error) {
		for _, x := range m {
			if x.Envelope != nil && x.Envelope.Subject == "Card 2" {
				return nil, errors.New("disk says no")
			}
		}
		return st.AddEnvelopes(ctx, folderID, m)
	}
	defer func() { storeEnvelopes = (*storage.Store).AddEnvelopes }()
	fx.sync(t)
	got := bySubject(fx.local(t, "INBOX"))
	if len(got) != 2 || got["Card 1"].ID == 0 || got["Card 3"].ID == 0 {
		t.Fatalf("after a refused envelope: %v", keys(got))
	}
	storeEnvelopes = (*storage.Store).AddEnvelopes
	fx.sync(t)
	if got := bySubject(fx.local(t, "INBOX")); len(got) != 3 || !got["Card 2"].HasBody {
		t.Errorf("next pass: %v", keys(got))
	}
}
