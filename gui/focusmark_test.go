package gui

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// F6 goes from pane to pane, and each pane it reaches shows a 2-pixel
// outline in the theme's focus colour, the others none; a click in the
// list moves the outline there.
func TestF6ShowsAFocusMarkOnEachPane(t *testing.T) {
	w, _, _ := windowWithMail(t)
	w.list.list.Select(0) // the reader shows a message, with buttons to reach
	shownMark := func() string {
		var on []string
		for name, r := range map[string]bool{"folders": w.marks.folders.Visible(), "list": w.marks.list.Visible(), "reader": w.marks.reader.Visible()} {
			if r {
				on = append(on, name)
			}
		}
		if len(on) != 1 {
			return joinLabels(on)
		}
		return on[0]
	}
	w.win.Canvas().Focus(w.folders.keys)
	if got := shownMark(); got != "folders" {
		t.Fatalf("focus on the folders: marks on %q", got)
	}
	for _, want := range []string{"list", "reader", "folders", "list"} {
		w.win.Canvas().Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyF6})
		if got := shownMark(); got != want {
			t.Fatalf("after F6: mark on %q, want %q (focus %T)", got, want, w.win.Canvas().Focused())
		}
	}
	held := fyne.KeyModifierShift
	w.heldKeys = func() fyne.KeyModifier { return held }
	w.win.Canvas().Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyF6})
	if got := shownMark(); got != "folders" {
		t.Fatalf("after Shift+F6 from the list: mark on %q", got)
	}
	held = 0
	r := w.marks.folders
	if r.StrokeWidth != 2 || r.StrokeColor != theme.Color(theme.ColorNameFocus) {
		t.Errorf("the mark is %v wide in %v", r.StrokeWidth, r.StrokeColor)
	}
	if r.Size().Width < minFolderPane.Width || r.Size().Height < 100 {
		t.Errorf("the mark is %v, not round the pane", r.Size())
	}
	click(w, 1, 0) // a click in the list takes the focus and the mark
	if got := shownMark(); got != "list" {
		t.Fatalf("after a click in the list: mark on %q", got)
	}
}
