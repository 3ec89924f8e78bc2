package gui

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/tern-mail/tern/accounts"
	"github.com/tern-mail/tern/assets/i18n"
)

// Removing an account says first what becomes of its mail. An IMAP
// account's mail stays on the server. A POP3 account's mail is, for the
// most part, only on this computer: what the server deleted once it was
// downloaded, and always what was sent or filed here. Then the question
// names the count, the button that removes says it deletes that many
// messages, and the one that has the focus exports them first.

// pickExportFolder asks for the folder an export goes into and calls
// chosen with it; nothing when the person cancels. Tests replace it.
var pickExportFolder = func(win fyne.Window, chosen func(dir string)) {
	d := dialog.NewFolderOpen(func(dir fyne.ListableURI, err error) {
		if err == nil && dir != nil {
			chosen(dir.Path())
		}
	}, win)
	d.SetTitleText(i18n.T("settings.export.title"))
	d.SetConfirmText(i18n.T("settings.export.here"))
	d.SetDismissText(i18n.T("dialog.cancel"))
	d.Show()
}

// askRemoveAccount says what removing a does to its mail and asks.
func (w *MainWindow) askRemoveAccount(a accounts.Account) { w.askRemove(a, "") }

// askRemove is askRemoveAccount with a line on top (what an export just
// did), if any.
func (w *MainWindow) askRemove(a accounts.Account, note string) {
	n := w.storedMessages(a.ID)
	var parts []fyne.CanvasObject
	if note != "" {
		parts = append(parts, wrapped(note))
	}
	remove := dialogAction{label: i18n.T("settings.remove.confirm"), importance: widget.DangerImportance,
		do: func() { w.removeAccount(a) }}
	actions := []dialogAction{{label: i18n.T("manage.cancel")}}
	if a.Protocol != accounts.POP3 || n == 0 {
		parts = append(parts, wrapped(i18n.T("settings.remove.question", i18n.Args{"Address": a.Address})))
		actions = append(actions, remove)
	} else {
		id := "settings.remove.pop3_only_here"
		if a.POP3.Policy == accounts.KeepOnServer {
			id = "settings.remove.pop3_server_has"
		}
		parts = append(parts, wrapped(i18n.N(id, n, i18n.Args{"Address": a.Address})))
		remove.label = i18n.N("settings.remove.delete_n", n)
		export := dialogAction{label: i18n.T("settings.export.button"), importance: widget.HighImportance,
			primary: note == "", do: func() { w.exportThenAsk(a) }}
		actions = append(actions, remove, export)
	}
	newTernDialog(i18n.T("settings.remove.title"), container.NewVBox(parts...), w.win, actions...).Show()
}

// storedMessages counts the account's messages on this computer.
func (w *MainWindow) storedMessages(accountID string) int {
	fs, err := w.store.Folders(context.Background(), accountID)
	if err != nil {
		fyne.LogError("count an account's messages", err)
	}
	n := 0
	for _, f := range fs {
		n += f.Total
	}
	return n
}

// exportThenAsk writes the account's messages as .eml files into a
// folder the person picks, then asks again whether to remove it.
func (w *MainWindow) exportThenAsk(a accounts.Account) {
	pickExportFolder(w.win, func(dir string) {
		Background(func() {
			out, err := exportAccount(context.Background(), w.store, a.ID, a.Address, dir)
			fyne.Do(func() {
				if err != nil {
					tellFailure(w.win, i18n.T("settings.export.failed", i18n.Args{"Folder": dir}), err)
					return
				}
				note := i18n.N("settings.export.done", out.messages, i18n.Args{"Folder": out.dir})
				if out.headers > 0 {
					note += "\n" + i18n.N("settings.export.headers_only", out.headers)
				}
				w.askRemove(a, note)
			})
		})
	})
}

// removeAccount removes a, its password and its mail on this computer.
func (w *MainWindow) removeAccount(a accounts.Account) {
	w.runSaying(i18n.T("settings.remove.failed", i18n.Args{"Address": a.Address}), func(ctx context.Context) error {
		err := w.engine.RemoveAccount(ctx, a.ID)
		w.Reload()
		return err
	})
}
