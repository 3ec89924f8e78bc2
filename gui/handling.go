package gui

import (
	"context"
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"

	"github.com/tern-mail/tern/storage"
)

// listKey handles the keys without modifiers that act on messages, when
// the list has focus or no text field has: Delete and Backspace delete,
// A archives, the arrows move. It reports whether it used the key.
func (w *MainWindow) listKey(ev *fyne.KeyEvent) bool {
	switch ev.Name {
	case fyne.KeyDelete, fyne.KeyBackspace:
		w.deleteSelected()
	case fyne.KeyA:
		w.archiveSelected()
	case fyne.KeyDown:
		w.list.step(1)
	case fyne.KeyUp:
		w.list.step(-1)
	default:
		return false
	}
	return true
}

// selectedIDs returns the messages the user has selected.
func (w *MainWindow) selectedIDs() []int64 { return w.list.selectedIDs() }

// messages says how many messages in words: "1 message", "3 messages".
func messages(n int) string {
	if n == 1 {
		return "1 message"
	}
	return fmt.Sprintf("%d messages", n)
}

// runAction runs an engine action on the selected messages off the UI
// goroutine; when it can be undone, the undo bar says what it did (done,
// with %s for the number of messages) and Undo puts it back.
func (w *MainWindow) runAction(f func(ctx context.Context, ids []int64) (storage.Undo, error), done string) {
	ids := w.selectedIDs()
	if len(ids) == 0 || w.engine == nil {
		return
	}
	Background(func() {
		u, err := f(context.Background(), ids)
		fyne.Do(func() {
			if err != nil {
				dialog.ShowError(err, w.win)
				return
			}
			if u.Empty() {
				return
			}
			w.lastUndo = u
			w.undo.show(fmt.Sprintf(done, messages(len(ids))))
		})
	})
}

// deleteSelected moves the selected messages to the Trash (for good from
// the Trash).
func (w *MainWindow) deleteSelected() {
	w.runAction(w.engine.Delete, "Moved %s to Trash.")
}

// archiveSelected moves the selected messages to their account's Archive.
func (w *MainWindow) archiveSelected() {
	w.runAction(w.engine.Archive, "Archived %s.")
}

// junkSelected moves the selected messages to their account's Junk.
func (w *MainWindow) junkSelected() {
	w.runAction(w.engine.Junk, "Moved %s to Junk.")
}

// deleteForeverSelected asks, then deletes the selected messages for good
// (Shift+Delete).
func (w *MainWindow) deleteForeverSelected() {
	ids := w.selectedIDs()
	if len(ids) == 0 || w.engine == nil {
		return
	}
	q := fmt.Sprintf("Delete %s for good? This cannot be undone.", messages(len(ids)))
	w.confirm("Delete for good", q, func() {
		Background(func() {
			if err := w.engine.DeleteForever(context.Background(), ids); err != nil {
				fyne.Do(func() { dialog.ShowError(err, w.win) })
			}
		})
	})
}

// confirm asks a yes-or-no question and runs yes on yes; tests replace
// it to answer at once.
func (w *MainWindow) confirm(title, question string, yes func()) {
	if w.ask != nil {
		if w.ask(question) {
			yes()
		}
		return
	}
	dialog.ShowConfirm(title, question, func(ok bool) {
		if ok {
			yes()
		}
	}, w.win)
}

// undoLast undoes the last action that can be (Ctrl+Z, Edit > Undo, the
// bar's Undo button); UI goroutine.
func (w *MainWindow) undoLast() {
	u := w.lastUndo
	if u.Empty() || w.engine == nil {
		return
	}
	w.lastUndo = storage.Undo{}
	w.undo.hide()
	Background(func() {
		if err := w.engine.Undo(context.Background(), u); err != nil {
			fyne.Do(func() { dialog.ShowError(err, w.win) })
		}
	})
}

// emptyFolder asks, then deletes every message in a Trash or Junk folder
// for good.
func (w *MainWindow) emptyFolder(f storage.Folder) {
	if w.engine == nil {
		return
	}
	name := "Trash"
	if f.Role == storage.RoleJunk {
		name = "Junk"
	}
	w.confirm("Empty "+name, fmt.Sprintf("Delete every message in %s for good? This cannot be undone.", name), func() {
		Background(func() {
			if _, err := w.engine.EmptyFolder(context.Background(), f.ID); err != nil {
				fyne.Do(func() { dialog.ShowError(err, w.win) })
			}
		})
	})
}
