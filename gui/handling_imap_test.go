package gui

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"

	"github.com/tern-mail/tern/accounts"
	"github.com/tern-mail/tern/accounts/engine"
	"github.com/tern-mail/tern/internal/dovecot"
	"github.com/tern-mail/tern/internal/testenv"
)

// The test CA must be in SSL_CERT_FILE before anything loads the system
// roots, which Go reads once per process (the demo's TLS does early).
func init() { testenv.TestCA() }

// serverSubjects lists a folder's subjects on Dovecot as another device
// sees them.
func serverSubjects(t *testing.T, srv *dovecot.Server, folder string) string {
	t.Helper()
	c, err := imapclient.DialTLS(dovecot.Addr(srv.IMAPSPort), &imapclient.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.Login("ivy", "ivy-pw").Wait(); err != nil {
		t.Fatal(err)
	}
	sel, err := c.Select(folder, nil).Wait()
	if err != nil {
		t.Fatalf("select %s: %v", folder, err)
	}
	if sel.NumMessages == 0 {
		return ""
	}
	msgs, err := c.Fetch(imap.SeqSet{imap.SeqRange{Start: 1, Stop: 0}}, &imap.FetchOptions{Envelope: true}).Collect()
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, m := range msgs {
		out = append(out, m.Envelope.Subject)
	}
	sort.Strings(out)
	return strings.Join(out, "|")
}

// windowOnDovecot is a window over an account on a real Dovecot with
// three messages, synced once.
func windowOnDovecot(t *testing.T, proto accounts.Protocol) (*MainWindow, *engine.Engine, accounts.Account, *dovecot.Server) {
	t.Helper()
	srv := dovecot.Start(t, dovecot.Options{})
	srv.AddUser(t, "ivy", "ivy-pw")
	var msgs [][]byte
	for i, s := range []string{"Alpha", "Beta", "Gamma"} {
		msgs = append(msgs, []byte(fmt.Sprintf("From: Bob <bob@example.org>\r\nTo: ivy@example.org\r\nSubject: %s\r\n"+
			"Message-ID: <%s@example.org>\r\nDate: Tue, 0%d Nov 2020 09:30:00 +0000\r\n\r\nAbout %s.\r\n", s, s, i+3, s)))
	}
	if err := srv.DeliverMaildir("ivy", "INBOX", msgs, false); err != nil {
		t.Fatal(err)
	}
	a := test.NewTempApp(t)
	m := newManager(t)
	e := engine.New(m, engine.Options{})
	port := srv.IMAPSPort
	if proto == accounts.POP3 {
		port = srv.POP3SPort
	}
	acct, err := m.Add(context.Background(), accounts.Account{Name: "Ivy", Address: "ivy@example.org", Protocol: proto,
		Incoming: accounts.Server{Host: "localhost", Port: port, Security: accounts.TLS, Username: "ivy"},
		Outgoing: accounts.Server{Host: "localhost", Port: 465, Security: accounts.TLS, Username: "ivy"},
		POP3:     accounts.POP3Options{DeleteOnServerWhenDeleted: true}}, "ivy-pw")
	if err != nil {
		t.Fatal(err)
	}
	if err := e.SyncOnce(context.Background(), acct); err != nil {
		t.Fatal(err)
	}
	w := NewMainWindow(a, m, e, Info{Name: "Tern"})
	w.Window().Resize(fyne.NewSize(1100, 700))
	w.Reload()
	if len(w.list.rows) != 3 {
		t.Fatalf("window lists %d", len(w.list.rows))
	}
	return w, e, acct, srv
}

func TestWindowUndoOnIMAPAfterTheServerAppliedTheDelete(t *testing.T) {
	w, e, acct, srv := windowOnDovecot(t, accounts.IMAP)
	ctx := context.Background()
	click(w, 0, 0)
	click(w, 1, fyne.KeyModifierShortcutDefault)
	w.win.Canvas().Focus(w.list.list)
	w.win.Canvas().Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyDelete})
	if err := e.SyncOnce(ctx, acct); err != nil {
		t.Fatal(err)
	}
	if got := serverSubjects(t, srv, "Trash"); got != "Beta|Gamma" {
		t.Fatalf("server Trash after Delete and a sync: %q", got)
	}
	w.win.Canvas().(fyne.Shortcutable).TypedShortcut(&fyne.ShortcutUndo{})
	if err := e.SyncOnce(ctx, acct); err != nil {
		t.Fatal(err)
	}
	if got := serverSubjects(t, srv, "INBOX"); got != "Alpha|Beta|Gamma" {
		t.Fatalf("server INBOX after undo: %q", got)
	}
	if got := serverSubjects(t, srv, "Trash"); got != "" {
		t.Fatalf("server Trash after undo: %q", got)
	}
	w.Reload()
	if len(w.list.rows) != 3 {
		t.Fatalf("window lists %d after undo", len(w.list.rows))
	}
	// Ctrl+A and Archive: the folder exists on this Dovecot; all three go.
	w.win.Canvas().(fyne.Shortcutable).TypedShortcut(&fyne.ShortcutSelectAll{})
	w.win.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyA})
	if err := e.SyncOnce(ctx, acct); err != nil {
		t.Fatal(err)
	}
	if got := serverSubjects(t, srv, "Archive"); got != "Alpha|Beta|Gamma" {
		t.Fatalf("server Archive: %q", got)
	}
}

func TestWindowMultiSelectDeleteOnPOP3KeepsUndoneOnServer(t *testing.T) {
	w, e, acct, srv := windowOnDovecot(t, accounts.POP3)
	ctx := context.Background()
	onServer := func() int {
		n := 0
		for _, d := range []string{"cur", "new"} {
			es, _ := os.ReadDir(filepath.Join(srv.Maildir("ivy"), d))
			n += len(es)
		}
		return n
	}
	click(w, 0, 0)
	click(w, 2, fyne.KeyModifierShift)
	w.deleteSelected()
	w.undoLast()
	if err := e.SyncOnce(ctx, acct); err != nil {
		t.Fatal(err)
	}
	if n := onServer(); n != 3 {
		t.Fatalf("server has %d after an undone delete", n)
	}
	w.Reload()
	click(w, 0, 0)
	click(w, 1, fyne.KeyModifierShortcutDefault)
	w.deleteSelected()
	if err := e.SyncOnce(ctx, acct); err != nil {
		t.Fatal(err)
	}
	if n := onServer(); n != 1 {
		t.Fatalf("server has %d after deleting two", n)
	}
}
