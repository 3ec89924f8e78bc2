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
	"github.com/tern-mail/tern/storage/message"
)

// action is one thing the user can do from the toolbar, the menu and the
// keyboard; short is its name under the toolbar icon ("" for label).
type action struct {
	label string
	icon  fyne.Resource
	key   fyne.KeyName
	mods  fyne.KeyModifier
	run   func()
	short string
}

// labelReadToggle names the action whose toolbar button follows the
// selected message's read state, in the language shown.
func labelReadToggle() string { return i18n.T("action.read_toggle") }

func (w *MainWindow) actions() []action {
	ctrl := fyne.KeyModifierShortcutDefault
	return []action{
		{i18n.T("action.new"), theme.MailComposeIcon(), fyne.KeyN, ctrl, func() { w.compose(message.Draft{}, "") }, i18n.T("action.new.short")},
		{i18n.T("action.reply"), theme.MailReplyIcon(), fyne.KeyR, ctrl, func() { w.reply(false) }, ""},
		{i18n.T("action.reply_all"), theme.MailReplyAllIcon(), fyne.KeyR, ctrl | fyne.KeyModifierShift, func() { w.reply(true) }, ""},
		{i18n.T("action.forward"), theme.MailForwardIcon(), fyne.KeyF, ctrl | fyne.KeyModifierShift, w.forward, ""},
		{i18n.T("action.delete"), theme.DeleteIcon(), fyne.KeyDelete, 0, w.deleteSelected, ""},
		{i18n.T("action.archive"), iconArchive, fyne.KeyA, 0, w.archiveSelected, ""},
		{i18n.T("action.junk"), iconJunk, fyne.KeyJ, ctrl | fyne.KeyModifierShift, w.junkSelected, ""},
		{i18n.T("action.move"), theme.FolderOpenIcon(), fyne.KeyM, ctrl | fyne.KeyModifierShift, w.moveSelected, i18n.T("action.move.short")},
		{labelReadToggle(), iconMailClosed, fyne.KeyU, ctrl, w.toggleRead, i18n.T("action.mark_unread")},
		{i18n.T("action.flag"), iconFlag, fyne.KeyG, ctrl, w.toggleFlag, ""},
		{i18n.T("action.get_mail"), theme.ViewRefreshIcon(), fyne.KeyT, ctrl, w.getMail, ""},
	}
}

// installActions puts the actions in a toolbar, the menu and shortcuts.
func (w *MainWindow) installActions() fyne.CanvasObject {
	var menu []*fyne.MenuItem
	acts := w.actions()
	for _, a := range acts {
		a := a
		mi := fyne.NewMenuItem(a.label, a.run)
		mi.Icon = a.icon
		sc := &desktop.CustomShortcut{KeyName: a.key, Modifier: a.mods}
		mi.Shortcut = sc // keys without modifiers are shown; listKey handles them
		if a.mods != 0 {
			w.win.Canvas().AddShortcut(sc, func(fyne.Shortcut) { a.run() })
		}
		menu = append(menu, mi)
	}
	menu = append(menu, w.printMenu()...)
	w.bar = newToolbar(acts, !w.prefs.Bool(prefToolbarNoLabels))
	w.list.onRows = w.syncToolbar
	search := fyne.NewMenuItem(i18n.T("menu.edit.search"), func() { w.win.Canvas().Focus(w.search) })
	search.Shortcut = &desktop.CustomShortcut{KeyName: fyne.KeyF, Modifier: fyne.KeyModifierShortcutDefault}
	w.win.Canvas().AddShortcut(search.Shortcut, func(fyne.Shortcut) { w.win.Canvas().Focus(w.search) })
	// The driver turns Ctrl+Z, Ctrl+A and Shift+Delete into Fyne's Undo,
	// SelectAll and Cut shortcuts; a focused text field takes them first.
	undo := fyne.NewMenuItem(i18n.T("menu.edit.undo"), w.undoLast)
	undo.Icon = theme.ContentUndoIcon()
	w.win.Canvas().AddShortcut(&fyne.ShortcutUndo{}, func(fyne.Shortcut) { w.undoLast() })
	w.win.Canvas().AddShortcut(&fyne.ShortcutSelectAll{}, func(fyne.Shortcut) { w.list.selectAll() })
	w.win.Canvas().AddShortcut(&fyne.ShortcutCut{}, func(fyne.Shortcut) {
		if w.modifiers()&fyne.KeyModifierShift != 0 { // Shift+Delete, not Ctrl+X
			w.deleteForeverSelected()
		}
	})
	w.win.SetMainMenu(fyne.NewMainMenu(w.fileMenu(), fyne.NewMenu(i18n.T("menu.message"), menu...), fyne.NewMenu(i18n.T("menu.edit"), undo, fyne.NewMenuItemSeparator(), search),
		w.viewMenu(), w.folderMenu(), w.accountMenu(), w.helpMenu()))
	// Keys without modifiers act on the list when no text field has focus.
	w.installKeyboard()
	return w.bar.box
}

