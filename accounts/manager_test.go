package accounts

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tern-mail/tern/storage"
)

func newTestManager(t *testing.T, secrets Secrets) (*Manager, *storage.Store, string) {
	t.Helper()
	dir := t.TempDir()
	st, err := storage.Open(filepath.Join(dir, storage.FileName))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	m, err := NewManager(dir, st, secrets)
	if err != nil {
		t.Fatal(err)
	}
	return m, st, dir
}

func imapAccount(addr string) Account {
	return Account{Address: addr, Protocol: IMAP,
		Incoming: Server{Host: "imap.example.org", Port: 993, Security: TLS},
		Outgoing: Server{Host: "smtp.example.org", Port: 587, Security: STARTTLS}}
}

func TestManagerAddListUpdateRemove(t *testing.T) {
	secrets := NewMemory()
	m, st, dir := newTestManager(t, secrets)
	ctx := context.Background()
	a, err := m.Add(ctx, imapAccount("Alice@Example.org"), "pw1")
	if err != nil {
		t.Fatal(err)
	}
	if a.ID == "" || a.Incoming.Username != "Alice@Example.org" || a.Outgoing.Username != "Alice@Example.org" {
		t.Fatalf("defaults not filled: %+v", a)
	}
	if _, err := m.Add(ctx, imapAccount("alice@example.org"), "pw"); err == nil {
		t.Fatal("the same address was added twice")
	}
	b, err := m.Add(ctx, Account{Address: "bob@example.net", Protocol: POP3,
		Incoming: Server{Host: "pop.example.net", Port: 995, Security: TLS}}, "pw2")
	if err != nil {
		t.Fatal(err)
	}
	if b.POP3.Policy != KeepOnServer {
		t.Errorf("POP3 policy default = %q", b.POP3.Policy)
	}
	folders, _ := st.Folders(ctx, b.ID)
	if len(folders) != 4 {
		t.Errorf("POP3 account has %d local folders, want Inbox, Sent, Drafts, Trash", len(folders))
	}

	// A second manager over the same profile sees both accounts.
	m2, err := NewManager(dir, st, secrets)
	if err != nil {
		t.Fatal(err)
	}
	if l := m2.List(); len(l) != 2 || l[0].Address != "Alice@Example.org" || l[1].Address != "bob@example.net" {
		t.Fatalf("reloaded accounts = %+v", l)
	}
	got, err := m2.Get("ALICE@example.org")
	if err != nil || got.ID != a.ID {
		t.Fatalf("Get by address: %+v %v", got, err)
	}
	got.OfflineDays = 30
	if err := m2.Update(got); err != nil {
		t.Fatal(err)
	}
	if g, _ := m2.Get(a.ID); g.OfflineDays != 30 {
		t.Fatal("update not kept")
	}
	if pw, err := m2.Password(ctx, b.ID); err != nil || pw != "pw2" {
		t.Fatalf("password = %q, %v", pw, err)
	}

	if err := m2.Remove(ctx, "bob@example.net"); err != nil {
		t.Fatal(err)
	}
	if _, err := secrets.Get(ctx, b.ID); !errors.Is(err, ErrNoPassword) {
		t.Error("password left behind after remove")
	}
	if f, _ := st.Folders(ctx, b.ID); len(f) != 0 {
		t.Error("mail left behind after remove")
	}
	if _, err := m2.Get(b.ID); !errors.Is(err, ErrUnknownAccount) {
		t.Error("account still listed")
	}
	info, err := os.Stat(filepath.Join(dir, ConfigFile))
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("accounts file mode %v, %v", info.Mode(), err)
	}
}

func TestValidateSaysWhatIsWrong(t *testing.T) {
	for _, tc := range []struct {
		a    Account
		want string
	}{
		{Account{Address: "not-an-address", Protocol: IMAP}, "not an email address"},
		{Account{Address: "a@b.example", Protocol: "exchange"}, "imap or pop3"},
		{Account{Address: "a@b.example", Protocol: IMAP, Incoming: Server{Host: "h", Port: 0, Security: TLS}}, "port 0"},
		{Account{Address: "a@b.example", Protocol: IMAP, Incoming: Server{Host: "h", Port: 143, Security: "none"}}, "tls or starttls"},
		{Account{Address: "a@b.example", Protocol: POP3, Incoming: Server{Host: "h", Port: 995, Security: TLS},
			POP3: POP3Options{Policy: DeleteAfterDays}}, "at least 1"},
	} {
		err := tc.a.Validate()
		if !errors.Is(err, ErrInvalid) || !contains(err.Error(), tc.want) {
			t.Errorf("Validate(%+v) = %v, want %q", tc.a, err, tc.want)
		}
	}
}

func contains(s, sub string) bool { return strings.Contains(s, sub) }

