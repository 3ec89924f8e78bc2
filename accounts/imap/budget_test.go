package imap

import (
	"context"
	"errors"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/tern-mail/tern/accounts"
	"github.com/tern-mail/tern/internal/hostileserver"
	"github.com/tern-mail/tern/storage"
)

// trickleLimits are budgets small enough for a test to see a trickle
// stall: within a fifth of a second of waiting, at least 1 KB, four times
// what the hostile server trickles. The other attacks meet the
// production limits, which nothing but their own cap can end in a test's
// time.
var trickleLimits = accounts.Limits{MinBytes: 1 << 10, RateWindow: 200 * time.Millisecond}

// limitsFor returns the budgets to meet mode with.
func limitsFor(mode hostileserver.Mode) accounts.Limits {
	if mode == hostileserver.Trickle {
		return trickleLimits
	}
	return accounts.Limits{}
}

// maxHeapGrowth bounds how far the heap may grow while Tern fends off a
// hostile server.
const maxHeapGrowth = 200 << 20

// hostileAccount is an account on srv with its own store.
func hostileAccount(t *testing.T, srv *hostileserver.Server) (accounts.Account, *storage.Store) {
	t.Helper()
	st, err := storage.Open(filepath.Join(t.TempDir(), storage.FileName))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	acct := accounts.Account{ID: "a", Address: "alice@example.org", Protocol: accounts.IMAP,
		Incoming: accounts.Server{Host: "localhost", Port: srv.Port, Security: accounts.TLS, Username: "alice"}}
	if err := st.EnsureAccount(context.Background(), acct.ID, acct.Address); err != nil {
		t.Fatal(err)
	}
	return acct, st
}

// syncAgainst runs one pass against a hostile server, measuring the
// heap, and returns its error.
func syncAgainst(t *testing.T, mode hostileserver.Mode) error {
	t.Helper()
	srv := hostileserver.IMAP(t, mode)
	acct, st := hostileAccount(t, srv)
	var err error
	grew := hostileserver.HeapGrowth(func() {
		err = SyncOnce(context.Background(), acct, st, "pw", Options{Timeouts: accounts.Timeouts{Budget: limitsFor(mode)}})
	})
	t.Logf("heap grew %d MB; %d bytes sent; sync: %v", grew>>20, srv.Stats().Sent, err)
	if grew > maxHeapGrowth {
		t.Errorf("the heap grew by %d MB", grew>>20)
	}
	return err
}

// misbehaved returns the kind of server misbehaviour err reports, or 0.
func misbehaved(err error) accounts.Misbehaviour {
	var se *accounts.ServerError
	if errors.As(err, &se) {
		return se.Kind
	}
	return 0
}

// Every way a server attacks a sync ends it, with an error that says
// what the server did, in bounded memory.
func TestHostileIMAPServersEndTheSync(t *testing.T) {
	for _, tc := range []struct {
		name string
		mode hostileserver.Mode
		want accounts.Misbehaviour
	}{
		{"endless LIST", hostileserver.Flood, accounts.FolderFlood},
		{"trickled LIST", hostileserver.Trickle, accounts.Stalled},
		{"literal of 99999999999 bytes", hostileserver.Lie, accounts.Oversized},
		{"BYE in the middle of FETCH", hostileserver.Bye, accounts.HungUp},
		{"FETCH answers without end", hostileserver.Endless, accounts.Flood},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := syncAgainst(t, tc.mode)
			if got := misbehaved(err); got != tc.want {
				t.Fatalf("sync ended with %v (kind %d), want kind %d", err, got, tc.want)
			}
		})
	}
}

// The sentence for a LIST without end is the one a person reads.
func TestEndlessListSaysSo(t *testing.T) {
	err := syncAgainst(t, hostileserver.Flood)
	var se *accounts.ServerError
	if !errors.As(err, &se) || se.Error() != "The server kept sending folder names without end, so Tern stopped this sync." {
		t.Fatalf("sync: %v", err)
	}
}

// The control: the same server, answering fairly, syncs.
func TestFairIMAPServerSyncs(t *testing.T) {
	if err := syncAgainst(t, hostileserver.Fair); err != nil {
		t.Fatalf("sync: %v", err)
	}
}

// A folder whose name is not modified UTF-7 keeps its raw name, shown
// escaped, and syncs with the others: the server is asked for it by its
// raw name.
func TestFolderNamesNotInModifiedUTF7Sync(t *testing.T) {
	srv := hostileserver.IMAP(t, hostileserver.BadNames)
	acct, st := hostileAccount(t, srv)
	ctx := context.Background()
	if err := SyncOnce(ctx, acct, st, "pw", Options{}); err != nil {
		t.Fatalf("sync: %v", err)
	}
	folders, err := st.Folders(ctx, acct.ID)
	if err != nil {
		t.Fatal(err)
	}
	have := map[string]storage.Folder{}
	for _, f := range folders {
		have[f.Name] = f
	}
	want := append([]string(nil), hostileserver.GoodFolders...)
	for _, raw := range hostileserver.BadFolders {
		want = append(want, strconv.QuoteToASCII(raw))
	}
	for _, name := range want {
		f, ok := have[name]
		if !ok {
			t.Errorf("folder %q missing; have %v", name, folders)
			continue
		}
		l, err := st.ListMessages(ctx, storage.ListQuery{FolderIDs: []int64{f.ID}})
		if err != nil || len(l) != 1 || !l[0].HasBody {
			t.Errorf("folder %q: %d messages (%v)", name, len(l), err)
		}
	}
	selected := map[string]bool{}
	for _, c := range srv.Stats().Commands {
		if _, rest, ok := cutVerb(c, "SELECT"); ok {
			selected[rest] = true
		}
	}
	for _, raw := range hostileserver.BadFolders {
		if !selected[`"`+raw+`"`] {
			t.Errorf("the server was never asked for %q by its raw name; SELECTs: %v", raw, selected)
		}
	}
}

// cutVerb splits a command line "tag VERB rest" when its verb is verb.
func cutVerb(line, verb string) (tag, rest string, ok bool) {
	for i := 0; i < len(line); i++ {
		if line[i] == ' ' {
			tag, rest = line[:i], line[i+1:]
			break
		}
	}
	if len(rest) <= len(verb) || rest[:len(verb)+1] != verb+" " {
		return "", "", false
	}
	return tag, rest[len(verb)+1:], true
}

// A server cut off in one folder leaves the pass going on with the
// others, on a new connection: the Inbox's source comes with a lie, the
// other folder's whole.
func TestCutOffInOneFolderTheOthersSync(t *testing.T) {
	srv := hostileserver.IMAP(t, hostileserver.Lie)
	acct, st := hostileAccount(t, srv)
	ctx := context.Background()
	err := SyncOnce(ctx, acct, st, "pw", Options{})
	if misbehaved(err) != accounts.Oversized {
		t.Fatalf("sync: %v", err)
	}
	for folder, body := range map[string]bool{"INBOX": false, "Good": true} {
		f, err := st.FolderByName(ctx, acct.ID, folder)
		if err != nil {
			t.Fatal(err)
		}
		l, err := st.ListMessages(ctx, storage.ListQuery{FolderIDs: []int64{f.ID}})
		if err != nil || len(l) != 1 || l[0].HasBody != body {
			t.Errorf("%s: %d messages, %v", folder, len(l), err)
		} else if l[0].HasBody != body {
			t.Errorf("%s: body stored %v, want %v", folder, l[0].HasBody, body)
		}
	}
}
