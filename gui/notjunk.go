package gui

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"github.com/tern-mail/tern/assets/i18n"
	"github.com/tern-mail/tern/storage"
)

// inJunk tells whether the message shown lies in a Junk folder, where the
// menus offer Not junk instead of Junk.
func (w *MainWindow) inJunk() bool {
	m, ok := w.selected()
	if !ok {
		return false
	}
	f, err := w.store.FolderByID(context.Background(), m.FolderID)
	return err == nil && f.Role == storage.RoleJunk
}

// notJunkSelected moves the selected messages back to their account's
// Inbox.
func (w *MainWindow) notJunkSelected() {
	w.runAction(w.engine.NotJunk, func(n int) string { return i18n.N("keys.undo.not_junk", n) })
}

// junkItem is the menus' Junk, or Not junk for a message in Junk.
func (w *MainWindow) junkItem() *fyne.MenuItem {
	if w.inJunk() {
		return fyne.NewMenuItem(i18n.T("keys.action.not_junk"), w.notJunkSelected)
	}
	return fyne.NewMenuItem(i18n.T("action.junk"), w.junkSelected)
}

// junkButton is the reader's Junk button for several messages, made by b,
// or Not junk for messages in Junk.
func (w *MainWindow) junkButton(b func(label string, icon fyne.Resource, f func()) fyne.CanvasObject) fyne.CanvasObject {
	if w.inJunk() {
		return b(i18n.T("keys.action.not_junk"), theme.MailReplyIcon(), w.notJunkSelected)
	}
	return b(i18n.T("action.junk"), theme.WarningIcon(), w.junkSelected)
}
