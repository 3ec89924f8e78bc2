package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/tern-mail/tern/accounts"
	"github.com/tern-mail/tern/internal/dovecot"
	"github.com/tern-mail/tern/internal/testenv"
	"github.com/tern-mail/tern/storage"
)

func TestCLIPOP3SyncAndLocalFolders(t *testing.T) {
	srv := dovecot.Start(t, dovecot.Options{})
	srv.AddUser(t, "bob", "pw-bob")
	var msgs [][]byte
	for i := 1; i <= 4; i++ {
		msgs = append(msgs, mailMsg(100+i, "Pop "+itoa(int64(i)), "quokka"))
	}
	if err := srv.DeliverMaildir("bob", "INBOX", msgs, false); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	secrets := accounts.NewMemory()
	p := "--profile=" + dir
	if _, errOut, code := cli(t, secrets, "pw-bob\n", p, "account", "add", "--email", "bob@example.org", "--username", "bob",
		"--protocol", "pop3", "--host", "localhost", "--port", itoa(int64(srv.POP3SPort)), "--pop3-delete-on-server",
		"--password-stdin"); code != 0 {
		t.Fatal(errOut)
	}
	if _, errOut, code := cli(t, secrets, "", p, "sync"); code != 0 {
		t.Fatalf("sync: %s", errOut)
	}
	out, _, _ := cli(t, secrets, "", p, "list", "--folder", "inbox")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 4 {
		t.Fatalf("list: %q", out)
	}
	id := func(i int) string { return strings.Split(lines[i], "\t")[0] }
	for _, args := range [][]string{
		{"folder", "create", "Family"}, {"move", id(0), "Family"}, {"delete", id(1)}, {"mark", id(2), "read"},
		{"mark", id(2), "flagged"},
	} {
		if _, errOut, code := cli(t, secrets, "", append([]string{p}, args...)...); code != 0 {
			t.Fatalf("%v: %s", args, errOut)
		}
	}
	out, _, _ = cli(t, secrets, "", p, "folders")
	for _, want := range []string{"bob@example.org\tFamily\t-\t1\t1", "bob@example.org\tTrash\ttrash\t1\t1",
		"bob@example.org\tINBOX\tinbox\t1\t2", "bob@example.org\tSent\tsent\t0\t0", "bob@example.org\tDrafts\tdrafts\t0\t0"} {
		if !strings.Contains(out, want+"\n") {
			t.Errorf("folders lacks %q:\n%s", want, out)
		}
	}
	// Nothing is queued for a POP3 server, and a new check brings no copies.
	st, _ := storage.Open(filepath.Join(dir, storage.FileName))
	pending, _ := st.PendingActions(context.Background(), "bob@example.org")
	st.Close()
	if len(pending) != 0 {
		t.Fatalf("POP3 actions queued for a server: %+v", pending)
	}
	if _, errOut, code := cli(t, secrets, "", p, "sync"); code != 0 {
		t.Fatal(errOut)
	}
	if out, _, _ := cli(t, secrets, "", p, "search", "quokka"); strings.Count(out, "\n") != 4 {
		t.Fatalf("after a second sync: %q", out)
	}
	// The message deleted here (asked for with --pop3-delete-on-server) is
	// gone from the server after that sync; the other three stay.
	left := 0
	for _, d := range []string{"cur", "new"} {
		es, _ := os.ReadDir(filepath.Join(srv.Maildir("bob"), d))
		left += len(es)
	}
	if left != 3 {
		t.Fatalf("%d messages on the server, want 3", left)
	}
}

// TestKillDuringPOP3DownloadNeverDuplicates kills `tern sync` in the
// middle of a POP3 download with "delete after download", five times,
// then lets one finish: every message is here once and gone from the
// server. tern reaches Dovecot through a gate that holds each RETR until
// the test has looked at the store; each kill comes while one is held,
// once 100 more messages are stored or 200 were let through, so every
// round kills mid-download however fast the machine.
func TestKillDuringPOP3DownloadNeverDuplicates(t *testing.T) {
	const n = 2000
	srv := dovecot.Start(t, dovecot.Options{})
	srv.AddUser(t, "bob", "pw-kill3")
	filler := strings.Repeat("Sed ut perspiciatis unde omnis iste natus error sit voluptatem.\r\n", 100)
	msgs := make([][]byte, n)
	for i := range msgs {
		msgs[i] = []byte(fmt.Sprintf("From: s@example.com\r\nSubject: Pop kill %d\r\nMessage-ID: <pk%d@example.com>\r\n"+
			"Date: Mon, 02 Nov 2026 10:00:00 +0000\r\n\r\n%s", i, i, filler))
	}
	if err := srv.DeliverMaildir("bob", "INBOX", msgs, false); err != nil {
		t.Fatal(err)
	}
	gate := newRetrGate(t, dovecot.Addr(srv.POP3SPort))
	bin := ternBinary(t)
	dir := t.TempDir()
	tern := ternIn(bin, dir)
	out, err := tern("pw-kill3\n", "account", "add", "--email", "bob@example.org", "--username", "bob", "--protocol", "pop3",
		"--host", "localhost", "--port", itoa(int64(gate.port())), "--pop3-policy", "delete", "--password-stdin").CombinedOutput()
	if err != nil {
		t.Fatalf("account add: %v\n%s", err, out)
	}
	if strings.Contains(string(out), "keychain is not available") {
		testenv.Missing(t, "a keychain the tern binary can use: %s", out)
	}
	defer tern("", "account", "remove", "bob@example.org").Run()
	stored := storedCounter(t, dir)
	for round := 0; round < 5; round++ {
		base, _ := stored()
		cmd := tern("", "sync")
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		gate.hold(true)
		released := 0
	watch:
		for {
			select {
			case err := <-done:
				t.Fatalf("round %d: the sync ended (%v) before it was killed", round, err)
			case h := <-gate.held:
				if n, _ := stored(); n >= base+100 || released >= 200 {
					// The sync waits for h's RETR: it is mid-way.
					cmd.Process.Signal(syscall.SIGKILL)
					<-done
					h.answer <- false
					gate.waitClosed(t)
					t.Logf("round %d: killed with %d messages stored (%d new, %d RETR let through), a RETR held",
						round, n, n-base, released)
					break watch
				}
				released++
				h.answer <- true
			}
		}
		gate.hold(false)
	}
	if out, err := tern("", "sync").CombinedOutput(); err != nil {
		t.Fatalf("final sync: %v\n%s", err, out)
	}
	headers, bodies := progress(t, dir)
	if headers != n || bodies != n {
		t.Fatalf("%d messages (%d bodies) stored, want %d", headers, bodies, n)
	}
	st, _ := storage.Open(filepath.Join(dir, storage.FileName))
	defer st.Close()
	if err := st.IntegrityCheck(context.Background()); err != nil {
		t.Fatal(err)
	}
	all, _ := st.ListMessages(context.Background(), storage.ListQuery{})
	seen := map[string]bool{}
	for _, m := range all {
		if seen[m.Subject] {
			t.Fatalf("%q stored twice", m.Subject)
		}
		seen[m.Subject] = true
	}
	left := 0
	for _, d := range []string{"cur", "new"} {
		es, _ := os.ReadDir(filepath.Join(srv.Maildir("bob"), d))
		left += len(es)
	}
	if left != 0 {
		t.Fatalf("%d messages left on the server", left)
	}
}
