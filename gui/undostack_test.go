package gui

import (
	"context"
	"testing"

	"fyne.io/fyne/v2"
)

// TestCtrlZRepeatedlyUndoesOlderActions deletes, archives and flags, then
// presses Ctrl+Z four times: each press takes back the newest action left,
// and the last finds nothing more to undo.
func TestCtrlZRepeatedlyUndoesOlderActions(t *testing.T) {
	w, m, _ := windowWithMail(t)
	ctx := context.Background()
	st := m.Store()
	count := func(name string) int {
		f, err := st.FolderByName(ctx, "alice@example.org", name)
		if err != nil {
			return 0
		}
		n, _ := st.CountMessages(ctx, f.ID)
		return n
	}
	ctrlZ := func() {
		w.win.Canvas().(fyne.Shortcutable).TypedShortcut(&fyne.ShortcutUndo{})
		w.Reload()
	}
	w.list.list.Select(0) // Gamma
	w.deleteSelected()
	w.Reload()
	w.list.list.Select(0) // Beta
	w.archiveSelected()
	w.Reload()
	w.list.list.Select(0) // Alpha
	w.flagSelected(true)
	w.Reload()
	if count("INBOX") != 1 || count("Trash") != 1 || count("Archive") != 1 {
		t.Fatalf("after the actions: inbox %d, trash %d, archive %d", count("INBOX"), count("Trash"), count("Archive"))
	}
	if got, _ := w.selected(); !got.Flags.Flagged {
		t.Fatal("not flagged")
	}
	ctrlZ()
	if got := w.list.rows[0]; got.Flags.Flagged || count("Archive") != 1 {
		t.Fatalf("first Ctrl+Z: flagged %v, archive %d", got.Flags.Flagged, count("Archive"))
	}
	ctrlZ()
	if count("Archive") != 0 || count("INBOX") != 2 || count("Trash") != 1 {
		t.Fatalf("second Ctrl+Z: archive %d, inbox %d, trash %d", count("Archive"), count("INBOX"), count("Trash"))
	}
	ctrlZ()
	if count("Trash") != 0 || count("INBOX") != 3 {
		t.Fatalf("third Ctrl+Z: trash %d, inbox %d", count("Trash"), count("INBOX"))
	}
	ctrlZ() // nothing left: no change, no error
	if count("INBOX") != 3 || len(w.undos) != 0 {
		t.Fatalf("fourth Ctrl+Z: inbox %d, %d undos left", count("INBOX"), len(w.undos))
	}
}
