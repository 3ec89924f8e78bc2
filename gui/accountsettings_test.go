package gui

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/tern-mail/tern/accounts"
	"github.com/tern-mail/tern/storage"
)

// TestRefusedPasswordKeepsTheSettingsAsTyped: a password the servers
// refuse leaves Account settings open with every field as typed and the
// reason under the password; nothing is saved until one works, and then
// everything is.
func TestRefusedPasswordKeepsTheSettingsAsTyped(t *testing.T) {
	w, m, _ := windowWithMail(t)
	f := &fakeCreds{blocked: map[string]error{}}
	w.creds.creds = f
	acct, _ := m.Get("alice@example.org")
	w.showSettingsOf(acct, true)
	o := overlay(t, w)
	es := entries(o)
	es[0].SetText("Alice Liddell")
	es[1].SetText("-- \nAlice")
	pw := lookPasswordEntry(o).(*dialogEntry)
	test.Type(pw, "wrong")
	test.Tap(findButton(t, o, "Save"))
	if overlay(t, w) != o {
		t.Fatal("the settings closed on a refused password")
	}
	said := strings.Join(labels(o), " ")
	if !strings.Contains(said, "Password not saved") || !strings.Contains(said, "The password was not accepted") {
		t.Fatalf("no reason under the password: %q", said)
	}
	capture(t, w.win, "settings-password-refused.png")
	if es[0].Text != "Alice Liddell" || es[1].Text != "-- \nAlice" || pw.Text != "wrong" {
		t.Fatalf("the fields changed: %q %q %q", es[0].Text, es[1].Text, pw.Text)
	}
	if a, _ := m.Get(acct.ID); a.Name != acct.Name || a.Signature != acct.Signature {
		t.Fatalf("saved before the password worked: %+v", a)
	}
	pw.SetText("right")
	test.Tap(findButton(t, o, "Save"))
	if w.win.Canvas().Overlays().Top() != nil {
		t.Fatal("the settings stay open after a password that works")
	}
	if a, _ := m.Get(acct.ID); a.Name != "Alice Liddell" || a.Signature != "-- \nAlice" {
		t.Fatalf("not saved: %+v", a)
	}
	if strings.Join(f.passwords, ",") != "wrong,right" {
		t.Fatalf("passwords tried %q", f.passwords)
	}
	// A reason Tern does not know is a sentence, its words behind Details.
	f.passwords = nil
	w.creds.creds = failingCreds{errors.New("keychain: dbus: org.freedesktop.Secret.Error.IsLocked")}
	w.showSettingsOf(acct, true)
	o = overlay(t, w)
	test.Type(lookPasswordEntry(o), "x")
	test.Tap(findButton(t, o, "Save"))
	if said := overlayText(w.win); !strings.Contains(said, "Something went wrong. Details tells what.") || lookButton(o, "Details") == nil {
		t.Fatalf("no sentence and Details: %q", said)
	}
	for _, l := range find[*widget.Label](o) {
		if strings.Contains(l.Text, "keychain:") && l.Visible() {
			t.Fatalf("the error's words show before Details: %q", l.Text)
		}
	}
}

// failingCreds fail every sign-in with err.
type failingCreds struct{ err error }

func (f failingCreds) SignInAgain(context.Context, accounts.Account, func(string) error) error {
	return f.err
}
func (f failingCreds) SetPassword(context.Context, accounts.Account, string) error { return f.err }

