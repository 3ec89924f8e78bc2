package gui

import (
	"context"
	"sort"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/tern-mail/tern/assets/i18n"
	"github.com/tern-mail/tern/storage"
)

// listKey handles the keys without modifiers that act on messages, when
// the list has focus or no text field has: Delete and Backspace delete,
// A archives, the arrows and PageUp, PageDown, Home and End move. It reports whether it used the key.
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
	case fyne.KeyF9:
		w.showFolderPane(!w.folderPaneShown())
	default:
		return w.list.pageKey(ev.Name)
	}
	return true
}

// selectedIDs returns the messages the user has selected.
func (w *MainWindow) selectedIDs() []int64 { return w.list.selectedIDs() }

// runAction runs an engine action on the selected messages off the UI
// goroutine; when it can be undone, the undo bar says what it did (done,
// given the number of messages) and Undo puts it back.
func (w *MainWindow) runAction(f func(ctx context.Context, ids []int64) (storage.Undo, error), done func(n int) string) {
	ids := w.selectedIDs()
	if len(ids) == 0 || w.engine == nil {
		return
	}
	Background(func() {
		u, err := f(context.Background(), ids)
		fyne.Do(func() {
			if err != nil {
				showProblem(i18n.T("handling.failed"), err, w.win)
				return
			}
			if u.Empty() {
				return
			}
			w.undos = append(w.undos, u)
			if len(w.undos) > undoDepth {
				w.undos = w.undos[len(w.undos)-undoDepth:]
			}
			w.undo.show(done(len(ids)))
		})
	})
}

// deleteSelected moves the selected messages to the Trash (for good from
// the Trash).
func (w *MainWindow) deleteSelected() {
	w.runAction(w.engine.Delete, func(n int) string { return i18n.N("undo.trashed", n) })
}

// archiveSelected moves the selected messages to their account's Archive.
func (w *MainWindow) archiveSelected() {
	w.runAction(w.engine.Archive, func(n int) string { return i18n.N("undo.archived", n) })
}

// junkSelected moves the selected messages to their account's Junk.
func (w *MainWindow) junkSelected() {
	w.runAction(w.engine.Junk, func(n int) string { return i18n.N("undo.junked", n) })
}

