package imap

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/emersion/go-imap/v2"

	"github.com/tern-mail/tern/internal/dovecot"
	"github.com/tern-mail/tern/internal/testenv"
	"github.com/tern-mail/tern/storage"
	"github.com/tern-mail/tern/storage/message"
)

// wholeCount is how many small messages wholeFixture's INBOX holds.
var wholeCount = max(bulkThreshold, wholeMin) + 100

// wholeFixture is a fixture whose INBOX holds enough new messages for a
// second connection (bulkThreshold) and to be handed to it (wholeMin), a
// tenth of them seen and one too large to download, and whose Archive
// holds fewer than wholeMin.
func wholeFixture(t *testing.T) (fx *fixture, inbox, archive int) {
	fx = newFixture(t)
	var unseen, seen, old [][]byte
	for i := 1; i <= wholeCount; i++ {
		m := msg(i, "Whole "+itoa(i), "kiwi "+itoa(i))
		if i%10 == 0 {
			seen = append(seen, m)
		} else {
			unseen = append(unseen, m)
		}
	}
	unseen = append(unseen, []byte("From: a@example.com\r\nSubject: Too big\r\nDate: Mon, 02 Nov 2026 10:00:00 +0000\r\n"+
		"Message-ID: <big@example.com>\r\n\r\n"+strings.Repeat("0123456789abcdef\r\n", 4000)))
	for i := 0; i < 50; i++ {
		old = append(old, msg(20000+i, "Filed "+itoa(i), "kea"))
	}
	for folder, msgs := range map[string][][]byte{"INBOX": unseen, "Archive": old} {
		if err := fx.srv.DeliverMaildir("alice", folder, msgs, false); err != nil {
			t.Fatal(err)
		}
	}
	if err := fx.srv.DeliverMaildir("alice", "INBOX", seen, true); err != nil {
		t.Fatal(err)
	}
	return fx, len(unseen) + len(seen), len(old)
}

// A first sync hands a folder with many new messages to the second
// connection, which fetches them whole: the first connection fetches the
// envelopes of the newest firstRows only, each message is stored once with
// its body, flags and size, the one too large to download has its header
// only, and the folder is in sync at the end.
func TestFirstSyncFetchesALargeFolderWhole(t *testing.T) {
	old := maxBodyBytes
	maxBodyBytes = 32 << 10
	defer func() { maxBodyBytes = old }()
	fx, inbox, archive := wholeFixture(t)
	ctx := context.Background()
	var log testenv.SafeBuffer
	c, err := Dial(ctx, fx.acct.Incoming, fx.pw, Options{Debug: &log})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	more := countLogins(c)
	if err := c.Sync(ctx, fx.st, fx.acct.ID, PolicyFor(fx.acct)); err != nil {
		t.Fatal(err)
	}
	if got := more.Load(); got != 1 {
		t.Errorf("%d more connections, want 1", got)
	}
	// The first connection listed the Archive by its envelopes, and of
	// the INBOX only the newest firstRows.
	if got := strings.Count(log.String(), "ENVELOPE ("); got != archive+firstRows {
		t.Errorf("the first connection fetched %d envelopes, want the Archive's %d and the INBOX's first %d", got, archive, firstRows)
	}

	list := fx.local(t, "INBOX")
	checkWholeFixtureInbox(t, list, inbox)
	big, err := fx.st.Message(ctx, idOf(t, list, "Too big"))
	if err != nil {
		t.Fatal(err)
	}
	if p := message.Parse(big.Raw); !p.HeadersOnly || strings.Contains(string(big.Raw), "0123456789") {
		t.Errorf("the large message: %d bytes stored, HeadersOnly=%v", len(big.Raw), p.HeadersOnly)
	}
	if res, err := fx.st.Search(ctx, storage.SearchQuery{Text: "kiwi"}); err != nil || len(res) != wholeCount {
		t.Errorf("search kiwi: %d results, %v; want %d", len(res), err, wholeCount)
	}
	f, err := fx.st.FolderByName(ctx, fx.acct.ID, "INBOX")
	if err != nil {
		t.Fatal(err)
	}
	sel, err := fx.other.Select("INBOX", nil).Wait()
	if err != nil {
		t.Fatal(err)
	}
	if f.SyncedAt.IsZero() || f.UIDNext != uint32(sel.UIDNext) || f.UIDValidity != sel.UIDValidity {
		t.Errorf("INBOX sync state: synced %v, UIDNEXT %d (server %d), UIDVALIDITY %d (server %d)",
			f.SyncedAt, f.UIDNext, sel.UIDNext, f.UIDValidity, sel.UIDValidity)
	}
	if err := fx.st.IntegrityCheck(ctx); err != nil {
		t.Fatal(err)
	}
}

