package gui

import (
	"context"
	"errors"
	"net/url"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/tern-mail/tern/accounts"
	"github.com/tern-mail/tern/accounts/engine"
)

// fakeCreds blocks the accounts it lists until they are fixed.
type fakeCreds struct {
	blocked   map[string]error
	passwords []string
	signIns   int
}

func (f *fakeCreds) Blocked(id string) error { return f.blocked[id] }
func (f *fakeCreds) SignInAgain(_ context.Context, a accounts.Account, open func(string) error) error {
	f.signIns++
	open("https://login.example/authorize")
	delete(f.blocked, a.ID)
	return nil
}
func (f *fakeCreds) SetPassword(_ context.Context, a accounts.Account, pw string) error {
	f.passwords = append(f.passwords, pw)
	if pw != "right" {
		return accounts.ErrAuthFailed
	}
	delete(f.blocked, a.ID)
	return nil
}

func TestCredentialBarSignInAgain(t *testing.T) {
	app := test.NewTempApp(t)
	win := app.NewWindow("t")
	f := &fakeCreds{blocked: map[string]error{"a1": errors.New("revoked")}}
	b := newCredentialBar(f, func(g func()) { g() }, func() fyne.Window { return win })
	var opened int
	b.opener = func(*url.URL) error { opened++; return nil }
	win.SetContent(b.box)
	accts := []accounts.Account{{ID: "a0", Address: "bob@example.org"},
		{ID: "a1", Address: "alice@outlook.com", Incoming: accounts.Server{Auth: accounts.OAuth2}}}
	b.refresh(accts, f.blocked)
	if !b.box.Visible() || b.text.Text != "Sign in to alice@outlook.com again to keep getting mail." || b.button.Text != "Sign in" {
		t.Fatalf("bar: %v %q %q", b.box.Visible(), b.text.Text, b.button.Text)
	}
	test.Tap(b.button)
	if f.signIns != 1 || opened != 1 || b.box.Visible() {
		t.Fatalf("sign in: %d, opened %d, bar shown %v", f.signIns, opened, b.box.Visible())
	}
	b.refresh(accts, f.blocked)
	if b.box.Visible() {
		t.Error("bar back after signing in")
	}
}

func TestCredentialBarTypePassword(t *testing.T) {
	app := test.NewTempApp(t)
	win := app.NewWindow("t")
	win.Resize(fyne.NewSize(600, 400))
	f := &fakeCreds{blocked: map[string]error{"a1": accounts.ErrAuthFailed}}
	b := newCredentialBar(f, func(g func()) { g() }, func() fyne.Window { return win })
	win.SetContent(b.box)
	b.refresh([]accounts.Account{{ID: "a1", Address: "carol@example.org"}}, f.blocked)
	if !strings.Contains(b.text.Text, "Tern could not sign in to carol@example.org: the server refused the password.") || b.button.Text != "Type password" {
		t.Fatalf("bar: %q %q", b.text.Text, b.button.Text)
	}
	test.Tap(b.button)
	c := win.Canvas()
	dlg := c.Overlays().Top()
	entry := lookPasswordEntry(dlg)
	if entry == nil {
		t.Fatal("no password field in the dialog")
	}
	test.Type(entry, "wrong")
	test.Tap(findButton(t, dlg, "Sign in"))
	// Refused: the dialog stays, with the reason under the field.
	if c.Overlays().Top() != dlg || !strings.Contains(overlayText(win), "password was not accepted") || !b.box.Visible() {
		t.Fatalf("after a wrong password: dialog %v, says %q", c.Overlays().Top() == dlg, overlayText(win))
	}
	entry.(*dialogEntry).SetText("")
	test.Type(entry, "right")
	test.Tap(findButton(t, dlg, "Sign in"))
	if strings.Join(f.passwords, ",") != "wrong,right" || b.box.Visible() || c.Overlays().Top() != nil {
		t.Fatalf("passwords %q, bar shown %v, dialog open %v", f.passwords, b.box.Visible(), c.Overlays().Top() != nil)
	}
}

func lookPasswordEntry(o fyne.CanvasObject) fyne.Focusable {
	switch v := o.(type) {
	case *widget.Entry:
		if v.Password {
			return v
		}
	case *dialogEntry:
		if v.Password {
			return v
		}
	case *fyne.Container:
		for _, c := range v.Objects {
			if e := lookPasswordEntry(c); e != nil {
				return e
			}
		}
	case fyne.Widget:
		for _, c := range test.WidgetRenderer(v).Objects() {
			if e := lookPasswordEntry(c); e != nil {
				return e
			}
		}
	}
	return nil
}

// The engine is what the window finds these interfaces on.
var (
	_ Credentials   = (*engine.Engine)(nil)
	_ BrowserSignIn = (*engine.Engine)(nil)
)