// syncToolbar makes the read button match the selected message.
func (w *MainWindow) syncToolbar() {
	if m, ok := w.selected(); ok {
		w.bar.showSeen(m.Flags.Seen)
	}
}

// selected returns the message the user is looking at.
func (w *MainWindow) selected() (storage.MessageSummary, bool) { return w.list.currentMessage() }

func (w *MainWindow) compose(d message.Draft, fromAccount string) *composer {
	if w.engine == nil || len(w.manager.List()) == 0 {
		return nil
	}
	c := newComposer(w.app, w.engine, w.manager.List(), fromAccount, d, Background, w.suggestAddresses)
	c.onQueued = w.noteQueued
	c.win.Show()
	// A new message starts with its recipients, a reply with its text.
	if len(d.To) == 0 {
		c.win.Canvas().Focus(c.to)
	} else {
		c.win.Canvas().Focus(c.body)
		c.body.CursorRow, c.body.CursorColumn = 0, 0
	}
	return c
}

// original parses the selected message for replying or forwarding.
func (w *MainWindow) original() (*message.Parsed, []byte, storage.MessageSummary, bool) {
	m, ok := w.selected()
	if !ok {
		return nil, nil, m, false
	}
	sm, err := w.store.Message(context.Background(), m.ID)
	if err != nil || sm.Raw == nil {
		return nil, nil, m, false
	}
	return message.Parse(sm.Raw), sm.Raw, m, true
}

// suggestAddresses finds recipients from the mail on this computer.
func (w *MainWindow) suggestAddresses(prefix string) []message.Address {
	found, err := w.store.Addresses(context.Background(), prefix, 8)
	if err != nil {
		return nil
	}
	return found
}

func (w *MainWindow) me(accountID string) message.Address {
	a, err := w.manager.Get(accountID)
	if err != nil {
		return message.Address{}
	}
	return a.Sender()
}

func (w *MainWindow) reply(all bool) {
	p, _, m, ok := w.original()
	if !ok {
		return
	}
	w.replyWith(p, m.AccountID, all)
}

// replyWith opens the composer on a reply to the parsed message p of
// account (to all when all is set), with a note when the reply goes
// somewhere the person may not expect.
func (w *MainWindow) replyWith(p *message.Parsed, account string, all bool) {
	var own []string
	for _, a := range w.manager.List() {
		own = append(own, a.Address)
	}
	d := message.Reply(p, w.me(account), own, all)
	if c := w.compose(d, account); c != nil {
		if note := replyNote(p, d); note != "" {
			c.status.Importance = widget.WarningImportance
			c.status.Wrapping = fyne.TextWrapWord
			c.status.SetText(note)
		}
	}
}

func (w *MainWindow) forward() {
	p, raw, m, ok := w.original()
	if !ok {
		return
	}
	w.compose(message.Forward(p, raw, w.me(m.AccountID), false), m.AccountID)
}

// toggleRead marks the selection read when the message looked at is
// unread, else unread.
func (w *MainWindow) toggleRead() {
	if m, ok := w.selected(); ok {
		w.markSelected(!m.Flags.Seen)
	}
}

// toggleFlag flags the selection when the message looked at has no
// flag, else removes the flags.
func (w *MainWindow) toggleFlag() {
	if m, ok := w.selected(); ok {
		w.flagSelected(!m.Flags.Flagged)
	}
}

func (w *MainWindow) getMail() {
	if w.engine == nil {
		return
	}
	for _, a := range w.manager.List() {
		w.engine.GetMail(a.ID)
	}
}

// moveSelected asks for a folder of the same account and moves there.
func (w *MainWindow) moveSelected() {
	m, ok := w.selected()
	if !ok || w.engine == nil {
		return
	}
	folders, err := w.store.Folders(context.Background(), m.AccountID)
	if err != nil {
		return
	}
	var names []string
	for _, f := range folders {
		if f.ID != m.FolderID {
			names = append(names, f.DisplayName())
		}
	}
	sort.Strings(names)
	pick := widget.NewSelect(names, nil)
	dialog.NewCustomConfirm(i18n.T("move.pick.title"), i18n.T("move.pick.move"), i18n.T("dialog.cancel"), pick, func(ok bool) {
		if !ok || pick.Selected == "" {
			return
		}
		folder := pick.Selected
		w.runAction(func(ctx context.Context, ids []int64) (storage.Undo, error) {
			return w.engine.Move(ctx, ids, folder)
		}, func(n int) string { return i18n.N("undo.moved", n, i18n.Args{"Folder": folder}) })
	}, w.win).Show()
}
