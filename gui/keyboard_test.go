package gui

import (
	"context"
	"image/color"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// The focus mark is clearly stronger than Fyne's faint one and than the
// selection, in both variants.
func TestFocusMarkIsClearlyVisible(t *testing.T) {
	w, _, _ := windowWithMail(t)
	th := w.app.Settings().Theme()
	for _, v := range []fyne.ThemeVariant{theme.VariantLight, theme.VariantDark} {
		focus := color.NRGBAModel.Convert(th.Color(theme.ColorNameFocus, v)).(color.NRGBA)
		sel := color.NRGBAModel.Convert(th.Color(theme.ColorNameSelection, v)).(color.NRGBA)
		base := color.NRGBAModel.Convert(theme.DefaultTheme().Color(theme.ColorNameFocus, v)).(color.NRGBA)
		if focus.A < 0x80 || focus.A <= sel.A || focus.A <= base.A {
			t.Errorf("variant %d: focus alpha %#x, selection %#x, Fyne's %#x", v, focus.A, sel.A, base.A)
		}
	}
}

// Down and Up in the focused list select the message and show it.
func TestArrowsInTheListSelectAndShow(t *testing.T) {
	w, _, _ := windowWithMail(t)
	w.win.Canvas().Focus(w.list.list)
	w.list.list.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown})
	if m, ok := w.selected(); !ok || m.Subject != "Gamma gossip" || w.reader.subject.Text != "Gamma gossip" {
		t.Fatalf("after Down: selected %q, reader %q", m.Subject, w.reader.subject.Text)
	}
	w.list.list.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown})
	if w.reader.subject.Text != "Beta budget" {
		t.Fatalf("after Down again the reader shows %q", w.reader.subject.Text)
	}
	w.list.list.TypedKey(&fyne.KeyEvent{Name: fyne.KeyUp})
	if m, _ := w.selected(); m.Subject != "Gamma gossip" || w.reader.subject.Text != "Gamma gossip" {
		t.Fatalf("after Up: selected %q, reader %q", m.Subject, w.reader.subject.Text)
	}
}

// F6 goes folders → list → … and Shift+F6 back, from whichever pane has
// the focus.
func TestF6CyclesThroughThePanes(t *testing.T) {
	w, _, _ := windowWithMail(t)
	c := w.win.Canvas()
	var held fyne.KeyModifier
	w.heldKeys = func() fyne.KeyModifier { return held }
	f6 := &fyne.KeyEvent{Name: fyne.KeyF6}
	c.OnTypedKey()(f6) // nothing focused: F6 starts at the folders
	if c.Focused() != w.folders.keys {
		t.Fatalf("F6 with no focus gives %T", c.Focused())
	}
	c.Focused().TypedKey(f6)
	if c.Focused() != w.list.list {
		t.Fatalf("F6 from the folders gives %T", c.Focused())
	}
	stops := w.focusStops()
	for i := 2; i < len(stops); i++ { // the reader, when it has something to focus
		c.Focused().TypedKey(f6)
	}
	if len(stops) == 2 {
		c.Focused().TypedKey(f6)
		if c.Focused() != w.folders.keys {
			t.Fatalf("F6 from the list does not go round to the folders: %T", c.Focused())
		}
	}
	c.Focus(w.list.list)
	held = fyne.KeyModifierShift
	c.Focused().TypedKey(f6)
	if c.Focused() != w.folders.keys {
		t.Fatalf("Shift+F6 from the list gives %T", c.Focused())
	}
	// With the folder pane hidden, F6 skips it.
	held = 0
	w.showFolderPane(false)
	c.Focus(w.list.list)
	for _, s := range w.focusStops() {
		if s == w.folders.keys {
			t.Fatal("a hidden folder pane is still an F6 stop")
		}
	}
}

