package main

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/tern-mail/tern/internal/dovecot"
	"github.com/tern-mail/tern/internal/testenv"
	"github.com/tern-mail/tern/storage"
)

// TestKillDuringFirstSyncLosesNothing kills `tern sync` with SIGKILL in
// the middle of a first sync, again and again, then lets a last one
// finish: every message must be there once, with its body, in a database
// that passes PRAGMA integrity_check.
//
// It does so for the two ways a first sync fetches: a folder with many
// new messages is handed to the second connection, which fetches them
// whole (all but the newest 500, listed by their envelopes first);
// smaller folders are listed by their envelopes first, and their bodies
// follow.
//
// The kills come at observed points, not on a timer. tern reaches Dovecot
// through a fetchGate, which holds back the end of every FETCH until the
// test has looked at the store: a sync that waits for a FETCH cannot have
// finished, so each kill lands mid-sync however fast the machine. The
// first four rounds each kill once another 500 messages are stored, the
// last four once more bodies are.
func TestKillDuringFirstSyncLosesNothing(t *testing.T) {
	const n = 3000
	for _, tc := range []struct {
		name    string
		folders []string // n messages, spread evenly
		whole   bool     // every message stored comes with its body
	}{
		{"one large folder, fetched whole", []string{"INBOX"}, true},
		{"small folders, envelopes first", []string{"INBOX", "A", "B", "C", "D", "E", "F", "G"}, false},
	} {
		t.Run(tc.name, func(t *testing.T) { killDuringFirstSync(t, n, tc.folders, tc.whole) })
	}
}

func killDuringFirstSync(t *testing.T, n int, folders []string, whole bool) {
	const headerRounds, bodyRounds = 4, 4
	srv := dovecot.Start(t, dovecot.Options{})
	srv.AddUser(t, "alice", "pw-kill")
	filler := strings.Repeat("Lorem ipsum dolor sit amet, consectetur adipiscing elit.\r\n", 200)
	per := n / len(folders)
	for k, folder := range folders {
		msgs := make([][]byte, per)
		for j := range msgs {
			i := k*per + j
			msgs[j] = []byte(fmt.Sprintf("From: s%d@example.com\r\nTo: alice@example.org\r\nSubject: Kill test %d\r\n"+
				"Date: Mon, 02 Nov 2026 10:%02d:%02d +0000\r\nMessage-ID: <kill%d@example.com>\r\n\r\n%s\r\n",
				i%50, i, (i/60)%60, i%60, i, filler))
		}
		if err := srv.DeliverMaildir("alice", folder, msgs, false); err != nil {
			t.Fatal(err)
		}
	}
	gate := newFetchGate(t, dovecot.Addr(srv.IMAPSPort))
	bin := ternBinary(t)
	dir := t.TempDir()
	tern := ternIn(bin, dir)
	out, err := tern("pw-kill\n", "account", "add", "--email", "alice@example.org", "--username", "alice",
		"--protocol", "imap", "--host", "localhost", "--port", itoa(int64(gate.port())), "--password-stdin").CombinedOutput()
	if err != nil {
		t.Fatalf("account add: %v\n%s", err, out)
	}
	if strings.Contains(string(out), "keychain is not available") {
		testenv.Missing(t, "a keychain the tern binary can use (run under .ci/keyring-session): %s", out)
	}
	defer tern("", "account", "remove", "alice@example.org").Run()

	stored := storedCounter(t, dir)

	for round := 0; round < headerRounds+bodyRounds; round++ {
		h0, b0 := stored()
		// reached tells whether this round has stored enough to be killed.
		// A header round stores at least 500 more messages (envelopes
		// come in batches of 500, whole messages in batches of at most
		// 2 MiB: 178 of these); a body round at least one more body, at
		// most a batch of 178. All eight leave bodies to fetch: after the
		// header rounds at most 2,000 + 178 messages have a body, and four
		// body rounds add at most 712.
		what := "messages"
		reached := func(h, b int) bool { return h >= 500*(round+1) }
		if round >= headerRounds {
			what = "bodies"
			reached = func(h, b int) bool { return b > b0 }
		}
		var released gateCounts
		cmd := tern("", "sync")
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		gate.hold(true)
	watch:
		for {
			select {
			case err := <-done:
				t.Fatalf("round %d: the sync ended (%v) before it was killed: a FETCH was let through that it should not have been", round, err)
			case h := <-gate.held:
				// Everything let through so far reaches the store: wait
				// for it, so that what is counted is what is stored.
				testenv.Eventually(t, time.Minute, func() error {
					if hs, bs := stored(); hs < h0+released.headers || bs < b0+released.bodies {
						return fmt.Errorf("round %d: %d messages and %d bodies stored, %d and %d let through since %d and %d",
							round, hs, bs, released.headers, released.bodies, h0, b0)
					}
					return nil
				})
				if hs, bs := stored(); reached(hs, bs) {
					// The sync waits for h's FETCH: it is mid-way.
					cmd.Process.Signal(syscall.SIGKILL)
					err := <-done
					h.answer <- false
					gate.waitClosed(t)
					if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || ws.Signal() != syscall.SIGKILL {
						t.Fatalf("round %d: sync did not die of SIGKILL: %v", round, err)
					}
					t.Logf("round %d (%s): killed with %d messages and %d bodies stored (%d and %d new), a FETCH held",
						round, what, hs, bs, hs-h0, bs-b0)
					if bs >= n {
						t.Fatalf("round %d: every body was stored before the kill", round)
					}
					// Fetched whole, messages come with their bodies, but
					// for the newest 500, listed by their envelopes first.
					if whole && round < headerRounds && hs-bs > 500 {
						t.Fatalf("round %d: %d messages stored but %d bodies: the folder was not fetched whole", round, hs, bs)
					}
					break watch
				}
				released.add(h.counts)
				h.answer <- true
			}
		}
		gate.hold(false)
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
	list, err := st.ListMessages(ctx, storage.ListQuery{AccountID: "alice@example.org"})
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
	if len(list) != per*len(folders) {
		t.Fatalf("%d messages stored, want %d", len(list), per*len(folders))
	}
	// Each message is in the search index exactly once.
	found, err := st.Search(ctx, storage.SearchQuery{Text: "kill test"})
	if err != nil {
		t.Fatal(err)
	}
	if len(found) != per*len(folders) {
		t.Fatalf("search finds %d messages, want %d", len(found), per*len(folders))
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

// storedCounter returns a function that counts the messages, and those
// with a body, in a profile's store, through a read-only connection that
// a running tern does not have to wait for.
func storedCounter(t *testing.T, dir string) func() (headers, bodies int) {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+filepath.Join(dir, storage.FileName)+"?mode=ro&_pragma=busy_timeout(10000)")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return func() (headers, bodies int) {
		t.Helper()
		if err := db.QueryRow(`SELECT count(*), count(body_id) FROM messages`).Scan(&headers, &bodies); err != nil {
			t.Fatalf("count stored messages: %v", err)
		}
		return headers, bodies
	}
}
