package gui

import (
	"errors"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/tern-mail/tern/storage/message"
)

// escapeOn presses Escape as the driver does: to the focused widget, or
// to the window when none has the focus.
func escapeOn(c fyne.Canvas) {
	esc := &fyne.KeyEvent{Name: fyne.KeyEscape}
	if f := c.Focused(); f != nil {
		f.TypedKey(esc)
		return
	}
	c.OnTypedKey()(esc)
}

// TestEscapeClosesEveryDialog opens each of Tern's dialogs and presses
// Escape with the focus where a person leaves it: on nothing, a button
// reached with Tab, a list or a box just clicked, a text field. Each
// closes, and Escape does nothing else (no answer, no save).
func TestEscapeClosesEveryDialog(t *testing.T) {
	w, m, _ := windowWithMail(t)
	c := w.win.Canvas()
	acct, _ := m.Get("alice@example.org")
	answered := false
	for _, tc := range []struct {
		name  string
		open  func()
		focus func(top fyne.CanvasObject) // nil: nothing focused
	}{
		{"information", func() { showInfo("Title", "Words.", w.win) }, nil},
		{"information, Close focused", func() { showInfo("Title", "Words.", w.win) }, func(fyne.CanvasObject) { c.FocusNext() }},
		{"yes or no, No focused", func() { askYesNo("Title", "Sure?", func(bool) { answered = true }, w.win) },
			func(fyne.CanvasObject) { c.FocusNext() }},
		{"problem, Details focused", func() { showProblem("It failed.", errors.New("x: y"), w.win) },
			func(fyne.CanvasObject) { c.FocusNext() }},
		{"account settings, a list clicked", func() { w.showSettingsOf(acct, false) },
			func(top fyne.CanvasObject) { c.Focus(find[*dialogSelect](top)[0]) }},
		{"account settings, a box clicked", func() { w.showSettingsOf(acct, false) },
			func(top fyne.CanvasObject) { c.Focus(find[*dialogCheck](top)[0]) }},
		{"account settings, the password field", func() { w.showSettingsOf(acct, true) }, func(fyne.CanvasObject) {}},
		{"server settings, Security clicked", func() { w.showServerSettings(acct.ID) },
			func(top fyne.CanvasObject) { c.Focus(find[*dialogSelect](top)[0]) }},
		{"remove account, Export first focused", func() { w.askRemoveAccount(acct) }, func(fyne.CanvasObject) {}},
		{"type password", func() { w.creds.typePassword(acct) }, func(fyne.CanvasObject) {}},
		{"new folder, Tab from the name", w.newFolder, func(fyne.CanvasObject) { c.FocusNext() }},
	} {
		tc.open()
		top := c.Overlays().Top()
		if top == nil {
			t.Fatalf("%s: no dialog", tc.name)
		}
		if tc.focus == nil {
			c.Unfocus()
		} else {
			tc.focus(top)
		}
		if tc.focus != nil && c.Focused() == nil {
			t.Fatalf("%s: nothing has the focus", tc.name)
		}
		escapeOn(c)
		if c.Overlays().Top() != nil {
			t.Errorf("%s: Escape with %T focused left the dialog open", tc.name, c.Focused())
			for c.Overlays().Top() != nil {
				c.Overlays().Remove(c.Overlays().Top())
			}
		}
	}
	if answered {
		t.Error("Escape answered a question")
	}
	if a, _ := m.Get(acct.ID); a != acct {
		t.Errorf("Escape changed the account: %+v", a)
	}
}

// TestEscapeInTheComposerClosesTheQuestionFirst: a question of the
// composer closes on Escape and the message stays as it was; with no
// question open, Escape asks to keep the draft.
func TestEscapeInTheComposerClosesTheQuestionFirst(t *testing.T) {
	w, m, e, _ := withContacts(t)
	c := openComposer(w, e, m, message.Draft{Subject: "Plan"})
	c.win.Show()
	c.win.Canvas().Focus(c.body)
	test.Type(c.body, "Half a thought")
	escapeOn(c.win.Canvas())
	if overlayText(c.win) == "" {
		t.Fatal("Escape asked nothing")
	}
	escapeOn(c.win.Canvas()) // Keep as draft has the focus
	if c.win.Canvas().Overlays().Top() != nil || c.sent || c.body.Text != "Half a thought" {
		t.Fatalf("Escape on the question: open %v, sent %v, text %q", c.win.Canvas().Overlays().Top() != nil, c.sent, c.body.Text)
	}
	for _, win := range w.app.Driver().AllWindows() {
		if win == c.win {
			return
		}
	}
	t.Fatal("Escape on the question closed the composer")
}

// TestEscapeClosesTheAddAccountWindow: the Add an account window closes
// on Escape, from its first field (which has the focus) and with nothing
// focused.
func TestEscapeClosesTheAddAccountWindow(t *testing.T) {
	w, _, _ := windowWithMail(t)
	open := func(win fyne.Window) bool {
		for _, o := range w.app.Driver().AllWindows() {
			if o == win {
				return true
			}
		}
		return false
	}
	win := w.addAccount()
	if _, ok := win.Canvas().Focused().(*dialogEntry); !ok {
		t.Fatalf("focused %T", win.Canvas().Focused())
	}
	escapeOn(win.Canvas())
	if open(win) {
		t.Fatal("Escape in the first field left the window open")
	}
	win = w.addAccount()
	win.Canvas().Unfocus()
	escapeOn(win.Canvas())
	if open(win) {
		t.Fatal("Escape left the window open")
	}
	if !open(w.win) {
		t.Fatal("Escape closed the main window")
	}
}
