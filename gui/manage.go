package gui

import (
	"context"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/tern-mail/tern/accounts"
	"github.com/tern-mail/tern/assets/i18n"
	"github.com/tern-mail/tern/storage"
)

// selectedFolder is the folder open in the folder pane.
func (w *MainWindow) selectedFolder() (storage.Folder, bool) {
	f, ok := w.folders.byID[w.folders.selected]
	return f, ok
}

// folderMenu is the Folder menu: new, rename, delete, and emptying the
// Trash and Junk of the open folder's account.
func (w *MainWindow) folderMenu() *fyne.Menu {
	return fyne.NewMenu(i18n.T("menu.folder"),
		fyne.NewMenuItem(i18n.T("menu.folder.new"), w.newFolder),
		fyne.NewMenuItem(i18n.T("menu.folder.rename"), w.renameFolder),
		fyne.NewMenuItem(i18n.T("menu.folder.delete"), w.deleteFolder),
		fyne.NewMenuItemSeparator(),
		fyne.NewMenuItem(i18n.T("menu.folder.empty_trash"), func() { w.emptyRole(storage.RoleTrash) }),
		fyne.NewMenuItem(i18n.T("menu.folder.empty_junk"), func() { w.emptyRole(storage.RoleJunk) }),
	)
}

// run does f off the UI goroutine and says so when it fails.
func (w *MainWindow) run(f func(ctx context.Context) error) {
	w.runSaying(i18n.T("change.failed"), f)
}

// runSaying does f off the UI goroutine; when it fails it says sentence,
// or what explain knows of the error, with the error behind Details.
func (w *MainWindow) runSaying(sentence string, f func(ctx context.Context) error) {
	Background(func() {
		if err := f(context.Background()); err != nil {
			fyne.Do(func() { tellFailure(w.win, failureSentence(err, sentence), err) })
		}
	})
}

func (w *MainWindow) newFolder() {
	f, ok := w.selectedFolder()
	if !ok || w.engine == nil {
		return
	}
	name := newDialogEntry()
	name.SetPlaceHolder(i18n.T("folder.new.placeholder"))
	items := []*widget.FormItem{widget.NewFormItem(i18n.T("folder.new.name"), name)}
	dialog.ShowForm(i18n.T("folder.new.title"), i18n.T("folder.new.create"), i18n.T("manage.cancel"), items, func(ok bool) {
		n := strings.TrimSpace(name.Text)
		if !ok || n == "" {
			return
		}
		w.runSaying(i18n.T("folder.new.failed", i18n.Args{"Folder": n}),
			func(ctx context.Context) error { return w.engine.CreateFolder(ctx, f.AccountID, n) })
	}, w.win)
	w.win.Canvas().Focus(name) // type the name at once
}

func (w *MainWindow) renameFolder() {
	f, ok := w.selectedFolder()
	if !ok || w.engine == nil {
		return
	}
	if f.Role != "" {
		showInfo(i18n.T("folder.rename.title"), i18n.T("folder.rename.special", i18n.Args{"Folder": displayName(f)}), w.win)
		return
	}
	name := newDialogEntry()
	name.SetText(f.DisplayName())
	items := []*widget.FormItem{widget.NewFormItem(i18n.T("folder.rename.new_name"), name)}
	dialog.ShowForm(i18n.T("folder.rename.title"), i18n.T("folder.rename.button"), i18n.T("manage.cancel"), items, func(ok bool) {
		n := strings.TrimSpace(name.Text)
		if !ok || n == "" || n == f.DisplayName() {
			return
		}
		w.runSaying(i18n.T("folder.rename.failed", i18n.Args{"Folder": f.DisplayName()}),
			func(ctx context.Context) error { return w.engine.RenameFolder(ctx, f.AccountID, f.Name, n) })
	}, w.win)
	w.win.Canvas().Focus(name)
	name.TypedShortcut(&fyne.ShortcutSelectAll{}) // typing replaces the old name
}

// deleteFolder asks first: the messages in it go too.
func (w *MainWindow) deleteFolder() {
	f, ok := w.selectedFolder()
	if !ok || w.engine == nil {
		return
	}
	if f.Role != "" {
		showInfo(i18n.T("folder.delete.title"), i18n.T("folder.delete.special", i18n.Args{"Folder": displayName(f)}), w.win)
		return
	}
	msg := i18n.N("folder.delete.question", f.Total, i18n.Args{"Folder": f.DisplayName()})
	askYesNo(i18n.T("folder.delete.title"), msg, func(ok bool) {
		if ok {
			w.runSaying(i18n.T("folder.delete.failed", i18n.Args{"Folder": f.DisplayName()}),
				func(ctx context.Context) error { return w.engine.DeleteFolder(ctx, f.AccountID, f.Name) })
		}
	}, w.win)
}

// showSettings edits the open folder's account (or the first).
func (w *MainWindow) showSettings() {
	accts := w.manager.List()
	if len(accts) == 0 || w.engine == nil {
		return
	}
	a := accts[0]
	if f, ok := w.selectedFolder(); ok {
		if got, err := w.manager.Get(f.AccountID); err == nil {
			a = got
		}
	}
	w.showSettingsOf(a, false)
}

