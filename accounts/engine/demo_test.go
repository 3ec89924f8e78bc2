package engine

import (
	"context"
	"errors"
	"path/filepath"
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
