package gui

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/tern-mail/tern/accounts"
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
	return fyne.NewMenu("Folder",
		fyne.NewMenuItem("New folder…", w.newFolder),
		fyne.NewMenuItem("Rename folder…", w.renameFolder),
		fyne.NewMenuItem("Delete folder…", w.deleteFolder),
		fyne.NewMenuItemSeparator(),
		fyne.NewMenuItem("Empty Trash…", func() { w.emptyRole(storage.RoleTrash) }),
		fyne.NewMenuItem("Empty Junk…", func() { w.emptyRole(storage.RoleJunk) }),
	)
}

// run does f off the UI goroutine and shows its error, if any.
func (w *MainWindow) run(f func(ctx context.Context) error) {
	Background(func() {
		if err := f(context.Background()); err != nil {
			fyne.Do(func() { dialog.ShowError(err, w.win) })
		}
	})
}

func (w *MainWindow) newFolder() {
	f, ok := w.selectedFolder()
	if !ok || w.engine == nil {
		return
	}
	name := newDialogEntry()
	name.SetPlaceHolder("Folder name")
	dialog.ShowForm("New folder", "Create", "Cancel", []*widget.FormItem{widget.NewFormItem("Name", name)}, func(ok bool) {
		n := strings.TrimSpace(name.Text)
		if !ok || n == "" {
			return
		}
		w.run(func(ctx context.Context) error { return w.engine.CreateFolder(ctx, f.AccountID, n) })
	}, w.win)
	w.win.Canvas().Focus(name) // type the name at once
}

func (w *MainWindow) renameFolder() {
	f, ok := w.selectedFolder()
	if !ok || w.engine == nil {
		return
	}
	if f.Role != "" {
		dialog.ShowInformation("Rename folder", displayName(f)+" is a special folder and keeps its name.", w.win)
		return
	}
	name := newDialogEntry()
	name.SetText(f.DisplayName())
	dialog.ShowForm("Rename folder", "Rename", "Cancel", []*widget.FormItem{widget.NewFormItem("New name", name)}, func(ok bool) {
		n := strings.TrimSpace(name.Text)
		if !ok || n == "" || n == f.DisplayName() {
			return
		}
		w.run(func(ctx context.Context) error { return w.engine.RenameFolder(ctx, f.AccountID, f.Name, n) })
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
		dialog.ShowInformation("Delete folder", displayName(f)+" is a special folder and cannot be deleted.", w.win)
		return
	}
	msg := fmt.Sprintf("Delete the folder %q and the %d messages in it? This cannot be undone.", f.DisplayName(), f.Total)
	dialog.ShowConfirm("Delete folder", msg, func(ok bool) {
		if ok {
			w.run(func(ctx context.Context) error { return w.engine.DeleteFolder(ctx, f.AccountID, f.Name) })
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
		widget.NewFormItem("Account", widget.NewLabel(a.Address)),
		widget.NewFormItem("Your name", name),
		widget.NewFormItem("Signature", sig),
		widget.NewFormItem("Check every (minutes)", every),
	}
	offline := widget.NewSelect([]string{"Every message", "The last 30 days", "The last 90 days", "The last year"}, nil)
	offline.SetSelected(map[int]string{0: "Every message", 30: "The last 30 days", 90: "The last 90 days", 365: "The last year"}[a.OfflineDays])
	if offline.Selected == "" {
		offline.SetSelected("Every message")
	}
	policy := widget.NewSelect([]string{policyKeep, policyDel, policyAfter}, nil)
	days := newDialogEntry()
	delHere := widget.NewCheck("When I delete a message here, delete it on the server too", nil)
	if a.Protocol == accounts.IMAP {
		items = append(items, widget.NewFormItem("Keep for offline reading", offline))
	} else {
		policy.SetSelected(map[accounts.ServerPolicy]string{accounts.KeepOnServer: policyKeep,
			accounts.DeleteAfterDownload: policyDel, accounts.DeleteAfterDays: policyAfter}[a.POP3.Policy])
		days.SetText(strconv.Itoa(max(a.POP3.Days, 14)))
		delHere.SetChecked(a.POP3.DeleteOnServerWhenDeleted)
		items = append(items, widget.NewFormItem("On the server", policy), widget.NewFormItem("Days", days), widget.NewFormItem("", delHere))
	}
	var password *dialogEntry
	var signIn *widget.Button
	creds := w.creds.creds
	if creds != nil && a.Incoming.Auth == accounts.OAuth2 {
		signIn = widget.NewButton("Sign in again", nil)
		items = append(items, widget.NewFormItem("Sign-in", signIn))
	} else if creds != nil {
		password = newDialogPasswordEntry()
		password.SetPlaceHolder("Unchanged")
		items = append(items, widget.NewFormItem("Password", password))
	}
	servers := widget.NewButton("Server settings…", nil)
	items = append(items, widget.NewFormItem("Servers", servers))
	remove := widget.NewButton("Remove this account…", nil)
	remove.Importance = widget.DangerImportance
	items = append(items, widget.NewFormItem("", remove))
	d := dialog.NewForm("Account settings", "Save", "Cancel", items, func(ok bool) {
		if !ok {
			return
		}
		a.Name, a.Signature = strings.TrimSpace(name.Text), strings.TrimRight(sig.Text, "\n")
		if n, err := strconv.Atoi(strings.TrimSpace(every.Text)); err == nil && n > 0 {
			a.CheckIntervalMinutes = n
		}
		if a.Protocol == accounts.IMAP {
			a.OfflineDays = map[string]int{"Every message": 0, "The last 30 days": 30, "The last 90 days": 90, "The last year": 365}[offline.Selected]
		} else {
			switch policy.Selected {
			case policyDel:
				a.POP3.Policy = accounts.DeleteAfterDownload
			case policyAfter:
				a.POP3.Policy = accounts.DeleteAfterDays
				a.POP3.Days, _ = strconv.Atoi(strings.TrimSpace(days.Text))
			default:
				a.POP3.Policy = accounts.KeepOnServer
			}
			a.POP3.DeleteOnServerWhenDeleted = delHere.Checked
		}
		save := func() {
			if err := w.engine.UpdateAccount(a); err != nil {
				dialog.ShowError(err, w.win)
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
					dialog.ShowInformation("Password not saved", explain(err, nil).Sentence+" Nothing was changed.", w.win)
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
		msg := fmt.Sprintf("Remove %s from Tern? Its password is deleted from the keychain and its mail from this computer. Mail on the server stays there.", a.Address)
		dialog.ShowConfirm("Remove account", msg, func(ok bool) {
			if ok {
				w.run(func(ctx context.Context) error {
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