// showSettingsOf edits an account: name, signature, how often to check,
// offline policy or POP3 options, its password (or a new browser sign-in);
// and removes it. With typePassword the password field has the focus.
func (w *MainWindow) showSettingsOf(a accounts.Account, typePassword bool) {
	name := newDialogEntry()
	name.SetText(a.Name)
	sig := newDialogMultiLineEntry()
	sig.SetText(a.Signature)
	sig.SetMinRowsVisible(3)
	every := newDialogEntry()
	every.SetText(strconv.Itoa(int(a.CheckInterval().Minutes())))
	items := []*widget.FormItem{
		widget.NewFormItem(i18n.T("settings.account"), widget.NewLabel(a.Address)),
		widget.NewFormItem(i18n.T("settings.your_name"), name),
		widget.NewFormItem(i18n.T("settings.signature"), sig),
		widget.NewFormItem(i18n.T("settings.check_every"), every),
	}
	offline := widget.NewSelect(offlineLabels(), nil)
	offline.SetSelected(offlineLabel(a.OfflineDays))
	policy := widget.NewSelect(policyLabels(), nil)
	days := newDialogEntry()
	delHere := widget.NewCheck(i18n.T("pop3.delete_here"), nil)
	if a.Protocol == accounts.IMAP {
		items = append(items, widget.NewFormItem(i18n.T("settings.keep_offline"), offline))
	} else {
		policy.SetSelected(policyLabel(a.POP3.Policy))
		days.SetText(strconv.Itoa(max(a.POP3.Days, 14)))
		delHere.SetChecked(a.POP3.DeleteOnServerWhenDeleted)
		items = append(items, widget.NewFormItem(i18n.T("settings.on_server"), policy),
			widget.NewFormItem(i18n.T("settings.days"), days), widget.NewFormItem("", delHere))
	}
	var password *dialogEntry
	var signIn *widget.Button
	creds := w.creds.creds
	if creds != nil && a.Incoming.Auth == accounts.OAuth2 {
		signIn = widget.NewButton(i18n.T("settings.sign_in_again"), nil)
		items = append(items, widget.NewFormItem(i18n.T("settings.sign_in"), signIn))
	} else if creds != nil {
		password = newDialogPasswordEntry()
		password.SetPlaceHolder(i18n.T("settings.password.unchanged"))
		items = append(items, widget.NewFormItem(i18n.T("settings.password"), password))
	}
	servers := widget.NewButton(i18n.T("settings.servers.button"), nil)
	items = append(items, widget.NewFormItem(i18n.T("settings.servers"), servers))
	remove := widget.NewButton(i18n.T("settings.remove.button"), nil)
	remove.Importance = widget.DangerImportance
	items = append(items, widget.NewFormItem("", remove))
	d := dialog.NewForm(i18n.T("settings.title"), i18n.T("settings.save"), i18n.T("manage.cancel"), items, func(ok bool) {
		if !ok {
			return
		}
		a.Name, a.Signature = strings.TrimSpace(name.Text), strings.TrimRight(sig.Text, "\n")
		if n, err := strconv.Atoi(strings.TrimSpace(every.Text)); err == nil && n > 0 {
			a.CheckIntervalMinutes = n
		}
		if a.Protocol == accounts.IMAP {
			a.OfflineDays = offlineDaysOf(offline.Selected)
		} else {
			a.POP3.Policy = policyOf(policy.Selected)
			if a.POP3.Policy == accounts.DeleteAfterDays {
				a.POP3.Days, _ = strconv.Atoi(strings.TrimSpace(days.Text))
			}
			a.POP3.DeleteOnServerWhenDeleted = delHere.Checked
		}
		save := func() {
			if err := w.engine.UpdateAccount(a); err != nil {
				tellFailure(w.win, failureSentence(err, i18n.T("settings.save_failed")), err)
			}
		}
		if password == nil || password.Text == "" {
			save()
			return
		}
		// A new password is checked with the servers first; a refused one
		// is not kept and the other changes wait for a password that works.
		pw := password.Text
		Background(func() {
			err := creds.SetPassword(context.Background(), a, pw)
			fyne.Do(func() {
				if err != nil {
					showInfo(i18n.T("settings.password.not_saved.title"),
						i18n.T("settings.password.not_saved", i18n.Args{"Problem": explain(err, nil).Sentence}), w.win)
					return
				}
				save()
			})
		})
	}, w.win)
	if signIn != nil {
		signIn.OnTapped = func() {
			d.Hide()
			w.creds.signIn(a)
		}
	}
	servers.OnTapped = func() {
		d.Hide()
		w.showServerSettings(a.ID)
	}
	remove.OnTapped = func() {
		d.Hide()
		msg := i18n.T("settings.remove.question", i18n.Args{"Address": a.Address})
		askYesNo(i18n.T("settings.remove.title"), msg, func(ok bool) {
			if ok {
				w.runSaying(i18n.T("settings.remove.failed", i18n.Args{"Address": a.Address}), func(ctx context.Context) error {
					err := w.engine.RemoveAccount(ctx, a.ID)
					w.Reload()
					return err
				})
			}
		}, w.win)
	}
	d.Resize(fyne.NewSize(560, 520))
	d.Show()
	if typePassword && password != nil {
		w.win.Canvas().Focus(password)
	}
}