// deleteForeverSelected asks, then deletes the selected messages for good
// (Shift+Delete).
func (w *MainWindow) deleteForeverSelected() {
	ids := w.selectedIDs()
	if len(ids) == 0 || w.engine == nil {
		return
	}
	q := i18n.N("handling.delete_forever.question", len(ids))
	w.confirm(i18n.T("handling.delete_forever.title"), q, func() {
		Background(func() {
			if err := w.engine.DeleteForever(context.Background(), ids); err != nil {
				fyne.Do(func() { showProblem(i18n.N("handling.delete_forever.failed", len(ids)), err, w.win) })
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
	askYesNo(title, question, func(ok bool) {
		if ok {
			yes()
		}
	}, w.win)
}

// undoDepth is how many actions Ctrl+Z can take back, newest first.
const undoDepth = 20

// undoLast undoes the newest action not undone yet (Ctrl+Z, Edit > Undo,
// the undo bar); pressed again, the one before, and so on.
func (w *MainWindow) undoLast() {
	if len(w.undos) == 0 || w.engine == nil {
		return
	}
	u := w.undos[len(w.undos)-1]
	w.undos = w.undos[:len(w.undos)-1]
	w.undo.hide()
	Background(func() {
		if err := w.engine.Undo(context.Background(), u); err != nil {
			fyne.Do(func() { showProblem(i18n.T("handling.undo_failed"), err, w.win) })
		}
	})
}

// emptyFolder asks, then deletes every message in a Trash or Junk folder
// for good.
func (w *MainWindow) emptyFolder(f storage.Folder) {
	if w.engine == nil {
		return
	}
	title, question, failed := i18n.T("handling.empty_trash.title"), i18n.T("handling.empty_trash.question"), i18n.T("handling.empty_trash.failed")
	if f.Role == storage.RoleJunk {
		title, question, failed = i18n.T("handling.empty_junk.title"), i18n.T("handling.empty_junk.question"), i18n.T("handling.empty_junk.failed")
	}
	w.confirm(title, question, func() {
		Background(func() {
			if _, err := w.engine.EmptyFolder(context.Background(), f.ID); err != nil {
				fyne.Do(func() { showProblem(failed, err, w.win) })
			}
		})
	})
}

// emptyRole empties the Trash or Junk (role) of the open folder's account.
func (w *MainWindow) emptyRole(role string) {
	f, ok := w.selectedFolder()
	if !ok {
		return
	}
	fs, err := w.store.Folders(context.Background(), f.AccountID)
	if err != nil {
		return
	}
	for _, c := range fs {
		if c.Role == role {
			w.emptyFolder(c)
			return
		}
	}
}

// manyActions are the buttons the reader offers for a selection of several
// messages.
func (w *MainWindow) manyActions() []fyne.CanvasObject {
	b := func(label string, icon fyne.Resource, f func()) fyne.CanvasObject {
		return newKeyButton(label, icon, f, w.reader.key)
	}
	return []fyne.CanvasObject{
		b(i18n.T("action.delete"), theme.DeleteIcon(), w.deleteSelected),
		b(i18n.T("action.archive"), theme.DownloadIcon(), w.archiveSelected),
		b(i18n.T("action.move"), theme.FolderOpenIcon(), w.moveSelected),
		b(i18n.T("action.mark_read"), theme.VisibilityIcon(), func() { w.markSelected(true) }),
		b(i18n.T("action.mark_unread"), theme.VisibilityOffIcon(), func() { w.markSelected(false) }),
		b(i18n.T("action.flag"), theme.ErrorIcon(), func() { w.flagSelected(true) }),
		w.junkButton(b),
		b(i18n.T("action.print"), theme.DocumentPrintIcon(), w.printSelected),
	}
}

// markSelected marks the selected messages read or unread.
func (w *MainWindow) markSelected(seen bool) {
	done := func(n int) string { return i18n.N("undo.marked_read", n) }
	if !seen {
		done = func(n int) string { return i18n.N("undo.marked_unread", n) }
	}
	w.runAction(func(ctx context.Context, ids []int64) (storage.Undo, error) {
		return w.engine.Mark(ctx, ids, storage.FlagChange{Seen: &seen})
	}, done)
}

// flagSelected flags the selected messages or removes their flag.
func (w *MainWindow) flagSelected(on bool) {
	done := func(n int) string { return i18n.N("undo.flagged", n) }
	if !on {
		done = func(n int) string { return i18n.N("undo.unflagged", n) }
	}
	w.runAction(func(ctx context.Context, ids []int64) (storage.Undo, error) {
		return w.engine.Mark(ctx, ids, storage.FlagChange{Flagged: &on})
	}, done)
}

// messageMenu is the right-click menu of the message list.
func (w *MainWindow) messageMenu() *fyne.Menu {
	one := len(w.selectedIDs()) == 1
	m, _ := w.selected()
	items := []*fyne.MenuItem{}
	if one {
		items = append(items,
			fyne.NewMenuItem(i18n.T("action.reply"), func() { w.reply(false) }),
			fyne.NewMenuItem(i18n.T("action.reply_all"), func() { w.reply(true) }),
			fyne.NewMenuItem(i18n.T("action.forward"), w.forward),
			fyne.NewMenuItemSeparator())
	}
	read := fyne.NewMenuItem(i18n.T("menu.list.mark_read"), func() { w.markSelected(true) })
	unread := fyne.NewMenuItem(i18n.T("menu.list.mark_unread"), func() { w.markSelected(false) })
	flag := fyne.NewMenuItem(i18n.T("action.flag"), func() { w.flagSelected(!(one && m.Flags.Flagged)) })
	if one && m.Flags.Flagged {
		flag.Label = i18n.T("menu.list.unflag")
	}
	items = append(items, read, unread, flag, fyne.NewMenuItemSeparator(),
		fyne.NewMenuItem(i18n.T("action.move"), w.moveSelected),
		fyne.NewMenuItem(i18n.T("menu.list.copy"), w.copySelected),
		fyne.NewMenuItem(i18n.T("action.archive"), w.archiveSelected),
		w.junkItem(),
		fyne.NewMenuItem(i18n.T("action.delete"), w.deleteSelected))
	items = append(items, w.printMenuItems()...)
	if one {
		items = append(items, fyne.NewMenuItemSeparator(), fyne.NewMenuItem(i18n.T("menu.list.open_window"), w.openInWindow))
	}
	return fyne.NewMenu("", items...)
}

// copySelected asks for a folder of the same account and copies there.
func (w *MainWindow) copySelected() {
	m, ok := w.selected()
	ids := w.selectedIDs()
	if !ok || len(ids) == 0 || w.engine == nil {
		return
	}
	folders, err := w.store.Folders(context.Background(), m.AccountID)
	if err != nil {
		return
	}
	byName := map[string]int64{}
	var names []string
	for _, f := range folders {
		if f.ID != m.FolderID {
			names = append(names, f.Name)
			byName[f.Name] = f.ID
		}
	}
	sort.Strings(names)
	pick := widget.NewSelect(names, nil)
	dialog.NewCustomConfirm(i18n.T("copy.pick.title"), i18n.T("copy.pick.copy"), i18n.T("dialog.cancel"), pick, func(ok bool) {
		if !ok || pick.Selected == "" {
			return
		}
		dest := byName[pick.Selected]
		w.run(func(ctx context.Context) error { return w.engine.CopyTo(ctx, ids, dest) })
	}, w.win).Show()
}

// openInWindow shows the selected message in a window of its own.
func (w *MainWindow) openInWindow() {
	m, ok := w.selected()
	if !ok {
		return
	}
	r := newReader(w.store, w.engine, Background, nil)
	win := w.app.NewWindow(m.Subject)
	r.win = func() fyne.Window { return win }
	r.onPrint = w.printFrom(r, r.win)
	win.SetContent(r.widget())
	win.Resize(fyne.NewSize(700, 600))
	r.show(m.ID)
	win.Show()
}

// modifiers returns the modifier keys held now; tests replace heldKeys.
func (w *MainWindow) modifiers() fyne.KeyModifier {
	if w.heldKeys != nil {
		return w.heldKeys()
	}
	if d, ok := fyne.CurrentApp().Driver().(desktop.Driver); ok {
		return d.CurrentKeyModifiers()
	}
	return 0
}

// The items of the Folder menu (folderMenu) that the right-click menu
// leaves out on some folders, by their place: their labels are in the
// person's language.
const (
	folderItemDelete     = 2
	folderItemEmptyTrash = 4
	folderItemEmptyJunk  = 5
)

// folderContextMenu is a folder's right-click menu: the Folder menu, with
// Empty Trash or Empty Junk only on that folder.
func (w *MainWindow) folderContextMenu() *fyne.Menu {
	f, _ := w.selectedFolder()
	m := w.folderMenu()
	var items []*fyne.MenuItem
	for i, it := range m.Items {
		switch {
		case i == folderItemEmptyTrash && f.Role != storage.RoleTrash,
			i == folderItemEmptyJunk && f.Role != storage.RoleJunk:
			continue
		case i == folderItemDelete && f.Role != "":
			continue // special folders stay
		}
		items = append(items, it)
	}
	if n := len(items); n > 0 && items[n-1].IsSeparator {
		items = items[:n-1]
	}
	return fyne.NewMenu("", items...)
}