// Ctrl+1..9 jump to the folders in the order shown: Inbox, Drafts, ….
func TestCtrlNumberJumpsToFolders(t *testing.T) {
	w, _, _ := windowWithMail(t)
	nodes := w.folders.selectable()
	if len(nodes) < 3 {
		t.Fatalf("selectable folders %v", nodes)
	}
	w.jumpToFolder(2)
	if w.folders.selected != nodes[1] || w.folders.labels[nodes[1]] != "Drafts" {
		t.Fatalf("Ctrl+2 selected %q (%q)", w.folders.selected, w.folders.labels[w.folders.selected])
	}
	if w.win.Canvas().Focused() != w.list.list {
		t.Fatal("the list does not have the focus after Ctrl+2")
	}
	if len(w.list.rows) != 0 {
		t.Fatalf("Drafts lists %d messages", len(w.list.rows))
	}
	w.jumpToFolder(1)
	if len(w.list.rows) != 3 {
		t.Fatalf("Ctrl+1 (Inbox) lists %d messages", len(w.list.rows))
	}
	w.jumpToFolder(99) // no such folder: nothing changes
	if len(w.list.rows) != 3 {
		t.Fatal("Ctrl+99 changed the list")
	}
}

// Escape closes an open dialog.
func TestEscapeClosesADialog(t *testing.T) {
	w, _, _ := windowWithMail(t)
	w.list.list.Select(0)
	w.moveSelected()
	top := w.win.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("no Move dialog")
	}
	w.win.Canvas().Unfocus()
	w.win.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if w.win.Canvas().Overlays().Top() != nil || top.Visible() {
		t.Fatal("Escape left the dialog open")
	}
}

// Escape closes a dialog while one of its text fields has the focus and
// takes every key: nothing typed there is applied.
func TestEscapeClosesADialogFromItsTextField(t *testing.T) {
	w, m, _ := windowWithMail(t)
	acct := w.list.rows[0].AccountID
	before, err := m.Store().Folders(context.Background(), acct)
	if err != nil {
		t.Fatal(err)
	}
	w.newFolder()
	top := w.win.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("no New folder dialog")
	}
	var field *dialogEntry
	walk(t, top, func(o fyne.CanvasObject) {
		if e, ok := o.(*dialogEntry); ok && field == nil {
			field = e
		}
	})
	if field == nil {
		t.Fatal("the dialog has no text field")
	}
	if w.win.Canvas().Focused() != field {
		t.Fatalf("the name field does not have the focus: %T", w.win.Canvas().Focused())
	}
	test.Type(field, "Holidays")
	// The driver gives a key to the focused widget, before the window.
	w.win.Canvas().Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if w.win.Canvas().Overlays().Top() != nil || top.Visible() {
		t.Fatal("Escape in the name field left the dialog open")
	}
	after, err := m.Store().Folders(context.Background(), acct)
	if err != nil {
		t.Fatal(err)
	}
	if len(after) != len(before) {
		t.Fatalf("Escape created a folder: %d folders, were %d", len(after), len(before))
	}
}

// The password field of a dialog hides what is typed until its eye is
// tapped; the eye takes no keyboard focus and gives it back to the field,
// does nothing while the field is disabled, and Escape in the field closes
// the dialog.
func TestDialogPasswordFieldHidesAndShows(t *testing.T) {
	test.NewTempApp(t)
	e := newDialogPasswordEntry()
	win := test.NewTempWindow(t, widget.NewLabel("behind"))
	d := dialog.NewCustom("Password", "Cancel", e, win)
	d.Show()
	test.Type(e, "secret")
	shown := func() bool {
		for _, o := range find[*canvas.Text](e) {
			if strings.Contains(o.Text, "secret") {
				return true
			}
		}
		return false
	}
	if !e.Password || shown() {
		t.Fatal("the password shows as typed")
	}
	eye, ok := e.ActionItem.(*revealer)
	if !ok {
		t.Fatalf("the action item is a %T", e.ActionItem)
	}
	if _, focusable := e.ActionItem.(fyne.Focusable); focusable {
		t.Error("the eye takes the keyboard focus")
	}
	test.Tap(eye)
	if e.Password || !shown() || win.Canvas().Focused() != e {
		t.Fatalf("after the eye: hidden %v, drawn %v, focus on %T", e.Password, shown(), win.Canvas().Focused())
	}
	test.Tap(eye)
	e.Disable()
	test.Tap(eye)
	if !e.Password || shown() {
		t.Fatal("the eye showed the password of a disabled field")
	}
	e.Enable()
	win.Canvas().Focus(e)
	win.Canvas().Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if win.Canvas().Overlays().Top() != nil {
		t.Fatal("Escape in the password field left the dialog open")
	}
}
