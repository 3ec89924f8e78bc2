package engine

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"

	"github.com/tern-mail/tern/accounts"
	"github.com/tern-mail/tern/internal/dovecot"
	"github.com/tern-mail/tern/internal/testenv"
	"github.com/tern-mail/tern/storage"
)

// The test CA must be in SSL_CERT_FILE before anything loads the system
// roots, which Go reads once per process (the demo's TLS does early).
func init() { testenv.TestCA() }

// mail builds a message; n makes it unique.
func mail(n int, subject string) []byte {
	return []byte(fmt.Sprintf("From: Sender <s%d@example.com>\r\nTo: alice@example.org\r\nSubject: %s\r\n"+
		"Date: %s\r\nMessage-ID: <h%d@example.com>\r\n\r\nHello %d\r\n",
		n, subject, time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(n)*time.Hour).Format(time.RFC1123Z), n, n))
}

// handlingFixture is an engine with one account on a real Dovecot.
type handlingFixture struct {
	e    *Engine
	st   *storage.Store
	a    accounts.Account
	srv  *dovecot.Server
	user string
}

// noArchive keeps Dovecot from making an Archive folder by itself.
const noArchive = "namespace inbox {\n  mailbox Archive {\n    auto = no\n  }\n}\n"

func newHandling(t *testing.T, proto accounts.Protocol, n int, pop3 accounts.POP3Options) *handlingFixture {
	t.Helper()
	srv := dovecot.Start(t, dovecot.Options{Extra: noArchive})
	srv.AddUser(t, "alice", "alice-pw")
	var msgs [][]byte
	for i := 1; i <= n; i++ {
		msgs = append(msgs, mail(i, fmt.Sprintf("Msg %d", i)))
	}
	if err := srv.DeliverMaildir("alice", "INBOX", msgs, false); err != nil {
		t.Fatal(err)
	}
	e, m := newEngine(t)
	port := srv.IMAPSPort
	if proto == accounts.POP3 {
		port = srv.POP3SPort
	}
	a, err := m.Add(context.Background(), accounts.Account{Name: "Alice", Address: "alice@example.org", Protocol: proto,
		Incoming: accounts.Server{Host: "localhost", Port: port, Security: accounts.TLS, Username: "alice"},
		Outgoing: accounts.Server{Host: "localhost", Port: 25, Security: accounts.TLS, Username: "alice"},
		POP3:     pop3}, "alice-pw")
	if err != nil {
		t.Fatal(err)
	}
	fx := &handlingFixture{e: e, st: e.st, a: a, srv: srv, user: "alice"}
	fx.sync(t)
	return fx
}

func (fx *handlingFixture) sync(t *testing.T) {
	t.Helper()
	if err := fx.e.SyncOnce(context.Background(), fx.a); err != nil {
		t.Fatalf("sync: %v", err)
	}
}

// local returns the sorted subjects in a local folder.
func (fx *handlingFixture) local(t *testing.T, folder string) []string {
	t.Helper()
	f, err := fx.st.FolderByName(context.Background(), fx.a.ID, folder)
	if err != nil {
		return nil
	}
	l, err := fx.st.ListMessages(context.Background(), storage.ListQuery{FolderIDs: []int64{f.ID}})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, m := range l {
		out = append(out, m.Subject)
	}
	sort.Strings(out)
	return out
}

func (fx *handlingFixture) ids(t *testing.T, folder string, subjects ...string) []int64 {
	t.Helper()
	f, err := fx.st.FolderByName(context.Background(), fx.a.ID, folder)
	if err != nil {
		t.Fatal(err)
	}
	l, _ := fx.st.ListMessages(context.Background(), storage.ListQuery{FolderIDs: []int64{f.ID}})
	var out []int64
	for _, s := range subjects {
		for _, m := range l {
			if m.Subject == s {
				out = append(out, m.ID)
			}
		}
	}
	if len(out) != len(subjects) {
		t.Fatalf("found %d of %v in %s", len(out), subjects, folder)
	}
	return out
}

