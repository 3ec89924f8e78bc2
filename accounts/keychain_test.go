package accounts

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tern-mail/tern/internal/testenv"
	"github.com/tern-mail/tern/storage"
)

// realKeychain returns the system keychain after checking it answers, or
// reports it missing (a failure under TERN_STRICT=1).
func realKeychain(t *testing.T) *Keychain {
	t.Helper()
	k := NewKeychain(5 * time.Second)
	probe := fmt.Sprintf("tern-probe-%d", time.Now().UnixNano())
	err := k.Set(context.Background(), probe, "x")
	if err != nil {
		testenv.Missing(t, "no usable keychain (run inside dbus-run-session with an unlocked gnome-keyring-daemon): %v", err)
	}
	k.Delete(context.Background(), probe)
	return k
}

func TestKeychainRoundTrip(t *testing.T) {
	k := realKeychain(t)
	ctx := context.Background()
	id := fmt.Sprintf("roundtrip-%d@example.org", time.Now().UnixNano())
	if err := k.Set(ctx, id, "första lösenordet"); err != nil {
		t.Fatal(err)
	}
	if err := k.Set(ctx, id, "zweites Passwort ✓"); err != nil {
		t.Fatal(err)
	}
	got, err := k.Get(ctx, id)
	if err != nil || got != "zweites Passwort ✓" {
		t.Fatalf("Get = %q, %v", got, err)
	}
	if err := k.Delete(ctx, id); err != nil {
		t.Fatal(err)
	}
	if _, err := k.Get(ctx, id); !errors.Is(err, ErrNoPassword) {
		t.Fatalf("after Delete, Get = %v, want ErrNoPassword", err)
	}
	if err := k.Delete(ctx, id); err != nil {
		t.Fatalf("deleting a missing entry: %v", err)
	}
}

// blockingBackend never answers, like go-keyring waiting for an unlock
// prompt nobody sees.
type blockingBackend struct{ release chan struct{} }

func (b blockingBackend) Get(string, string) (string, error) { <-b.release; return "", nil }
func (b blockingBackend) Set(string, string, string) error   { <-b.release; return nil }
func (b blockingBackend) Delete(string, string) error        { <-b.release; return nil }

func TestKeychainCallsTimeOut(t *testing.T) {
	release := make(chan struct{})
	defer close(release)
	k := &Keychain{backend: blockingBackend{release}, timeout: 50 * time.Millisecond}
	ctx := context.Background()
	if _, err := k.Get(ctx, "a"); !errors.Is(err, ErrKeychainUnavailable) {
		t.Fatalf("Get = %v, want ErrKeychainUnavailable", err)
	}
	if err := k.Set(ctx, "a", "pw"); !errors.Is(err, ErrKeychainUnavailable) {
		t.Fatalf("Set = %v, want ErrKeychainUnavailable", err)
	}
	if err := k.Delete(ctx, "a"); !errors.Is(err, ErrKeychainUnavailable) {
		t.Fatalf("Delete = %v, want ErrKeychainUnavailable", err)
	}

	// Behind the fallback, a hanging keychain means: remember for this run,
	// and say so.
	f := NewFallback(k)
	if f.Missing() {
		t.Fatal("missing before any failure")
	}
	if err := f.Set(ctx, "a", "pw"); err != nil {
		t.Fatalf("fallback Set: %v", err)
	}
	if pw, err := f.Get(ctx, "a"); err != nil || pw != "pw" {
		t.Fatalf("fallback Get = %q, %v", pw, err)
	}
	if !f.Missing() {
		t.Fatal("the fallback did not record the missing keychain")
	}
}

func TestKeychainWithoutSessionBusIsUnavailable(t *testing.T) {
	if os.Getenv("TERN_NO_BUS_CHILD") == "1" {
		k := NewKeychain(3 * time.Second)
		err := k.Set(context.Background(), "nobus@example.org", "pw")
		if !errors.Is(err, ErrKeychainUnavailable) {
			fmt.Printf("RESULT unexpected %v\n", err)
			os.Exit(1)
		}
		fmt.Println("RESULT unavailable")
		os.Exit(0)
	}
	// Run this test in a child with no D-Bus session at all.
	cmd := exec.Command(os.Args[0], "-test.run=^TestKeychainWithoutSessionBusIsUnavailable$")
	cmd.Env = []string{"TERN_NO_BUS_CHILD=1", "HOME=" + t.TempDir(), "DBUS_SESSION_BUS_ADDRESS=unix:path=/nonexistent/bus"}
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "RESULT unavailable") {
		t.Fatalf("child: %v\n%s", err, out)
	}
}

func TestPasswordNeverWrittenToProfile(t *testing.T) {
	k := realKeychain(t)
	ctx := context.Background()
	dir := t.TempDir()
	st, err := storage.Open(filepath.Join(dir, storage.FileName))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	m, err := NewManager(dir, st, NewFallback(k))
	if err != nil {
		t.Fatal(err)
	}
	password := fmt.Sprintf("Tr0ub4dor&3-%d", time.Now().UnixNano())
	a, err := m.Add(ctx, Account{
		Name: "Alice", Address: "alice@example.org", Protocol: POP3,
		Incoming: Server{Host: "pop.example.org", Port: 995, Security: TLS},
		Outgoing: Server{Host: "smtp.example.org", Port: 465, Security: TLS},
	}, password)
	if err != nil {
		t.Fatal(err)
	}
	defer m.Remove(ctx, a.ID)
	if m.KeychainMissing() {
		t.Fatal("keychain unexpectedly unavailable")
	}
	// Store some mail so the database and its WAL have content too.
	inbox, err := st.FolderByName(ctx, a.ID, "INBOX")
	if err != nil {
		t.Fatal(err)
	}
	raw := []byte("From: bob@example.org\r\nSubject: hi\r\n\r\nhello alice\r\n")
	if _, err := st.AddMessage(ctx, inbox.ID, storage.NewMessage{UIDL: "1", Raw: raw}); err != nil {
		t.Fatal(err)
	}
	// The password is in the keychain …
	if got, err := k.Get(ctx, a.ID); err != nil || got != password {
		t.Fatalf("keychain has %q, %v", got, err)
	}
	if path, err := exec.LookPath("secret-tool"); err == nil {
		out, err := exec.Command(path, "lookup", "service", KeychainService, "username", a.ID).Output()
		if err != nil || string(out) != password {
			t.Fatalf("secret-tool lookup = %q, %v", out, err)
		}
	}
	// … and in no file of the profile, in any encoding we could write it.
	needles := [][]byte{[]byte(password), []byte(strings.ToUpper(password))}
	files := 0
	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		files++
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		for _, n := range needles {
			if bytes.Contains(b, n) {
				t.Errorf("password found in %s", p)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files < 3 { // accounts.json, tern.db, tern.db-wal at least
		t.Fatalf("only %d files checked; the test is not looking where it should", files)
	}
}

func TestKeychainWaitsAMinuteForUnlock(t *testing.T) {
	if got := NewKeychain(0).timeout; got < time.Minute {
		t.Errorf("an unlock prompt gets %v, want a minute", got)
	}
}
