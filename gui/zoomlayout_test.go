package gui

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
)

// Ctrl+Shift+= (the "+" of US keyboards), Ctrl and the keypad's plus
// (which the driver names "+") and Ctrl+plus zoom in, Ctrl and the
// keypad's minus out; at each step the panes widen with the text, and in a
// window too narrow for three panes the reader goes below the list, and
// back beside it at actual size.
func TestZoomKeysLayTheWindowOutAgain(t *testing.T) {
	w, _, _ := windowWithMail(t)
	w.win.Resize(fyne.NewSize(922, 540)) // the first window on a 1024×600 screen
	sc := w.win.Canvas().(fyne.Shortcutable)
	ctrl := fyne.KeyModifierShortcutDefault
	folderPane := w.folderSplit.Leading
	for i, k := range []*desktop.CustomShortcut{
		{KeyName: fyne.KeyEqual, Modifier: ctrl | fyne.KeyModifierShift},
		{KeyName: fyne.KeyPlus, Modifier: ctrl},
		{KeyName: fyne.KeyPlus, Modifier: ctrl},
	} {
		sc.TypedShortcut(k)
		want := zoomSteps[3+i]
		if w.zoom() != want {
			t.Fatalf("after %s: zoom %v, want %v", k.ShortcutName(), w.zoom(), want)
		}
		if got, least := folderPane.Size().Width, minFolderPane.Width*float32(want); got < least {
			t.Errorf("at zoom %v the folder pane is %v wide, less than %v", want, got, least)
		}
	}
	if w.listSplit.Horizontal {
		t.Error("at zoom 1.5 in 922 points the reader is still beside the list")
	}
	if w.listSplit.Leading.Size().Width < minListPane.Width*1.5 {
		t.Errorf("the list is %v wide", w.listSplit.Leading.Size().Width)
	}
	sc.TypedShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyMinus, Modifier: ctrl})
	if w.zoom() != 1.25 {
		t.Fatalf("Ctrl+minus: zoom %v", w.zoom())
	}
	sc.TypedShortcut(&desktop.CustomShortcut{KeyName: fyne.Key0, Modifier: ctrl})
	if w.zoom() != 1 || !w.listSplit.Horizontal {
		t.Fatalf("actual size: zoom %v, reader beside the list %v", w.zoom(), w.listSplit.Horizontal)
	}
}

// Zoomed in so far that the toolbar's names no longer fit in the window,
// the toolbar shows its icons alone, and its names again at actual size.
func TestZoomHidesToolbarNamesThatNoLongerFit(t *testing.T) {
	w, _, _ := windowWithMail(t)
	w.win.Resize(fyne.NewSize(922, 540))
	if !w.bar.buttons[0].labels || w.bar.box.MinSize().Width > 922 {
		t.Fatalf("at actual size: names %v, toolbar %v wide", w.bar.buttons[0].labels, w.bar.box.MinSize().Width)
	}
	w.setZoom(2)
	if w.bar.buttons[0].labels || w.bar.box.MinSize().Width > 922 {
		t.Fatalf("at zoom 2: names %v, toolbar %v wide in 922", w.bar.buttons[0].labels, w.bar.box.MinSize().Width)
	}
	w.setZoom(1)
	if !w.bar.buttons[0].labels {
		t.Fatal("at actual size again the names stay hidden")
	}
}