// server returns the sorted subjects in a folder on the IMAP server, as
// another device sees them; nil when the folder does not exist.
func (fx *handlingFixture) server(t *testing.T, folder string) []string {
	t.Helper()
	c, err := imapclient.DialTLS(dovecot.Addr(fx.srv.IMAPSPort), &imapclient.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.Login("alice", "alice-pw").Wait(); err != nil {
		t.Fatal(err)
	}
	sel, err := c.Select(folder, nil).Wait()
	if err != nil {
		return nil
	}
	out := []string{}
	if sel.NumMessages == 0 {
		return out
	}
	msgs, err := c.Fetch(imap.SeqSet{imap.SeqRange{Start: 1, Stop: 0}}, &imap.FetchOptions{Envelope: true}).Collect()
	if err != nil {
		t.Fatalf("fetch %s: %v", folder, err)
	}
	for _, m := range msgs {
		out = append(out, m.Envelope.Subject)
	}
	sort.Strings(out)
	return out
}

func same(got []string, want ...string) bool {
	return strings.Join(got, "|") == strings.Join(want, "|")
}

func TestUndoDeleteAfterServerAppliedIt(t *testing.T) {
	fx := newHandling(t, accounts.IMAP, 4, accounts.POP3Options{})
	ctx := context.Background()
	u, err := fx.e.Delete(ctx, fx.ids(t, "INBOX", "Msg 1", "Msg 2", "Msg 3"))
	if err != nil {
		t.Fatal(err)
	}
	if u.Count() != 3 {
		t.Fatalf("undo covers %d messages, want 3", u.Count())
	}
	fx.sync(t)
	if got := fx.server(t, "Trash"); !same(got, "Msg 1", "Msg 2", "Msg 3") {
		t.Fatalf("server Trash after delete: %v", got)
	}
	if err := fx.e.Undo(ctx, u); err != nil {
		t.Fatal(err)
	}
	if got := fx.local(t, "INBOX"); !same(got, "Msg 1", "Msg 2", "Msg 3", "Msg 4") {
		t.Fatalf("local INBOX right after undo: %v", got)
	}
	fx.sync(t)
	if got := fx.server(t, "INBOX"); !same(got, "Msg 1", "Msg 2", "Msg 3", "Msg 4") {
		t.Fatalf("server INBOX after undo: %v", got)
	}
	if got := fx.server(t, "Trash"); len(got) != 0 {
		t.Fatalf("server Trash after undo: %v", got)
	}
	fx.sync(t) // a second pass changes nothing
	if got := fx.local(t, "INBOX"); !same(got, "Msg 1", "Msg 2", "Msg 3", "Msg 4") {
		t.Fatalf("local INBOX after undo and sync: %v", got)
	}
	if p, _ := fx.st.PendingActions(ctx, fx.a.ID); len(p) != 0 {
		t.Fatalf("actions left: %+v", p)
	}
}

func TestUndoBeforeServerSawTheMoveMarkAndFlag(t *testing.T) {
	fx := newHandling(t, accounts.IMAP, 3, accounts.POP3Options{})
	ctx := context.Background()
	ids := fx.ids(t, "INBOX", "Msg 1", "Msg 2")
	yes := true
	um, err := fx.e.Mark(ctx, ids, storage.FlagChange{Seen: &yes, Flagged: &yes})
	if err != nil {
		t.Fatal(err)
	}
	ud, err := fx.e.Delete(ctx, ids)
	if err != nil {
		t.Fatal(err)
	}
	// Offline: both undone before any pass.
	if err := fx.e.Undo(ctx, ud); err != nil {
		t.Fatal(err)
	}
	if err := fx.e.Undo(ctx, um); err != nil {
		t.Fatal(err)
	}
	fx.sync(t)
	if got := fx.server(t, "INBOX"); !same(got, "Msg 1", "Msg 2", "Msg 3") {
		t.Fatalf("server INBOX: %v", got)
	}
	if got := fx.server(t, "Trash"); len(got) != 0 {
		t.Fatalf("server Trash: %v", got)
	}
	fx.sync(t)
	f, _ := fx.st.FolderByName(ctx, fx.a.ID, "INBOX")
	l, _ := fx.st.ListMessages(ctx, storage.ListQuery{FolderIDs: []int64{f.ID}})
	for _, m := range l {
		if m.Flags.Seen || m.Flags.Flagged || m.UID == 0 {
			t.Fatalf("after undoing the mark and a sync: %+v", m)
		}
	}
	if len(l) != 3 {
		t.Fatalf("local INBOX has %d", len(l))
	}
}

func TestArchiveMakesTheFolderAndUndoBringsBack(t *testing.T) {
	fx := newHandling(t, accounts.IMAP, 3, accounts.POP3Options{})
	ctx := context.Background()
	if fx.server(t, "Archive") != nil {
		t.Fatal("the test needs an account without Archive")
	}
	if _, err := fx.st.FolderByName(ctx, fx.a.ID, "Archive"); err == nil {
		t.Fatal("a local Archive outlived the sync")
	}
	u, err := fx.e.Archive(ctx, fx.ids(t, "INBOX", "Msg 1", "Msg 3"))
	if err != nil {
		t.Fatal(err)
	}
	fx.sync(t)
	if got := fx.server(t, "Archive"); !same(got, "Msg 1", "Msg 3") {
		t.Fatalf("server Archive: %v", got)
	}
	if got := fx.server(t, "INBOX"); !same(got, "Msg 2") {
		t.Fatalf("server INBOX: %v", got)
	}
	f, err := fx.st.FolderByName(ctx, fx.a.ID, "Archive")
	if err != nil || f.Role != storage.RoleArchive {
		t.Fatalf("local Archive: %+v %v", f, err)
	}
	// A second archive uses the same folder.
	if _, err := fx.e.Archive(ctx, fx.ids(t, "INBOX", "Msg 2")); err != nil {
		t.Fatal(err)
	}
	if err := fx.e.Undo(ctx, u); err != nil {
		t.Fatal(err)
	}
	fx.sync(t)
	if got := fx.server(t, "Archive"); !same(got, "Msg 2") {
		t.Fatalf("server Archive after undo: %v", got)
	}
	if got := fx.server(t, "INBOX"); !same(got, "Msg 1", "Msg 3") {
		t.Fatalf("server INBOX after undo: %v", got)
	}
}

func TestBatchMoveEmptyTrashAndDeleteForever(t *testing.T) {
	fx := newHandling(t, accounts.IMAP, 5, accounts.POP3Options{})
	ctx := context.Background()
	if err := fx.e.CreateFolder(ctx, fx.a.ID, "Receipts"); err != nil {
		t.Fatal(err)
	}
	fx.sync(t)
	rec, _ := fx.st.FolderByName(ctx, fx.a.ID, "Receipts")
	if _, err := fx.e.MoveTo(ctx, fx.ids(t, "INBOX", "Msg 1", "Msg 2", "Msg 3"), rec.ID); err != nil {
		t.Fatal(err)
	}
	if p, _ := fx.st.PendingActions(ctx, fx.a.ID); len(p) != 3 {
		t.Fatalf("%d pending, want 3", len(p))
	}
	fx.sync(t)
	if got := fx.server(t, "Receipts"); !same(got, "Msg 1", "Msg 2", "Msg 3") {
		t.Fatalf("server Receipts: %v", got)
	}
	for _, m := range fx.ids(t, "Receipts", "Msg 1", "Msg 2", "Msg 3") {
		sm, _ := fx.st.Message(ctx, m)
		if sm.UID == 0 {
			t.Fatalf("moved message has no UID: %+v", sm.MessageSummary)
		}
	}
	if _, err := fx.e.Delete(ctx, fx.ids(t, "Receipts", "Msg 1", "Msg 2")); err != nil {
		t.Fatal(err)
	}
	if err := fx.e.DeleteForever(ctx, fx.ids(t, "INBOX", "Msg 4")); err != nil {
		t.Fatal(err)
	}
	fx.sync(t)
	trash, _ := fx.st.FolderByName(ctx, fx.a.ID, "Trash")
	n, err := fx.e.EmptyFolder(ctx, trash.ID)
	if err != nil || n != 2 {
		t.Fatalf("emptied %d: %v", n, err)
	}
	fx.sync(t)
	if got := fx.server(t, "Trash"); len(got) != 0 {
		t.Fatalf("server Trash after emptying: %v", got)
	}
	if got := fx.server(t, "INBOX"); !same(got, "Msg 5") {
		t.Fatalf("server INBOX: %v", got)
	}
	if got := fx.local(t, "Trash"); len(got) != 0 {
		t.Fatalf("local Trash: %v", got)
	}
}

func popOnServer(t *testing.T, srv *dovecot.Server) int {
	n := 0
	for _, d := range []string{"cur", "new"} {
		es, _ := os.ReadDir(filepath.Join(srv.Maildir("alice"), d))
		n += len(es)
	}
	return n
}

func TestPOP3DeleteUndoKeepsServerCopy(t *testing.T) {
	fx := newHandling(t, accounts.POP3, 3, accounts.POP3Options{DeleteOnServerWhenDeleted: true})
	ctx := context.Background()
	if got := fx.local(t, "INBOX"); len(got) != 3 {
		t.Fatalf("downloaded %v", got)
	}
	u, err := fx.e.Delete(ctx, fx.ids(t, "INBOX", "Msg 1", "Msg 2"))
	if err != nil {
		t.Fatal(err)
	}
	if err := fx.e.Undo(ctx, u); err != nil {
		t.Fatal(err)
	}
	if got := fx.local(t, "INBOX"); len(got) != 3 {
		t.Fatalf("local INBOX after undo: %v", got)
	}
	fx.sync(t)
	if n := popOnServer(t, fx.srv); n != 3 {
		t.Fatalf("server keeps %d after an undone delete, want 3", n)
	}
	// Without undo, the deleted one goes from the server.
	if _, err := fx.e.Delete(ctx, fx.ids(t, "INBOX", "Msg 3")); err != nil {
		t.Fatal(err)
	}
	fx.sync(t)
	if n := popOnServer(t, fx.srv); n != 2 {
		t.Fatalf("server keeps %d after a delete, want 2", n)
	}
	// Archive on a POP3 account makes a local folder.
	au, err := fx.e.Archive(ctx, fx.ids(t, "INBOX", "Msg 1"))
	if err != nil {
		t.Fatal(err)
	}
	if got := fx.local(t, "Archive"); !same(got, "Msg 1") {
		t.Fatalf("local Archive: %v", got)
	}
	if err := fx.e.Undo(ctx, au); err != nil {
		t.Fatal(err)
	}
	if got := fx.local(t, "INBOX"); !same(got, "Msg 1", "Msg 2") {
		t.Fatalf("local INBOX after undoing archive: %v", got)
	}
}
