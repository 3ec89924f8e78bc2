package pop3

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/tern-mail/tern/accounts"
	"github.com/tern-mail/tern/internal/dovecot"
	"github.com/tern-mail/tern/storage"
)

func testMsg(n int) string {
	return fmt.Sprintf("From: Sender %d <s%d@example.com>\r\nTo: bob@example.org\r\nSubject: POP %d\r\n"+
		"Date: Mon, 02 Nov 2026 10:00:%02d +0000\r\nMessage-ID: <pop%d@example.com>\r\n\r\nHello %d\r\n.leading dot line\r\n..two dots\r\n",
		n, n, n, n%60, n, n)
}

func newStore(t *testing.T, policy accounts.POP3Options, srv accounts.Server) (*storage.Store, accounts.Account) {
	t.Helper()
	st, err := storage.Open(filepath.Join(t.TempDir(), storage.FileName))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	a := accounts.Account{ID: "bob", Address: "bob@example.org", Protocol: accounts.POP3, Incoming: srv, POP3: policy}
	ctx := context.Background()
	if err := st.EnsureAccount(ctx, a.ID, a.Address); err != nil {
		t.Fatal(err)
	}
	if _, err := st.EnsureFolder(ctx, a.ID, "INBOX", "/", storage.RoleInbox); err != nil {
		t.Fatal(err)
	}
	return st, a
}

func inbox(t *testing.T, st *storage.Store) []storage.MessageSummary {
	t.Helper()
	f, _ := st.FolderByName(context.Background(), "bob", "INBOX")
	l, err := st.ListMessages(context.Background(), storage.ListQuery{FolderIDs: []int64{f.ID}})
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// dovecotWith starts Dovecot with bob's Maildir holding n messages.
func dovecotWith(t *testing.T, n int) *dovecot.Server {
	srv := dovecot.Start(t, dovecot.Options{})
	srv.AddUser(t, "bob", "bob-pw")
	var msgs [][]byte
	for i := 1; i <= n; i++ {
		msgs = append(msgs, []byte(testMsg(i)))
	}
	if err := srv.DeliverMaildir("bob", "INBOX", msgs, false); err != nil {
		t.Fatal(err)
	}
	return srv
}

func onServer(t *testing.T, srv *dovecot.Server) int {
	n := 0
	for _, d := range []string{"cur", "new"} {
		es, _ := os.ReadDir(filepath.Join(srv.Maildir("bob"), d))
		n += len(es)
	}
	return n
}

func TestDownloadKeepOnServerOverTLSAndSTLS(t *testing.T) {
	srv := dovecotWith(t, 5)
	for _, s := range []accounts.Server{
		{Host: "localhost", Port: srv.POP3SPort, Security: accounts.TLS, Username: "bob"},
		{Host: "localhost", Port: srv.POP3Port, Security: accounts.STARTTLS, Username: "bob"},
	} {
		st, a := newStore(t, accounts.POP3Options{Policy: accounts.KeepOnServer}, s)
		ctx := context.Background()
		res, err := Check(ctx, a, st, "bob-pw", Options{})
		if err != nil {
			t.Fatalf("%s: %v", s.Security, err)
		}
		if res.Downloaded != 5 || res.Deleted != 0 || onServer(t, srv) != 5 {
			t.Fatalf("%s: %+v, %d on server", s.Security, res, onServer(t, srv))
		}
		l := inbox(t, st)
		if len(l) != 5 {
			t.Fatalf("%s: %d local", s.Security, len(l))
		}
		// Byte for byte, dot-stuffing undone.
		m, _ := st.Message(ctx, l[len(l)-1].ID)
		if string(m.Raw) != testMsg(1) {
			t.Fatalf("%s: stored\n%q\nwant\n%q", s.Security, m.Raw, testMsg(1))
		}
		res, err = Check(ctx, a, st, "bob-pw", Options{})
		if err != nil || res.Downloaded != 0 || len(inbox(t, st)) != 5 {
			t.Fatalf("%s: second check %+v %v", s.Security, res, err)
		}
		if _, err := Check(ctx, a, st, "wrong", Options{}); !errors.Is(err, accounts.ErrAuthFailed) {
			t.Fatalf("%s: wrong password: %v", s.Security, err)
		}
	}
}

func TestDeleteRightAfterDownload(t *testing.T) {
	srv := dovecotWith(t, 4)
	st, a := newStore(t, accounts.POP3Options{Policy: accounts.DeleteAfterDownload},
		accounts.Server{Host: "localhost", Port: srv.POP3SPort, Security: accounts.TLS, Username: "bob"})
	res, err := Check(context.Background(), a, st, "bob-pw", Options{})
	if err != nil || res.Downloaded != 4 || res.Deleted != 4 {
		t.Fatalf("%+v %v", res, err)
	}
	if n := onServer(t, srv); n != 0 {
		t.Fatalf("%d left on the server", n)
	}
	if len(inbox(t, st)) != 4 {
		t.Fatal("lost locally")
	}
}

func TestDeleteAfterDaysFollowsTheClock(t *testing.T) {
	srv := dovecotWith(t, 3)
	st, a := newStore(t, accounts.POP3Options{Policy: accounts.DeleteAfterDays, Days: 7},
		accounts.Server{Host: "localhost", Port: srv.POP3SPort, Security: accounts.TLS, Username: "bob"})
	now := time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)
	opts := Options{Now: func() time.Time { return now }}
	ctx := context.Background()
	if res, err := Check(ctx, a, st, "bob-pw", opts); err != nil || res.Deleted != 0 {
		t.Fatalf("day 0: %+v %v", res, err)
	}
	now = now.AddDate(0, 0, 6)
	if res, err := Check(ctx, a, st, "bob-pw", opts); err != nil || res.Deleted != 0 || onServer(t, srv) != 3 {
		t.Fatalf("day 6: %+v %v", res, err)
	}
	now = now.AddDate(0, 0, 1)
	if res, err := Check(ctx, a, st, "bob-pw", opts); err != nil || res.Deleted != 3 || onServer(t, srv) != 0 {
		t.Fatalf("day 7: %+v %v, %d on server", res, err, onServer(t, srv))
	}
	if len(inbox(t, st)) != 3 {
		t.Fatal("local copies lost")
	}
}