// checkWholeFixtureInbox fails unless list holds the inbox messages of a
// wholeFixture's INBOX, each once, with its body, and those it numbered
// with their flags and size.
func checkWholeFixtureInbox(t *testing.T, list []storage.MessageSummary, inbox int) {
	t.Helper()
	if len(list) != inbox {
		t.Fatalf("%d messages in the INBOX, want %d", len(list), inbox)
	}
	seenUIDs := map[uint32]bool{}
	for _, m := range list {
		if seenUIDs[m.UID] {
			t.Fatalf("UID %d stored twice", m.UID)
		}
		seenUIDs[m.UID] = true
		if !m.HasBody {
			t.Errorf("%q has no body", m.Subject)
		}
		var n int
		if _, err := fmt.Sscanf(m.Subject, "Whole %d", &n); err != nil {
			continue
		}
		if want := n%10 == 0; m.Flags.Seen != want {
			t.Errorf("%q seen = %v, want %v", m.Subject, m.Flags.Seen, want)
		}
		if want := int64(len(msg(n, m.Subject, "kiwi "+itoa(n)))); m.Size != want {
			t.Errorf("%q size %d, want %d", m.Subject, m.Size, want)
		}
	}
}

// When fetching a folder whole fails halfway (here the store refuses
// more), the first connection lists what was left by envelope and fetches
// the bodies, in the same pass.
func TestWholeFetchLeftHalfwayIsFinished(t *testing.T) {
	fx, inbox, archive := wholeFixture(t)
	ctx := context.Background()
	c := fx.dial(t)
	stored := 0
	storeFetched = func(st *storage.Store, ctx context.Context, folderID int64, msgs []storage.FetchedMessage) error {
		if stored >= 200 {
			return errors.New("disk says no")
		}
		stored += len(msgs)
		return st.AddFetchedMessages(ctx, folderID, msgs)
	}
	defer func() { storeFetched = (*storage.Store).AddFetchedMessages }()
	if err := c.Sync(ctx, fx.st, fx.acct.ID, PolicyFor(fx.acct)); err != nil {
		t.Fatal(err)
	}
	if stored == 0 || stored >= inbox {
		t.Fatalf("%d stored whole before the failure: the test did not fail halfway", stored)
	}
	f, err := fx.st.FolderByName(ctx, fx.acct.ID, "INBOX")
	if err != nil || f.SyncedAt.IsZero() {
		t.Errorf("the INBOX is not in sync after the pass: %v, %v", f.SyncedAt, err)
	}
	all, err := fx.st.ListMessages(ctx, storage.ListQuery{AccountID: fx.acct.ID})
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != inbox+archive {
		t.Fatalf("%d messages stored, want %d", len(all), inbox+archive)
	}
	for _, m := range all {
		if !m.HasBody {
			t.Fatalf("%s %q has no body", m.FolderName, m.Subject)
		}
	}
	if err := fx.st.IntegrityCheck(ctx); err != nil {
		t.Fatal(err)
	}
}

