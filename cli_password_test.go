package main

import (
	"context"
	"strings"
	"testing"

	"github.com/tern-mail/tern/accounts"
	"github.com/tern-mail/tern/internal/dovecot"
)

func TestCLIAccountPassword(t *testing.T) {
	dv := dovecot.Start(t, dovecot.Options{})
	dv.AddUser(t, "gus", "new-pw")
	secrets := accounts.NewMemory()
	p := "--profile=" + t.TempDir()
	if _, errOut, code := cli(t, secrets, "old-pw\n", p, "account", "add", "--email", "gus@example.org", "--username", "gus",
		"--protocol", "imap", "--host", "localhost", "--port", itoa(int64(dv.IMAPSPort)), "--password-stdin"); code != 0 {
		t.Fatalf("add: %s", errOut)
	}
	if _, errOut, code := cli(t, secrets, "", p, "sync"); code == 0 || !strings.Contains(errOut, "did not accept") {
		t.Fatalf("sync with the old password: %d %s", code, errOut)
	}
	if _, errOut, code := cli(t, secrets, "wrong\n", p, "account", "password", "gus@example.org", "--password-stdin"); code == 0 ||
		!strings.Contains(errOut, "not saved") {
		t.Fatalf("wrong new password: %d %s", code, errOut)
	}
	out, errOut, code := cli(t, secrets, "new-pw\n", p, "account", "password", "gus@example.org", "--password-stdin")
	if code != 0 || !strings.Contains(out, "Saved the new password for gus@example.org") {
		t.Fatalf("new password: %d %s %s", code, out, errOut)
	}
	if _, errOut, code := cli(t, secrets, "", p, "sync"); code != 0 {
		t.Fatalf("sync with the new password: %s", errOut)
	}
	if _, _, code := cli(t, secrets, "", p, "account", "password", "gus@example.org"); code != 2 {
		t.Errorf("without --password-stdin: exit %d, want 2", code)
	}
}

// noKeychain is a system keychain that is not there.
type noKeychain struct{}

func (noKeychain) Get(context.Context, string) (string, error) {
	return "", accounts.ErrKeychainUnavailable
}
func (noKeychain) Set(context.Context, string, string) error { return accounts.ErrKeychainUnavailable }
func (noKeychain) Delete(context.Context, string) error      { return accounts.ErrKeychainUnavailable }

func TestCLIAccountAddWithoutKeychainFails(t *testing.T) {
	p := "--profile=" + t.TempDir()
	secrets := accounts.NewFallback(noKeychain{})
	_, errOut, code := cli(t, secrets, "pw\n", p, "account", "add", "--email", "hal@example.org", "--protocol", "imap",
		"--host", "imap.example.org", "--password-stdin")
	if code == 0 || !strings.Contains(errOut, "Your system keychain is not available, so Tern will remember your password only until you close it") {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if strings.Count(errOut, "keychain is not available") != 1 {
		t.Errorf("said more than once: %s", errOut)
	}
	if out, _, _ := cli(t, secrets, "", p, "account", "list"); out != "" {
		t.Errorf("the account was kept: %s", out)
	}
}