func TestDeletedHereIsDeletedThereAndNotFetchedAgain(t *testing.T) {
	srv := dovecotWith(t, 3)
	st, a := newStore(t, accounts.POP3Options{Policy: accounts.KeepOnServer, DeleteOnServerWhenDeleted: true},
		accounts.Server{Host: "localhost", Port: srv.POP3SPort, Security: accounts.TLS, Username: "bob"})
	ctx := context.Background()
	if _, err := Check(ctx, a, st, "bob-pw", Options{}); err != nil {
		t.Fatal(err)
	}
	l := inbox(t, st)
	_, uidl, _ := st.MessageUIDL(ctx, l[0].ID)
	if err := st.MarkPOP3DeleteOnServer(ctx, "bob", uidl); err != nil {
		t.Fatal(err)
	}
	if err := st.RemoveMessages(ctx, l[0].ID); err != nil {
		t.Fatal(err)
	}
	res, err := Check(ctx, a, st, "bob-pw", Options{})
	if err != nil || res.Deleted != 1 || res.Downloaded != 0 || onServer(t, srv) != 2 || len(inbox(t, st)) != 2 {
		t.Fatalf("%+v %v, %d on server, %d here", res, err, onServer(t, srv), len(inbox(t, st)))
	}
	// Deleted here without asking the server: not downloaded again.
	if err := st.RemoveMessages(ctx, inbox(t, st)[0].ID); err != nil {
		t.Fatal(err)
	}
	if res, err := Check(ctx, a, st, "bob-pw", Options{}); err != nil || res.Downloaded != 0 {
		t.Fatalf("re-downloaded a message deleted here: %+v %v", res, err)
	}
}

func TestRefusesToLoginWithoutSTLS(t *testing.T) {
	f := &fakeServer{noSTLS: true, msgs: []string{testMsg(1)}}
	port := startFake(t, f)
	_, err := Dial(context.Background(), accounts.Server{Host: "127.0.0.1", Port: port, Security: accounts.STARTTLS, Username: "bob"},
		"secret-pop-pw", Options{})
	if !errors.Is(err, accounts.ErrNoEncryption) {
		t.Fatalf("Dial = %v, want ErrNoEncryption", err)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, l := range f.lines {
		if strings.Contains(l, "secret-pop-pw") || strings.HasPrefix(l, "USER") || strings.HasPrefix(l, "PASS") {
			t.Fatalf("sent %q over plain text", l)
		}
	}
}

func fakeAccount(t *testing.T, f *fakeServer, policy accounts.POP3Options) (*storage.Store, accounts.Account) {
	port := startFake(t, f)
	return newStore(t, policy, accounts.Server{Host: "localhost", Port: port, Security: accounts.TLS, Username: "bob"})
}

// oneByteOff returns msg with one byte of its body changed: the same
// header block, the same size.
func oneByteOff(msg string, b byte) string {
	i := strings.Index(msg, "Hello") + 1
	return msg[:i] + string(b) + msg[i+1:]
}

// storedRaws returns the local Inbox's messages, byte for byte, sorted.
func storedRaws(t *testing.T, st *storage.Store) []string {
	t.Helper()
	var out []string
	for _, m := range inbox(t, st) {
		full, err := st.Message(context.Background(), m.ID)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, string(full.Raw))
	}
	sort.Strings(out)
	return out
}