// TestRemovingAnAccountSaysWhatBecomesOfItsMail: an IMAP account's mail
// stays on the server; a POP3 account's messages are counted, the button
// that removes says it deletes them, and Export first… (the focused
// choice) writes them as .eml files before asking again.
func TestRemovingAnAccountSaysWhatBecomesOfItsMail(t *testing.T) {
	w, m, _ := windowWithMail(t) // POP3, three messages, keeps mail on the server
	ctx := context.Background()
	acct, _ := m.Get("alice@example.org")
	w.askRemoveAccount(acct)
	said := overlayText(w.win)
	if !strings.Contains(said, "The server still has the mail alice@example.org received") ||
		!strings.Contains(said, "deletes the 3 messages kept on this computer") {
		t.Fatalf("keep on server: %q", said)
	}
	w.win.Canvas().Overlays().Remove(overlay(t, w))
	acct.POP3.Policy = accounts.DeleteAfterDownload
	w.askRemoveAccount(acct)
	o := overlay(t, w)
	if said := overlayText(w.win); !strings.Contains(said, "3 messages of alice@example.org exist only on this computer") {
		t.Fatalf("deleted from the server: %q", said)
	}
	if lookButton(o, "Remove and delete 3 messages") == nil {
		t.Fatal("no Remove and delete 3 messages")
	}
	capture(t, w.win, "remove-pop3-account.png")
	if b, ok := w.win.Canvas().Focused().(*dialogButton); !ok || b.Text != "Export first…" {
		t.Fatalf("the focus is on %T, not Export first…", w.win.Canvas().Focused())
	}

	dir := t.TempDir()
	defer func(f func(fyne.Window, func(string))) { pickExportFolder = f }(pickExportFolder)
	pickExportFolder = func(_ fyne.Window, chosen func(string)) { chosen(dir) }
	test.Tap(findButton(t, o, "Export first…"))
	files, _ := filepath.Glob(filepath.Join(dir, "alice@example.org", "*", "*.eml"))
	sort.Strings(files)
	if len(files) != 3 {
		t.Fatalf("exported %q", files)
	}
	if b, err := os.ReadFile(files[0]); err != nil || !strings.Contains(string(b), "Subject: Gamma gossip") ||
		filepath.Base(files[0]) != "0001 Gamma gossip.eml" || filepath.Base(filepath.Dir(files[0])) != "Inbox" {
		t.Fatalf("%s: %v\n%s", files[0], err, b)
	}
	if said := overlayText(w.win); !strings.Contains(said, "Exported 3 messages to "+filepath.Join(dir, "alice@example.org")) {
		t.Fatalf("after the export: %q", said)
	}
	test.Tap(findButton(t, overlay(t, w), "Remove and delete 3 messages"))
	if len(m.List()) != 0 {
		t.Fatal("not removed")
	}
	if fs, _ := m.Store().Folders(ctx, acct.ID); len(fs) != 0 {
		t.Fatal("its mail stayed")
	}
	// Exporting again into the same folder writes beside, never over.
	if _, err := exportAccount(ctx, m.Store(), acct.ID, acct.Address, dir); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "alice@example.org (2)")); err != nil {
		t.Fatalf("a second export: %v", err)
	}
}

// TestRemovingAnIMAPAccountSaysTheMailStays: nothing to export, the mail
// is on the server.
func TestRemovingAnIMAPAccountSaysTheMailStays(t *testing.T) {
	w, m, _ := windowWithMail(t)
	a, err := m.Add(context.Background(), accounts.Account{Address: "bo@example.org", Protocol: accounts.IMAP,
		Incoming: accounts.Server{Host: "imap.example.org", Port: 993, Security: accounts.TLS}}, "pw")
	if err != nil {
		t.Fatal(err)
	}
	inbox, err := m.Store().EnsureFolder(context.Background(), a.ID, "INBOX", "/", storage.RoleInbox)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := m.Store().AddMessage(context.Background(), inbox.ID, storage.NewMessage{Raw: []byte("Subject: x\r\n\r\ny\r\n")}); err != nil {
		t.Fatal(err)
	}
	w.askRemoveAccount(a)
	o := overlay(t, w)
	if said := overlayText(w.win); !strings.Contains(said, "Mail on the server stays there") {
		t.Fatalf("IMAP: %q", said)
	}
	if lookButton(o, "Export first…") != nil || lookButton(o, "Remove account") == nil {
		t.Fatal("IMAP: wrong buttons")
	}
}
