package engine

import (
	"context"
	"errors"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tern-mail/tern/accounts"
	"github.com/tern-mail/tern/accounts/demo"
	"github.com/tern-mail/tern/storage"
	"github.com/tern-mail/tern/storage/message"
)

func newEngine(t *testing.T) (*Engine, *accounts.Manager) {
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
	e := New(m, Options{})
	t.Cleanup(e.Stop)
	return e, m
}

func TestDemoMailboxWorksWithoutNetwork(t *testing.T) {
	e, m := newEngine(t)
	ctx := context.Background()
	a, err := e.StartDemo(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := e.SyncOnce(ctx, a); err != nil {
		t.Fatal(err)
	}
	st := m.Store()
	folders, _ := st.Folders(ctx, a.ID)
	total, roles := 0, map[string]bool{}
	for _, f := range folders {
		total += f.Total
		roles[f.Role] = true
	}
	if total != 39 || !roles["inbox"] || !roles["sent"] || !roles["drafts"] || !roles["trash"] || !roles["archive"] {
		t.Fatalf("%d messages, roles %v", total, roles)
	}
	inbox, _ := st.FolderByName(ctx, a.ID, "INBOX")
	list, _ := st.ListMessages(ctx, storage.ListQuery{FolderIDs: []int64{inbox.ID}})
	if list[0].Date.Before(time.Now().Add(-24*time.Hour)) || !list[0].HasBody {
		t.Errorf("newest demo message dated %v", list[0].Date)
	}
	if res, _ := st.Search(ctx, storage.SearchQuery{Text: "tortilla"}); len(res) != 1 {
		t.Errorf("search in the demo: %d", len(res))
	}
	// Sending to oneself comes back.
	if _, err := e.Queue(ctx, a.ID, message.Draft{To: []message.Address{{Email: demo.Address}}, Subject: "Note to self", Text: "hi"}); err != nil {
		t.Fatal(err)
	}
	if err := e.SyncOnce(ctx, a); err != nil {
		t.Fatal(err)
	}
	if res, _ := st.Search(ctx, storage.SearchQuery{Text: "Note to self"}); len(res) != 2 { // Inbox and Sent
		t.Fatalf("sent to self: %d copies", len(res))
	}
	if m.KeychainMissing() {
		t.Error("the demo touched the keychain")
	}
}

// The demo's certificate authority is trusted for the demo account only: an
// ordinary account pointed at a server with a certificate it signed is
// refused.
func TestDemoCATrustedForDemoOnly(t *testing.T) {
	e, _ := newEngine(t)
	ctx := context.Background()
	a, err := e.StartDemo(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if e.opts.IMAP.TLSConfig != nil || e.opts.SMTP.TLSConfig != nil {
		t.Fatal("the demo changed the engine's TLS settings")
	}
	if err := e.TestLogin(ctx, a, demo.Password); err != nil {
		t.Fatalf("the demo itself: %v", err)
	}
	other := a
	other.ID, other.Demo, other.Address = "", false, "someone@example.org"
	if err := e.TestLogin(ctx, other, demo.Password); !errors.Is(err, accounts.ErrUntrusted) {
		t.Fatalf("another account trusted the demo's certificate: %v", err)
	}
}

// Calls to StartDemo while one runs start no servers of their own and
// give the same account; one that gives up while waiting returns at once.
func TestStartDemoStartsOneServerForConcurrentCalls(t *testing.T) {
	e, m := newEngine(t)
	entered, release := make(chan struct{}, 8), make(chan struct{})
	var starts atomic.Int32
	real := startDemoServers
	startDemoServers = func() (*demo.Server, error) {
		if starts.Add(1) == 1 {
			entered <- struct{}{}
			<-release
		}
		return real()
	}
	t.Cleanup(func() { startDemoServers = real })
	ctx := context.Background()
	type answer struct {
		a   accounts.Account
		err error
	}
	answers := make(chan answer)
	const callers = 4
	for i := 0; i < callers; i++ {
		go func() {
			a, err := e.StartDemo(ctx)
			answers <- answer{a, err}
		}()
	}
	<-entered
	gone, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := e.StartDemo(gone); !errors.Is(err, context.Canceled) {
		t.Fatalf("a call that gave up while the demo starts: %v", err)
	}
	close(release)
	for i := 0; i < callers; i++ {
		if got := <-answers; got.err != nil || got.a.Address != demo.Address {
			t.Fatalf("call %d: %+v %v", i, got.a, got.err)
		}
	}
	if n := starts.Load(); n != 1 {
		t.Fatalf("%d demo servers started", n)
	}
	if l := m.List(); len(l) != 1 {
		t.Fatalf("accounts %+v", l)
	}
	// Once running, a later call reuses them.
	if _, err := e.StartDemo(ctx); err != nil || starts.Load() != 1 {
		t.Fatalf("later call: %v, %d starts", err, starts.Load())
	}
}