func sorted(msgs ...string) []string {
	out := append([]string(nil), msgs...)
	sort.Strings(out)
	return out
}

func TestServerWithoutUIDLNeverDuplicates(t *testing.T) {
	twin := oneByteOff(testMsg(4), 'X')
	msgs := []string{testMsg(1), testMsg(2), testMsg(4), testMsg(3), twin, testMsg(5), testMsg(5)}
	f := &fakeServer{noUIDL: true, msgs: msgs}
	st, a := fakeAccount(t, f, accounts.POP3Options{Policy: accounts.KeepOnServer})
	ctx := context.Background()
	res, err := Check(ctx, a, st, "pw", Options{})
	if err != nil || res.Downloaded != len(msgs) {
		t.Fatalf("first check: %+v %v, want %d downloaded", res, err, len(msgs))
	}
	// Messages differing in one byte of the body are two messages, and
	// so are two identical copies.
	if got := storedRaws(t, st); !slices.Equal(got, sorted(msgs...)) {
		t.Fatalf("stored %d messages:\n%q\nwant\n%q", len(got), got, sorted(msgs...))
	}
	for i := 0; i < 2; i++ {
		before := f.count("RETR")
		res, err := Check(ctx, a, st, "pw", Options{})
		if err != nil || res.Downloaded != 0 || res.Deleted != 0 {
			t.Fatalf("check %d: %+v %v", i+2, res, err)
		}
		if n := f.count("RETR") - before; n != 0 {
			t.Fatalf("check %d read %d messages again", i+2, n)
		}
	}
	if n := len(inbox(t, st)); n != len(msgs) {
		t.Fatalf("%d messages after three checks, want %d", n, len(msgs))
	}
	_, uidl, _ := st.MessageUIDL(ctx, inbox(t, st)[0].ID)
	if !strings.HasPrefix(uidl, "hash:") {
		t.Fatalf("uidl %q", uidl)
	}
}

func TestServerWithoutUIDLDeletesOnlyWhatItStored(t *testing.T) {
	twin := oneByteOff(testMsg(1), 'X')
	msgs := []string{testMsg(1), twin, testMsg(2), testMsg(2)}
	want := sorted(msgs...) // the server empties msgs as it deletes
	f := &fakeServer{noUIDL: true, msgs: msgs}
	st, a := fakeAccount(t, f, accounts.POP3Options{Policy: accounts.DeleteAfterDownload})
	res, err := Check(context.Background(), a, st, "pw", Options{})
	if err != nil || res.Downloaded != 4 || res.Deleted != 4 || f.remaining() != 0 {
		t.Fatalf("%+v %v, %d left on the server", res, err, f.remaining())
	}
	if got := storedRaws(t, st); !slices.Equal(got, want) {
		t.Fatalf("deleted on the server, but stored here only\n%q", got)
	}
}

func TestServerWithoutUIDLReadsBeforeDeleting(t *testing.T) {
	f := &fakeServer{noUIDL: true, msgs: []string{testMsg(1), testMsg(2)}}
	st, a := fakeAccount(t, f, accounts.POP3Options{Policy: accounts.DeleteAfterDays, Days: 7})
	now := time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)
	opts := Options{Now: func() time.Time { return now }}
	ctx := context.Background()
	if res, err := Check(ctx, a, st, "pw", opts); err != nil || res.Downloaded != 2 {
		t.Fatalf("day 0: %+v %v", res, err)
	}
	// Between two checks the first message leaves the server and another
	// with the same header block and size, one byte different, arrives.
	newcomer := oneByteOff(testMsg(1), 'Y')
	f.mu.Lock()
	f.msgs[0] = newcomer
	f.mu.Unlock()
	now = now.AddDate(0, 0, 7)
	res, err := Check(ctx, a, st, "pw", opts)
	if err != nil || res.Downloaded != 1 || res.Deleted != 1 || f.remaining() != 1 {
		t.Fatalf("day 7: %+v %v, %d on the server", res, err, f.remaining())
	}
	if got := storedRaws(t, st); !slices.Equal(got, sorted(testMsg(1), testMsg(2), newcomer)) {
		t.Fatalf("day 7: stored\n%q", got)
	}
	now = now.AddDate(0, 0, 7)
	if res, err := Check(ctx, a, st, "pw", opts); err != nil || res.Downloaded != 0 || res.Deleted != 1 || f.remaining() != 0 {
		t.Fatalf("day 14: %+v %v, %d on the server", res, err, f.remaining())
	}
}

