package gui

import (
	"fmt"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/tern-mail/tern/accounts/autoconfig"
	"github.com/tern-mail/tern/accounts/engine"
)

// The cursor starts in the first field.
func TestWizardFocusesTheFirstField(t *testing.T) {
	wz, w, _ := newTestWizard(t, &scripted{cfg: bothConfig()}, true)
	if w.Canvas().Focused() != wz.name {
		t.Fatalf("focused %T", w.Canvas().Focused())
	}
	// The main window's wizard too.
	m := newManager(t)
	mw := NewMainWindow(test.NewTempApp(t), m, engine.New(m, engine.Options{}), Info{Name: "Tern"})
	if mw.wiz == nil || mw.win.Canvas().Focused() != mw.wiz.name {
		t.Fatalf("main window: focused %T", mw.win.Canvas().Focused())
	}
}

// An error goes away as soon as the user changes the fields.
func TestWizardErrorGoesWhenFieldsChange(t *testing.T) {
	wz, _, _ := newTestWizard(t, &scripted{cfg: bothConfig()}, true)
	test.Type(wz.email, "jo")
	test.Tap(wz.continueBtn)
	if wz.status.Text == "" {
		t.Fatal("no error for a partial address")
	}
	test.Type(wz.email, "@example.com")
	if wz.status.Text != "" {
		t.Fatalf("error stays after editing: %q", wz.status.Text)
	}
	test.Tap(wz.continueBtn)
	if wz.status.Text != "Please type your password." {
		t.Fatalf("status %q", wz.status.Text)
	}
	test.Type(wz.password, "s")
	if wz.status.Text != "" {
		t.Fatalf("error stays after typing a password: %q", wz.status.Text)
	}
}

// Offline, "not found" says there is no network instead of blaming the
// address.
func TestWizardOfflineSaysNoNetwork(t *testing.T) {
	err := fmt.Errorf("autoconfig: small-firm.example: %w: %w", autoconfig.ErrNotFound, autoconfig.ErrOffline)
	wz, _, _ := newTestWizard(t, &scripted{discErr: err}, true)
	fillStart(wz, "jo@small-firm.example", "secret")
	test.Tap(wz.continueBtn)
	if got := wz.status.Text; got != explain(err, nil).Sentence || !containsAll(got, "no network") || containsAll(got, "typing mistakes") {
		t.Fatalf("offline: %q", got)
	}
}

func containsAll(s string, parts ...string) bool {
	for _, p := range parts {
		if !strings.Contains(s, p) {
			return false
		}
	}
	return true
}

// In the manual settings, POP3 brings pop.… and 995 and IMAP takes them
// back, unless the user typed their own.
func TestWizardManualProtocolSwitchFollowsServerAndPort(t *testing.T) {
	wz, _, _ := newTestWizard(t, &scripted{cfg: bothConfig()}, true)
	test.Type(wz.email, "jo@example.com")
	wz.showManual(nil)
	if wz.inHost.Text != "imap.example.com" || wz.inPort.Text != "993" {
		t.Fatalf("start: %s:%s", wz.inHost.Text, wz.inPort.Text)
	}
	wz.proto.SetSelected("POP3")
	if wz.inHost.Text != "pop.example.com" || wz.inPort.Text != "995" {
		t.Fatalf("POP3: %s:%s", wz.inHost.Text, wz.inPort.Text)
	}
	wz.proto.SetSelected("IMAP")
	if wz.inHost.Text != "imap.example.com" || wz.inPort.Text != "993" {
		t.Fatalf("back to IMAP: %s:%s", wz.inHost.Text, wz.inPort.Text)
	}
	// Typed by the user: kept.
	wz.inHost.SetText("")
	test.Type(wz.inHost, "imap.mail.example.com")
	wz.proto.SetSelected("POP3")
	if wz.inHost.Text != "imap.mail.example.com" || wz.inPort.Text != "995" {
		t.Fatalf("edited host: %s:%s", wz.inHost.Text, wz.inPort.Text)
	}
	wz.inPort.SetText("9950")
	wz.proto.SetSelected("IMAP")
	if wz.inPort.Text != "9950" {
		t.Fatalf("edited port: %s", wz.inPort.Text)
	}
}

// Picking POP3 (and "after some days") shows its options without moving
// the buttons.
func TestWizardButtonsStayWhenPOP3IsPicked(t *testing.T) {
	wz, w, _ := newTestWizard(t, &scripted{cfg: bothConfig()}, true)
	fillStart(wz, "jo@example.com", "secret")
	test.Tap(wz.continueBtn)
	pos := func() fyne.Position {
		w.Content().Refresh()
		return fyne.CurrentApp().Driver().AbsolutePositionForObject(wz.signInBtn)
	}
	before := pos()
	wz.choice.SetSelected(choicePOP3())
	if !wz.popBox.Visible() {
		t.Fatal("POP3 options hidden")
	}
	if after := pos(); after != before {
		t.Fatalf("Sign in moved from %v to %v", before, after)
	}
	wz.policy.SetSelected(policyAfter())
	if after := pos(); after != before {
		t.Fatalf("Sign in moved from %v to %v with the days field", before, after)
	}
}
