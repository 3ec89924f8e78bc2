package gui

import (
	"context"
	"errors"
	"net/url"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/tern-mail/tern/accounts"
	"github.com/tern-mail/tern/accounts/engine"
	"github.com/tern-mail/tern/internal/dovecot"
	"github.com/tern-mail/tern/storage"
)

// TestRefusedPasswordShowsTheBarAndSettingsTakeANewOne runs a real worker
// against Dovecot with a password the server refuses: the bar shows
// through the store's status change alone, its button opens the account
// settings at the Password field, a wrong password is not kept, and the
// right one is checked, saved, and background logins resume.
func TestRefusedPasswordShowsTheBarAndSettingsTakeANewOne(t *testing.T) {
	srv := dovecot.Start(t, dovecot.Options{})
	srv.AddUser(t, "kim", "new-pw")
	a := test.NewTempApp(t)
	m := newManager(t)
	e := engine.New(m, engine.Options{})
	ctx, cancel := context.WithCancel(context.Background())
	acct, err := m.Add(ctx, accounts.Account{Name: "Kim", Address: "kim@example.org", Protocol: accounts.IMAP,
		Incoming: accounts.Server{Host: "localhost", Port: srv.IMAPSPort, Security: accounts.TLS, Username: "kim"}}, "old-pw")
	if err != nil {
		t.Fatal(err)
	}
	w := NewMainWindow(a, m, e, Info{Name: "Tern"})
	w.Window().Resize(fyne.NewSize(1100, 700))
	heard := make(chan storage.Change, 64)
	w.reloaded = func(c storage.Change) { heard <- c }
	w.Start()
	defer w.Stop()
	e.Start(ctx)
	defer e.Stop()
	defer cancel()
	// until waits for status changes until ok holds; the timer only
	// bounds a failure.
	until := func(what string, ok func() bool) {
		t.Helper()
		deadline := time.NewTimer(30 * time.Second)
		defer deadline.Stop()
		for !ok() {
			select {
			case <-heard:
			case <-deadline.C:
				t.Fatalf("never: %s", what)
			}
		}
	}
	until("the bar shows the refused password", func() bool {
		var shown bool
		fyne.DoAndWait(func() { shown = w.creds.box.Visible() })
		return shown
	})
	if got := w.creds.text.Text; got != "Tern could not sign in to kim@example.org: the server refused the password." || w.creds.button.Text != "Type password" {
		t.Fatalf("bar %q [%s]", got, w.creds.button.Text)
	}

	test.Tap(w.creds.button)
	o := overlay(t, w)
	entry := lookPasswordEntry(o)
	if entry == nil {
		t.Fatal("the settings have no Password field")
	}
	if w.win.Canvas().Focused() != entry {
		t.Error("the Password field does not have the focus")
	}
	for _, pw := range []string{"still-wrong", "new-pw"} {
		entry.(*dialogEntry).SetText("")
		test.Type(entry, pw)
		test.Tap(findButton(t, o, "Save"))
		if pw == "still-wrong" {
			// The settings stay open, the reason under the password.
			if overlay(t, w) != o || !strings.Contains(strings.Join(labels(o), " "), "Nothing was changed") {
				t.Errorf("no word on the refused password: %q", labels(overlay(t, w)))
			}
			if got, _ := m.Password(ctx, acct.ID); got != "old-pw" || e.Blocked(acct.ID) == nil {
				t.Fatalf("after a wrong password: stored %q, blocked %v", got, e.Blocked(acct.ID))
			}
		}
	}
	if w.win.Canvas().Overlays().Top() != nil {
		t.Error("the settings stay open after a password that works")
	}
	if got, _ := m.Password(ctx, acct.ID); got != "new-pw" {
		t.Fatalf("stored %q", got)
	}
	until("background logins resume and the bar goes", func() bool {
		c := m.Store().ConnectionOf(acct.ID)
		var shown bool
		fyne.DoAndWait(func() { shown = w.creds.box.Visible() })
		return c.Online && c.Err == nil && c.Blocked == nil && !shown
	})
}

// TestBarFollowsTheBlockedStatusAlone shows and hides the bar on the
// store's status change alone: no message, folder or account write.
func TestBarFollowsTheBlockedStatusAlone(t *testing.T) {
	a := test.NewTempApp(t)
	m := newManager(t)
	ctx := context.Background()
	acct, err := m.Add(ctx, accounts.Account{Address: "lee@outlook.com", Protocol: accounts.IMAP,
		Incoming: accounts.Server{Host: "outlook.office365.com", Port: 993, Security: accounts.TLS, Auth: accounts.OAuth2}}, "")
	if err != nil {
		t.Fatal(err)
	}
	w := NewMainWindow(a, m, engine.New(m, engine.Options{}), Info{Name: "Tern"})
	heard := make(chan storage.Change, 16)
	w.reloaded = func(c storage.Change) { heard <- c }
	w.Start()
	defer w.Stop()
	// await returns the next change the window showed; the timer only
	// bounds a failure.
	await := func() storage.Change {
		t.Helper()
		deadline := time.NewTimer(10 * time.Second)
		defer deadline.Stop()
		select {
		case c := <-heard:
			return c
		case <-deadline.C:
			t.Fatal("the window heard nothing")
		}
		return 0
	}
	if w.creds.box.Visible() {
		t.Fatal("bar shown before any refusal")
	}
	m.Store().SetBlocked(acct.ID, errors.New("the grant was revoked"))
	if c := await(); c != storage.ChangeStatus {
		t.Fatalf("heard %b, want only the status", c)
	}
	var text string
	var shown bool
	fyne.DoAndWait(func() { text, shown = w.creds.text.Text, w.creds.box.Visible() })
	if !shown || text != "Sign in to lee@outlook.com again to keep getting mail." {
		t.Fatalf("bar %v %q", shown, text)
	}
	m.Store().SetBlocked(acct.ID, nil)
	await()
	fyne.DoAndWait(func() { shown = w.creds.box.Visible() })
	if shown {
		t.Fatal("the bar stays after the block went")
	}
}

// TestSettingsOfABrowserSignInAccountOfferSignInAgain: no password field,
// a Sign in again button that repeats the browser sign-in.
func TestSettingsOfABrowserSignInAccountOfferSignInAgain(t *testing.T) {
	a := test.NewTempApp(t)
	m := newManager(t)
	acct, err := m.Add(context.Background(), accounts.Account{Address: "lee@outlook.com", Protocol: accounts.IMAP,
		Incoming: accounts.Server{Host: "outlook.office365.com", Port: 993, Security: accounts.TLS, Auth: accounts.OAuth2}}, "")
	if err != nil {
		t.Fatal(err)
	}
	w := NewMainWindow(a, m, engine.New(m, engine.Options{}), Info{Name: "Tern"})
	w.Window().Resize(fyne.NewSize(1100, 700))
	f := &fakeCreds{blocked: map[string]error{acct.ID: errors.New("revoked")}}
	w.creds.creds = f
	var opened int
	w.creds.opener = func(*url.URL) error { opened++; return nil }
	w.showSettingsOf(acct, true)
	o := overlay(t, w)
	if lookPasswordEntry(o) != nil {
		t.Fatal("a password field for a browser sign-in account")
	}
	test.Tap(findButton(t, o, "Sign in again"))
	if f.signIns != 1 || opened != 1 {
		t.Fatalf("sign-ins %d, pages opened %d", f.signIns, opened)
	}
}