// A folder whose UIDVALIDITY changes between the first connection's
// SELECT and the second's is not fetched whole: its UIDs are void.
func TestWholeFetchRefusesAnotherUIDValidity(t *testing.T) {
	fx, _, _ := wholeFixture(t)
	ctx := context.Background()
	c := fx.dial(t)
	f, err := fx.st.EnsureFolder(ctx, fx.acct.ID, "INBOX", "/", storage.RoleInbox)
	if err != nil {
		t.Fatal(err)
	}
	sel, err := c.selectFolder("INBOX")
	if err != nil {
		t.Fatal(err)
	}
	j := wholeJob{f: f, sel: *sel, uids: []uint32{3, 2, 1}}
	j.sel.UIDValidity++
	if err := c.fetchWhole(ctx, fx.st, j); err == nil || !strings.Contains(err.Error(), "UIDVALIDITY") {
		t.Fatalf("fetchWhole with another UIDVALIDITY: %v", err)
	}
	if uids, err := fx.st.LocalUIDs(ctx, f.ID); err != nil || len(uids) != 0 {
		t.Fatalf("stored %v, %v; want nothing", uids, err)
	}
}

// checkWholeFetch has a first sync fetch a few INBOX messages whole on
// fx's server (the thresholds lowered for it, and the newest listed by its
// envelope first) and checks what was stored: each message once, with its
// body, flags and size.
func checkWholeFetch(t *testing.T, fx *fixture) {
	t.Helper()
	oldBulk, oldMin, oldFirst := bulkThreshold, wholeMin, firstRows
	bulkThreshold, wholeMin, firstRows = 3, 3, 1
	defer func() { bulkThreshold, wholeMin, firstRows = oldBulk, oldMin, oldFirst }()
	flags := [][]imap.Flag{{imap.FlagSeen}, {imap.FlagFlagged}, nil, {imap.FlagSeen, imap.FlagAnswered}}
	sizes := map[string]int64{}
	for i, fl := range flags {
		raw := msg(i+1, "Whole "+itoa(i+1), "tui "+itoa(i+1))
		sizes["Whole "+itoa(i+1)] = int64(len(raw))
		fx.appendMsg(t, "INBOX", raw, fl...)
	}
	ctx := context.Background()
	var log testenv.SafeBuffer
	c, err := Dial(ctx, fx.acct.Incoming, fx.pw, Options{Debug: &log})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	more := countLogins(c)
	if err := c.Sync(ctx, fx.st, fx.acct.ID, PolicyFor(fx.acct)); err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(log.String(), "ENVELOPE ("); more.Load() != 1 || n != 1 {
		t.Errorf("%d more connections, %d envelopes on the first; want one envelope, the rest fetched whole on a second",
			more.Load(), n)
	}
	got := bySubject(fx.local(t, "INBOX"))
	if len(got) != len(flags) {
		t.Fatalf("%d messages in the INBOX, want %d", len(got), len(flags))
	}
	for i, fl := range flags {
		m := got["Whole "+itoa(i+1)]
		want := convertFlags(fl)
		if !m.HasBody || m.Size != sizes[m.Subject] || m.Flags.Seen != want.Seen || m.Flags.Flagged != want.Flagged ||
			m.Flags.Answered != want.Answered {
			t.Errorf("%q stored with body %v, size %d (want %d), flags %+v (want %+v)",
				m.Subject, m.HasBody, m.Size, sizes[m.Subject], m.Flags, want)
		}
	}
	if res, err := fx.st.Search(ctx, storage.SearchQuery{Text: "tui"}); err != nil || len(res) != len(flags) {
		t.Errorf("search tui: %d results, %v", len(res), err)
	}
}

// Dovecot does too, with a handful of messages.
func TestWholeFetchOnDovecot(t *testing.T) {
	checkWholeFetch(t, newFixture(t))
}

