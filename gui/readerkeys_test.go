package gui

import (
	"context"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// TestDeleteKeysWhileAReaderButtonHasFocus types Delete and Backspace on
// the reader's buttons, where the focused button takes keys before the
// window: they still delete the selected messages.
func TestDeleteKeysWhileAReaderButtonHasFocus(t *testing.T) {
	w, m, _ := windowWithMail(t)
	ctx := context.Background()
	trash, _ := m.Store().FolderByName(ctx, "alice@example.org", "Trash")
	inTrash := func() int {
		n, _ := m.Store().CountMessages(ctx, trash.ID)
		return n
	}

	// One message shown; the reader's picture button has the focus.
	w.list.list.Select(0)
	w.reader.loadImages.Show()
	w.win.Canvas().Focus(w.reader.loadImages)
	if w.win.Canvas().Focused() != w.reader.loadImages {
		t.Fatal("the reader's button did not take the focus")
	}
	w.win.Canvas().Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyBackspace})
	w.Reload()
	if inTrash() != 1 || len(w.list.rows) != 2 {
		t.Fatalf("after Backspace on a reader button: trash %d, list %d", inTrash(), len(w.list.rows))
	}

	// Several selected: the reader's action buttons.
	w.list.selectAll()
	var archive *keyButton
	for _, b := range find[*keyButton](w.reader.attachBox) {
		if b.Text == "Archive" {
			archive = b
		}
	}
	if archive == nil {
		t.Fatal("no Archive button for the selection")
	}
	w.win.Canvas().Focus(archive)
	w.win.Canvas().Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyDelete})
	w.Reload()
	if inTrash() != 3 || len(w.list.rows) != 0 {
		t.Fatalf("after Delete on a selection button: trash %d, list %d", inTrash(), len(w.list.rows))
	}
	// Space still taps the button.
	tapped := false
	b := newKeyButton("x", nil, func() { tapped = true }, w.reader.key)
	test.NewTempWindow(t, b).Canvas().Focus(b)
	b.TypedKey(&fyne.KeyEvent{Name: fyne.KeySpace})
	if !tapped {
		t.Fatal("Space no longer taps a reader button")
	}
}

// Delete works too while an attachment's Open, Save as… or Save all button
// has the focus: the message goes to the Trash.
func TestDeleteKeyWhileAnAttachmentButtonHasFocus(t *testing.T) {
	w, _, _ := windowWith(t, attachMail)
	ctx := context.Background()
	w.list.list.Select(0)
	var labels []string
	var save *keyButton
	for _, b := range find[*keyButton](w.reader.attachBox) {
		labels = append(labels, b.Text)
		if b.Text == "Save as…" && save == nil {
			save = b
		}
	}
	if save == nil {
		t.Fatalf("no Save as… key button among %q", labels)
	}
	before, acct := len(w.list.rows), w.list.rows[0].AccountID
	w.win.Canvas().Focus(save)
	w.win.Canvas().Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyDelete})
	w.Reload()
	trash, _ := w.store.FolderByName(ctx, acct, "Trash")
	if n, _ := w.store.CountMessages(ctx, trash.ID); n != 1 || len(w.list.rows) != before-1 {
		t.Fatalf("after Delete on an attachment button: trash %d, list %d (was %d)", n, len(w.list.rows), before)
	}
}