func TestDroppedDuringRetrResumesWithoutLossOrDuplicate(t *testing.T) {
	f := &fakeServer{msgs: []string{testMsg(1), testMsg(2), testMsg(3), testMsg(4)}, dropRetr: 3}
	st, a := fakeAccount(t, f, accounts.POP3Options{Policy: accounts.DeleteAfterDownload})
	ctx := context.Background()
	if _, err := Check(ctx, a, st, "pw", Options{}); err == nil {
		t.Fatal("a dropped connection went unnoticed")
	}
	if n := len(inbox(t, st)); n != 2 {
		t.Fatalf("%d stored before the drop, want 2", n)
	}
	if f.remaining() != 4 {
		t.Fatal("deleted on the server without QUIT")
	}
	res, err := Check(ctx, a, st, "pw", Options{})
	if err != nil || res.Downloaded != 2 || res.Deleted != 4 {
		t.Fatalf("resume: %+v %v", res, err)
	}
	l := inbox(t, st)
	seen := map[string]bool{}
	for _, m := range l {
		if seen[m.Subject] {
			t.Fatalf("%s twice", m.Subject)
		}
		seen[m.Subject] = true
	}
	if len(l) != 4 || f.remaining() != 0 {
		t.Fatalf("%d here, %d on server", len(l), f.remaining())
	}
}

func TestRefusedDeleteKeepsMailAndTellsTheUser(t *testing.T) {
	f := &fakeServer{msgs: []string{testMsg(1), testMsg(2)}, refuseDE: true}
	st, a := fakeAccount(t, f, accounts.POP3Options{Policy: accounts.DeleteAfterDownload})
	ctx := context.Background()
	res, err := Check(ctx, a, st, "pw", Options{})
	if err != nil || res.Downloaded != 2 || res.Refused != 2 || f.remaining() != 2 {
		t.Fatalf("%+v %v", res, err)
	}
	if n, _ := st.TakeNotices(ctx); len(n) == 0 || n[0].Kind != storage.NoticeDeleteRefused || n[0].ServerText == "" {
		t.Fatalf("notices %+v", n)
	}
	if res, err := Check(ctx, a, st, "pw", Options{}); err != nil || res.Downloaded != 0 {
		t.Fatalf("second check: %+v %v", res, err)
	}
}

// Messages stored under the name earlier versions gave them are not
// downloaded again, nor deleted on the server by a policy.
func TestServerWithoutUIDLKeepsFormerNames(t *testing.T) {
	f := &fakeServer{noUIDL: true, msgs: []string{testMsg(1), testMsg(2)}}
	st, a := fakeAccount(t, f, accounts.POP3Options{Policy: accounts.DeleteAfterDownload})
	ctx := context.Background()
	head, _, _ := strings.Cut(testMsg(1), "\r\n\r\n")
	former := legacyHash([]byte(head+"\r\n\r\n"), len(testMsg(1)))
	in, err := st.FolderByName(ctx, "bob", "INBOX")
	if err != nil {
		t.Fatal(err)
	}
	if err := st.AddPOP3Messages(ctx, in.ID, []storage.POP3Download{{UIDL: former,
		Body: storage.PrepareBody([]byte(testMsg(1)))}}, time.Now()); err != nil {
		t.Fatal(err)
	}
	res, err := Check(ctx, a, st, "pw", Options{})
	if err != nil || res.Downloaded != 1 || res.Deleted != 1 || f.remaining() != 1 {
		t.Fatalf("%+v %v, %d on the server", res, err, f.remaining())
	}
	if got := storedRaws(t, st); !slices.Equal(got, sorted(testMsg(1), testMsg(2))) {
		t.Fatalf("stored\n%q", got)
	}
	if known, _ := st.POP3Records(ctx, "bob"); !hasKey(known, former) {
		t.Fatal("the former name was forgotten while the message is on the server")
	}
}

func hasKey(m map[string]storage.POP3Record, k string) bool { _, ok := m[k]; return ok }
