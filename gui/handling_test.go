package gui

import (
	"context"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
)

// shown reports whether the highlighted row and the reader show the same
// message, and which.
func shown(t *testing.T, w *MainWindow) string {
	t.Helper()
	m, ok := w.selected()
	if !ok {
		if w.reader.current != nil && w.reader.current.id != 0 {
			t.Fatalf("nothing selected but the reader shows message %d", w.reader.current.id)
		}
		return ""
	}
	if w.reader.current == nil || w.reader.current.id != m.ID {
		t.Fatalf("row shows %d (%s), reader %+v", m.ID, m.Subject, w.reader.current)
	}
	return m.Subject
}

func TestDeleteKeyInTheListUndoBarAndCtrlZ(t *testing.T) {
	w, m, _ := windowWithMail(t)
	ctx := context.Background()
	var expire []func()
	w.undo.after = func(_ time.Duration, f func()) { expire = append(expire, f) }
	w.list.list.Select(1) // Beta
	w.win.Canvas().Focus(w.list.list)
	w.win.Canvas().Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyDelete})
	w.Reload()
	trash, _ := m.Store().FolderByName(ctx, "alice@example.org", "Trash")
	if n, _ := m.Store().CountMessages(ctx, trash.ID); n != 1 || len(w.list.rows) != 2 {
		t.Fatalf("after Delete: trash %d, list %d", n, len(w.list.rows))
	}
	// The next message takes the deleted one's place, row and reader alike.
	if got := shown(t, w); got != "Alpha plans" {
		t.Fatalf("after delete the window shows %q", got)
	}
	if !w.undo.box.Visible() || w.undo.text.Text != "Moved 1 message to Trash." {
		t.Fatalf("undo bar %v %q", w.undo.box.Visible(), w.undo.text.Text)
	}
	w.win.Canvas().(fyne.Shortcutable).TypedShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyZ, Modifier: fyne.KeyModifierShortcutDefault})
	w.Reload()
	if n, _ := m.Store().CountMessages(ctx, trash.ID); n != 0 || len(w.list.rows) != 3 {
		t.Fatalf("after Ctrl+Z: trash %d, list %d", n, len(w.list.rows))
	}
	if w.undo.box.Visible() {
		t.Fatal("the undo bar stays after undoing")
	}
	if got := shown(t, w); got != "Alpha plans" {
		t.Fatalf("after undo the window shows %q", got)
	}
	// Backspace with nothing focused, then the bar goes when its time is up.
	w.win.Canvas().Unfocus()
	w.win.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyBackspace})
	w.Reload()
	if len(w.list.rows) != 2 || !w.undo.box.Visible() {
		t.Fatalf("Backspace: list %d, bar %v", len(w.list.rows), w.undo.box.Visible())
	}
	expire[len(expire)-1]()
	if w.undo.box.Visible() {
		t.Fatal("the undo bar outlived its time")
	}
	// An older timer does not hide a newer message.
	w.win.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyA})
	w.Reload()
	expire[len(expire)-2]()
	if !w.undo.box.Visible() || w.undo.text.Text != "Archived 1 message." {
		t.Fatalf("after archive: bar %v %q", w.undo.box.Visible(), w.undo.text.Text)
	}
	archive, err := m.Store().FolderByName(ctx, "alice@example.org", "Archive")
	if err != nil {
		t.Fatalf("no Archive made: %v", err)
	}
	if n, _ := m.Store().CountMessages(ctx, archive.ID); n != 1 {
		t.Fatalf("archive has %d", n)
	}
	// Edit > Undo brings it back.
	for _, menu := range w.win.MainMenu().Items {
		for _, it := range menu.Items {
			if it.Label == "Undo" {
				it.Action()
			}
		}
	}
	if n, _ := m.Store().CountMessages(ctx, archive.ID); n != 0 {
		t.Fatalf("after Edit > Undo archive has %d", n)
	}
}

func TestShiftDeleteAsksThenDeletesForGoodAndEmptyTrash(t *testing.T) {
	w, m, _ := windowWithMail(t)
	ctx := context.Background()
	inbox, _ := m.Store().FolderByName(ctx, "alice@example.org", "INBOX")
	var asked []string
	answer := false
	w.ask = func(q string) bool { asked = append(asked, q); return answer }
	w.list.list.Select(0)
	sc := &desktop.CustomShortcut{KeyName: fyne.KeyDelete, Modifier: fyne.KeyModifierShift}
	w.win.Canvas().(fyne.Shortcutable).TypedShortcut(sc)
	if n, _ := m.Store().CountMessages(ctx, inbox.ID); n != 3 || len(asked) != 1 {
		t.Fatalf("declined: inbox %d, asked %v", n, asked)
	}
	answer = true
	w.win.Canvas().(fyne.Shortcutable).TypedShortcut(sc)
	trash, _ := m.Store().FolderByName(ctx, "alice@example.org", "Trash")
	if n, _ := m.Store().CountMessages(ctx, inbox.ID); n != 2 {
		t.Fatalf("inbox %d after Shift+Delete", n)
	}
	if n, _ := m.Store().CountMessages(ctx, trash.ID); n != 0 {
		t.Fatalf("Shift+Delete went to the Trash: %d", n)
	}
	w.Reload()
	w.list.list.Select(0)
	w.deleteSelected()
	if n, _ := m.Store().CountMessages(ctx, trash.ID); n != 1 {
		t.Fatalf("trash %d", n)
	}
	w.emptyFolder(trash)
	if n, _ := m.Store().CountMessages(ctx, trash.ID); n != 0 {
		t.Fatalf("trash %d after emptying", n)
	}
}

func TestSwitchingFoldersClearsTheReader(t *testing.T) {
	w, m, _ := windowWithMail(t)
	w.list.list.Select(0)
	if shown(t, w) == "" {
		t.Fatal("nothing shown")
	}
	trash, _ := m.Store().FolderByName(context.Background(), "alice@example.org", "Trash")
	w.list.showFolders([]int64{trash.ID})
	if _, ok := w.selected(); ok || w.reader.current == nil || w.reader.current.id != 0 {
		t.Fatalf("after switching the reader shows %+v", w.reader.current)
	}
}
