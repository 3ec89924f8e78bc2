package gui

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
)

// With the focus in the search box, F6 and Shift+F6 still move between
// the panes and F9 still hides the folder pane, while typing still types.
func TestSearchBoxPassesOnTheWindowKeys(t *testing.T) {
	w, _, _ := windowWithMail(t)
	c := w.win.Canvas()
	var held fyne.KeyModifier
	w.heldKeys = func() fyne.KeyModifier { return held }

	c.Focus(w.search)
	test.Type(w.search, "bud")
	if w.search.Text != "bud" {
		t.Fatalf("typing in the search box gives %q", w.search.Text)
	}
	c.Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyF6})
	if c.Focused() != w.folders.keys {
		t.Fatalf("F6 from the search box gives %T", c.Focused())
	}
	c.Focus(w.search)
	held = fyne.KeyModifierShift
	c.Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyF6})
	stops := w.focusStops()
	if c.Focused() != stops[len(stops)-1] {
		t.Fatalf("Shift+F6 from the search box gives %T", c.Focused())
	}
	held = 0
	c.Focus(w.search)
	c.Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyF9})
	if w.folderPaneShown() {
		t.Fatal("F9 in the search box left the folder pane open")
	}
	c.Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyF9})
	if !w.folderPaneShown() {
		t.Fatal("F9 again in the search box did not bring the folder pane back")
	}
	if w.search.Text != "bud" {
		t.Fatalf("the window's keys changed the search text to %q", w.search.Text)
	}
}

// With the focus in the search box, Ctrl+= zooms and Ctrl+2 jumps to the
// second folder, as the glfw driver gives shortcuts to the focused
// widget; the box keeps its own editing shortcuts.
func TestSearchBoxPassesOnTheWindowShortcuts(t *testing.T) {
	w, _, _ := windowWithMail(t)
	c := w.win.Canvas()
	c.Focus(w.search)
	test.Type(w.search, "gamma")
	press := func(s fyne.Shortcut) {
		t.Helper()
		f, ok := c.Focused().(fyne.Shortcutable)
		if !ok {
			t.Fatalf("the focused %T takes no shortcuts", c.Focused())
		}
		f.TypedShortcut(s)
	}
	base := w.baseTheme.Size(theme.SizeNameText)
	ctrl := fyne.KeyModifierShortcutDefault
	press(&desktop.CustomShortcut{KeyName: fyne.KeyEqual, Modifier: ctrl})
	if got, want := w.app.Settings().Theme().Size(theme.SizeNameText), base*1.1; got != want {
		t.Fatalf("Ctrl+= in the search box: text %v, want %v", got, want)
	}
	press(&desktop.CustomShortcut{KeyName: fyne.Key0, Modifier: ctrl})
	if got := w.app.Settings().Theme().Size(theme.SizeNameText); got != base {
		t.Fatalf("Ctrl+0 in the search box: text %v, want %v", got, base)
	}
	// Select all stays with the box: it selects the typed text.
	press(&fyne.ShortcutSelectAll{})
	if got := w.search.SelectedText(); got != "gamma" {
		t.Fatalf("Ctrl+A in the search box selected %q", got)
	}
	nodes := w.folders.selectable()
	press(&desktop.CustomShortcut{KeyName: fyne.Key2, Modifier: ctrl})
	if w.folders.selected != nodes[1] {
		t.Fatalf("Ctrl+2 in the search box selected %q", w.folders.selected)
	}
}