// A first sync that ends before its folder is in sync has recorded the
// folder's UIDVALIDITY all the same: when the folder is made anew on the
// server meanwhile, the next pass drops what the first stored under the
// old UIDs instead of taking them for the new messages.
func TestInterruptedFirstSyncNoticesANewUIDValidity(t *testing.T) {
	fx := newFixture(t)
	ctx := context.Background()
	must(t, fx.other.Create("Work", nil).Wait())
	for i := 1; i <= 3; i++ {
		fx.appendMsg(t, "Work", msg(i, "Old work "+itoa(i), "x"))
	}
	f, err := fx.st.EnsureFolder(ctx, fx.acct.ID, "Work", "/", "")
	must(t, err)
	// A first pass over the folder hands it over and ends there, with
	// one message stored of the three.
	c := fx.dial(t)
	oldMin, oldFirst := wholeMin, firstRows
	wholeMin, firstRows = 1, 0
	defer func() { wholeMin, firstRows = oldMin, oldFirst }()
	var job *wholeJob
	c.handOff = func(j *wholeJob) bool { job = j; return true }
	must(t, c.syncFolder(ctx, fx.st, f, remoteFolder{}))
	if job == nil {
		t.Fatal("the folder was not handed over")
	}
	p := storage.PrepareBody(msg(1, "Old work 1", "x"))
	must(t, fx.st.AddFetchedMessages(ctx, f.ID, []storage.FetchedMessage{{UID: job.uids[len(job.uids)-1], Body: p}}))
	if f, err = fx.st.FolderByName(ctx, fx.acct.ID, "Work"); err != nil || !f.SyncedAt.IsZero() || f.UIDValidity != job.sel.UIDValidity {
		t.Fatalf("after the handed-over pass: synced %v, UIDVALIDITY %d (want %d), %v", f.SyncedAt, f.UIDValidity, job.sel.UIDValidity, err)
	}

	// The folder is made anew, and a full pass runs.
	must(t, fx.other.Delete("Work").Wait())
	must(t, fx.other.Create("Work", nil).Wait())
	fx.appendMsg(t, "Work", msg(100, "New work", "x"))
	fx.sync(t)
	if l := fx.local(t, "Work"); len(l) != 1 || l[0].Subject != "New work" || !l[0].HasBody {
		t.Fatalf("Work after its UIDVALIDITY changed: %+v", l)
	}
}

// The folder of every message (\All) is never fetched whole: its
// messages are listed by envelope and take the bodies already stored.
// (Here the INBOX is too small to be handed over, and All Mail large
// enough.)
func TestWholeFetchLeavesTheAllFolderToCopies(t *testing.T) {
	fx := newFixtureWith(t, dovecot.Options{Gmail: true})
	oldBulk, oldMin := bulkThreshold, wholeMin
	bulkThreshold, wholeMin = 3, 3
	defer func() { bulkThreshold, wholeMin = oldBulk, oldMin }()
	for i := 1; i <= 2; i++ {
		m := msg(i, "Labelled "+itoa(i), "x")
		fx.appendMsg(t, "INBOX", m)
		fx.appendMsg(t, "[Gmail]/All Mail", m)
		fx.appendMsg(t, "[Gmail]/All Mail", msg(8+i, "Archived "+itoa(i), "x"))
	}
	ctx := context.Background()
	var log, second testenv.SafeBuffer
	c, err := Dial(ctx, fx.acct.Incoming, fx.pw, Options{Debug: &log})
	must(t, err)
	defer c.Close()
	c.another = func(ctx context.Context) (*Conn, error) {
		return Dial(ctx, fx.acct.Incoming, fx.pw, Options{Debug: &second})
	}
	must(t, c.Sync(ctx, fx.st, fx.acct.ID, PolicyFor(fx.acct)))
	// The first connection listed every message by envelope, and the
	// second downloaded each message once: four sources in all.
	if got := strings.Count(log.String(), "ENVELOPE ("); got != 6 {
		t.Errorf("the first connection fetched %d envelopes, want 6", got)
	}
	if got := strings.Count(log.String()+second.String(), " BODY[] {"); got != 4 {
		t.Errorf("%d message sources downloaded, want 4", got)
	}
	for folder, n := range map[string]int{"INBOX": 2, "[Gmail]/All Mail": 4} {
		l := fx.local(t, folder)
		if len(l) != n {
			t.Fatalf("%s: %d messages, want %d", folder, len(l), n)
		}
		for _, m := range l {
			if !m.HasBody {
				t.Errorf("%s: %q has no body", folder, m.Subject)
			}
		}
	}
}
