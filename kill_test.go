package main

import (
	"context"
	"fmt"
	"math/rand"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/tern-mail/tern/internal/dovecot"
	"github.com/tern-mail/tern/internal/testenv"
	"github.com/tern-mail/tern/storage"
)

// TestKillDuringFirstSyncLosesNothing kills `tern sync` with SIGKILL at
// random points of a first sync, then lets a last one finish: every message
// must be there once, with its body, in a database that passes
// PRAGMA integrity_check.
func TestKillDuringFirstSyncLosesNothing(t *testing.T) {
	const n = 3000
	srv := dovecot.Start(t, dovecot.Options{})
	srv.AddUser(t, "alice", "pw-kill")
	msgs := make([][]byte, n)
	filler := strings.Repeat("Lorem ipsum dolor sit amet, consectetur adipiscing elit.\r\n", 200)
	for i := range msgs {
		msgs[i] = []byte(fmt.Sprintf("From: s%d@example.com\r\nTo: alice@example.org\r\nSubject: Kill test %d\r\n"+
			"Date: Mon, 02 Nov 2026 10:%02d:%02d +0000\r\nMessage-ID: <kill%d@example.com>\r\n\r\n%s\r\n",
			i%50, i, (i/60)%60, i%60, i, filler))
	}
	if err := srv.DeliverMaildir("alice", "INBOX", msgs, false); err != nil {
		t.Fatal(err)
	}
	bin := ternBinary(t)
	dir := t.TempDir()
	tern := ternIn(bin, dir)
	out, err := tern("pw-kill\n", "account", "add", "--email", "alice@example.org", "--username", "alice",
		"--protocol", "imap", "--host", "localhost", "--port", itoa(int64(srv.IMAPSPort)), "--password-stdin").CombinedOutput()
	if err != nil {
		t.Fatalf("account add: %v\n%s", err, out)
	}
	if strings.Contains(string(out), "keychain is not available") {
		testenv.Missing(t, "a keychain the tern binary can use (run under .ci/keyring-session): %s", out)
	}
	defer tern("", "account", "remove", "alice@example.org").Run()

	rng := rand.New(rand.NewSource(time.Now().UnixNano()))
	killed := 0
	for round := 0; round < 8; round++ {
		cmd := tern("", "sync")
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		delay := time.Duration(100+rng.Intn(700)) * time.Millisecond
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case <-time.After(delay):
			cmd.Process.Signal(syscall.SIGKILL)
			<-done
			killed++
			headers, bodies := progress(t, dir)
			t.Logf("round %d: killed after %v with %d headers and %d bodies stored", round, delay, headers, bodies)
		case err := <-done:
			t.Logf("round %d: finished before the kill (%v)", round, err)
		}
	}
	if killed < 4 {
		t.Fatalf("only %d of 8 runs were killed mid-sync: the test did not test", killed)
	}
	if out, err := tern("", "sync").CombinedOutput(); err != nil {
		t.Fatalf("final sync: %v\n%s", err, out)
	}

	st, err := storage.Open(filepath.Join(dir, storage.FileName))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ctx := context.Background()
	if err := st.IntegrityCheck(ctx); err != nil {
		t.Fatal(err)
	}
	inbox, err := st.FolderByName(ctx, "alice@example.org", "INBOX")
	if err != nil {
		t.Fatal(err)
	}
	list, err := st.ListMessages(ctx, storage.ListQuery{FolderIDs: []int64{inbox.ID}})
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, m := range list {
		if seen[m.Subject] {
			t.Fatalf("%q stored twice", m.Subject)
		}
		seen[m.Subject] = true
		if !m.HasBody {
			t.Fatalf("%q has no body after the final sync", m.Subject)
		}
	}
	if len(list) != n {
		t.Fatalf("%d messages stored, want %d", len(list), n)
	}
	// Each message is in the search index exactly once.
	found, err := st.Search(ctx, storage.SearchQuery{Text: "kill test"})
	if err != nil {
		t.Fatal(err)
	}
	if len(found) != n {
		t.Fatalf("search finds %d messages, want %d", len(found), n)
	}
}

// progress reads how many messages and bodies a profile's store holds.
func progress(t *testing.T, dir string) (headers, bodies int) {
	t.Helper()
	st, err := storage.Open(filepath.Join(dir, storage.FileName))
	if err != nil {
		t.Fatalf("open after kill: %v", err)
	}
	defer st.Close()
	list, err := st.ListMessages(context.Background(), storage.ListQuery{})
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range list {
		if m.HasBody {
			bodies++
		}
	}
	return len(list), bodies
}