func TestProfileDir(t *testing.T) {
	t.Setenv(ProfileEnv, "/tmp/from-env")
	if d, _ := ProfileDir("/tmp/from-flag"); d != "/tmp/from-flag" {
		t.Errorf("flag ignored: %s", d)
	}
	if d, _ := ProfileDir(""); d != "/tmp/from-env" {
		t.Errorf("env ignored: %s", d)
	}
	t.Setenv(ProfileEnv, "")
	t.Setenv("XDG_CONFIG_HOME", "/tmp/xdg")
	if d, _ := ProfileDir(""); d != "/tmp/xdg/Tern" {
		t.Errorf("default = %s", d)
	}
	dir := filepath.Join(t.TempDir(), "p")
	if err := EnsureProfile(dir); err != nil {
		t.Fatal(err)
	}
	if info, _ := os.Stat(dir); info.Mode().Perm() != 0o700 {
		t.Errorf("profile mode %v", info.Mode().Perm())
	}
}

// slowKeychain is a keychain whose Set and Delete wait, once they have
// said so on entered, until release is closed.
type slowKeychain struct {
	Secrets
	entered chan string
	release chan struct{}
}

func (k *slowKeychain) Set(ctx context.Context, id, pw string) error {
	k.entered <- "set " + id
	<-k.release
	return k.Secrets.Set(ctx, id, pw)
}

func (k *slowKeychain) Delete(ctx context.Context, id string) error {
	k.entered <- "delete " + id
	<-k.release
	return k.Secrets.Delete(ctx, id)
}

// The window lists and finds accounts while the keychain takes its time
// to store or delete a password; two Adds of one address give one account.
func TestManagerAnswersWhileTheKeychainIsSlow(t *testing.T) {
	k := &slowKeychain{Secrets: NewMemory(), entered: make(chan string), release: make(chan struct{})}
	m, _, dir := newTestManager(t, k)
	ctx := context.Background()
	added := make(chan error)
	go func() {
		_, err := m.Add(ctx, imapAccount("alice@example.org"), "pw")
		added <- err
	}()
	if got := <-k.entered; got != "set alice@example.org" {
		t.Fatalf("keychain asked to %s", got)
	}
	// The keychain call is under way: the manager's lock is free.
	if !m.mu.TryLock() {
		t.Fatal("Add holds the manager's lock across the keychain")
	}
	m.mu.Unlock()
	if l := m.List(); len(l) != 0 {
		t.Fatalf("listed before it is saved: %+v", l)
	}
	if _, err := m.Add(ctx, imapAccount("Alice@Example.org"), "pw"); err == nil || !strings.Contains(err.Error(), "already set up") {
		t.Fatalf("a second Add of the same address: %v", err)
	}
	close(k.release)
	if err := <-added; err != nil {
		t.Fatal(err)
	}
	if l := m.List(); len(l) != 1 || l[0].ID != "alice@example.org" {
		t.Fatalf("accounts %+v", l)
	}

	// Removing: listed and found until gone, and the lock is free meanwhile.
	k.release = make(chan struct{})
	removed := make(chan error)
	go func() { removed <- m.Remove(ctx, "alice@example.org") }()
	if got := <-k.entered; got != "delete alice@example.org" {
		t.Fatalf("keychain asked to %s", got)
	}
	if !m.mu.TryLock() {
		t.Fatal("Remove holds the manager's lock across the keychain")
	}
	m.mu.Unlock()
	if _, err := m.Get("alice@example.org"); err != nil {
		t.Fatalf("Get during Remove: %v", err)
	}
	if err := m.Remove(ctx, "alice@example.org"); err == nil || !strings.Contains(err.Error(), "being removed") {
		t.Fatalf("a second Remove: %v", err)
	}
	close(k.release)
	go func() {
		for range k.entered { // the sign-in's keys
		}
	}()
	if err := <-removed; err != nil {
		t.Fatal(err)
	}
	close(k.entered)
	if l := m.List(); len(l) != 0 {
		t.Fatalf("left %+v", l)
	}
	again, err := NewManager(dir, m.Store(), NewMemory())
	if err != nil || len(again.List()) != 0 {
		t.Fatalf("configuration keeps %+v %v", again.List(), err)
	}
}

// Concurrent Adds of different addresses all land, under different ids.
func TestManagerConcurrentAdds(t *testing.T) {
	m, _, _ := newTestManager(t, NewMemory())
	ctx := context.Background()
	errs := make(chan error)
	addrs := []string{"a@example.org", "b@example.org", "c@example.org", "a@example.org", "A@example.org"}
	for _, addr := range addrs {
		go func() {
			_, err := m.Add(ctx, imapAccount(addr), "pw")
			errs <- err
		}()
	}
	failed := 0
	for range addrs {
		if err := <-errs; err != nil {
			failed++
		}
	}
	if l := m.List(); len(l) != 3 || failed != 2 {
		t.Fatalf("%d accounts, %d refused: %+v", len(l), failed, l)
	}
}
