package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tern-mail/tern/accounts"
	"github.com/tern-mail/tern/accounts/instance"
	"github.com/tern-mail/tern/assets/i18n"
	"github.com/tern-mail/tern/storage"
)

// TestCommandsBesideAHeldProfile: while another Tern command holds the
// profile (here the test itself holds its lock), a command that writes
// waits a little, then refuses with one sentence and exit code 75; one
// that reads runs beside, leaving the store's notices to the holder.
func TestCommandsBesideAHeldProfile(t *testing.T) {
	dir := t.TempDir()
	secrets := accounts.NewMemory()
	p := "--profile=" + dir
	if _, errOut, code := cli(t, secrets, "pw\n", p, "account", "add", "--email", "alice@example.org",
		"--protocol", "imap", "--host", "imap.example.org", "--password-stdin"); code != 0 {
		t.Fatalf("account add: %s", errOut)
	}
	st, err := storage.Open(filepath.Join(dir, storage.FileName))
	if err != nil {
		t.Fatal(err)
	}
	err = st.AddNotice(context.Background(), storage.Notice{Kind: storage.NoticeNotSent, Subject: "Invoice", ServerText: "550 no"})
	st.Close()
	if err != nil {
		t.Fatal(err)
	}

	l, err := instance.TryLock(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"sync"}, {"mark", "1", "read"}, {"account", "remove", "alice@example.org"}} {
		start := time.Now()
		_, errOut, code := cli(t, secrets, "", append([]string{p}, args...)...)
		if code != exitBusy || errOut != "tern: "+i18n.T("cli.claim.command_busy")+"\n" {
			t.Errorf("%v beside another command: %d %q", args, code, errOut)
		}
		if waited := time.Since(start); waited < commandWait {
			t.Errorf("%v gave up after %v, before waiting %v", args, waited, commandWait)
		}
	}
	out, errOut, code := cli(t, secrets, "", p, "account", "list")
	if code != 0 || !strings.Contains(out, "alice@example.org") {
		t.Errorf("account list beside another command: %d %q %q", code, out, errOut)
	}
	if strings.Contains(errOut, "Invoice") {
		t.Errorf("a command beside the holder took its notice: %q", errOut)
	}

	// Once the profile is free, commands take it, and the notice.
	if err := l.Release(); err != nil {
		t.Fatal(err)
	}
	_, errOut, code = cli(t, secrets, "", p, "account", "list")
	if code != 0 || !strings.Contains(errOut, "Invoice") {
		t.Errorf("account list on a free profile: %d %q, want the notice", code, errOut)
	}
	if _, errOut, code := cli(t, secrets, "", p, "account", "remove", "alice@example.org"); code != 0 {
		t.Errorf("account remove on a free profile: %d %q", code, errOut)
	}
}

func TestWhichCommandsWrite(t *testing.T) {
	for _, c := range []struct {
		args  string
		write bool
	}{
		{"sync", true}, {"send --to a@b", true}, {"mark 1 read", true}, {"move 1 Archive", true},
		{"delete 1", true}, {"import x.eml", true}, {"import --list x.mbox", false}, {"export --mbox d", false},
		{"folder create X", true},
		{"account add --email a@b", true}, {"account remove a@b", true}, {"account password a@b", true},
		{"account signin a@b", true}, {"account list", false}, {"account detect a@b", false},
		{"list", false}, {"show 1", false}, {"search x", false}, {"folders", false}, {"frobnicate", false},
	} {
		if got := writes(strings.Fields(c.args)); got != c.write {
			t.Errorf("writes(%q) = %v, want %v", c.args, got, c.write)
		}
	}
}
