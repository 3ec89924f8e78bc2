package gui

import (
	"context"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"github.com/tern-mail/tern/accounts"
	"github.com/tern-mail/tern/assets/i18n"
)

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

// accountForm holds Account settings' fields for one account.
type accountForm struct {
	a                accounts.Account
	name, sig, every *dialogEntry
	offline, policy  *dialogSelect
	days             *dialogEntry
	delHere          *dialogCheck
	password         *dialogEntry  // nil for a browser sign-in account
	note             *checkNote    // under the password: the check and why it failed
	signIn           *dialogButton // Sign in again, for a browser sign-in account
	servers, remove  *dialogButton
	creds            Credentials
}

// newAccountForm fills the fields with a's settings.
func newAccountForm(a accounts.Account, creds Credentials) *accountForm {
	f := &accountForm{a: a, creds: creds, name: newDialogEntry(), sig: newDialogMultiLineEntry(), every: newDialogEntry(),
		offline: newDialogSelect(offlineLabels(), nil), policy: newDialogSelect(policyLabels(), nil), days: newDialogEntry(),
		delHere: newDialogCheck(i18n.T("pop3.delete_here"), nil), note: newCheckNote()}
	f.name.SetText(a.Name)
	f.sig.SetText(a.Signature)
	f.sig.SetMinRowsVisible(3)
	f.every.SetText(strconv.Itoa(int(a.CheckInterval().Minutes())))
	f.offline.SetSelected(offlineLabel(a.OfflineDays))
	f.policy.SetSelected(policyLabel(a.POP3.Policy))
	f.days.SetText(strconv.Itoa(max(a.POP3.Days, 14)))
	f.delHere.SetChecked(a.POP3.DeleteOnServerWhenDeleted)
	switch {
	case creds != nil && a.Incoming.Auth == accounts.OAuth2:
		f.signIn = newDialogButton(i18n.T("settings.sign_in_again"), nil)
	case creds != nil:
		f.password = newDialogPasswordEntry()
		f.password.SetPlaceHolder(i18n.T("settings.password.unchanged"))
	}
	f.servers = newDialogButton(i18n.T("settings.servers.button"), nil)
	f.remove = newDialogButton(i18n.T("settings.remove.button"), nil)
	f.remove.Importance = widget.DangerImportance
	return f
}

// items are the form's rows.
func (f *accountForm) items() []*widget.FormItem {
	items := []*widget.FormItem{
		widget.NewFormItem(i18n.T("settings.account"), widget.NewLabel(f.a.Address)),
		widget.NewFormItem(i18n.T("settings.your_name"), f.name),
		widget.NewFormItem(i18n.T("settings.signature"), f.sig),
		widget.NewFormItem(i18n.T("settings.check_every"), f.every),
	}
	if f.a.Protocol == accounts.IMAP {
		items = append(items, widget.NewFormItem(i18n.T("settings.keep_offline"), f.offline))
	} else {
		items = append(items, widget.NewFormItem(i18n.T("settings.on_server"), f.policy),
			widget.NewFormItem(i18n.T("settings.days"), f.days), widget.NewFormItem("", f.delHere))
	}
	switch {
	case f.signIn != nil:
		items = append(items, widget.NewFormItem(i18n.T("settings.sign_in"), f.signIn))
	case f.password != nil:
		items = append(items, widget.NewFormItem(i18n.T("settings.password"), f.password), widget.NewFormItem("", f.note.box))
	}
	return append(items, widget.NewFormItem(i18n.T("settings.servers"), f.servers), widget.NewFormItem("", f.remove))
}

// account is the account with the fields' settings.
func (f *accountForm) account() accounts.Account {
	a := f.a
	a.Name, a.Signature = strings.TrimSpace(f.name.Text), strings.TrimRight(f.sig.Text, "\n")
	if n, err := strconv.Atoi(strings.TrimSpace(f.every.Text)); err == nil && n > 0 {
		a.CheckIntervalMinutes = n
	}
	if a.Protocol == accounts.IMAP {
		a.OfflineDays = offlineDaysOf(f.offline.Selected)
		return a
	}
	a.POP3.Policy = policyOf(f.policy.Selected)
	if a.POP3.Policy == accounts.DeleteAfterDays {
		a.POP3.Days, _ = strconv.Atoi(strings.TrimSpace(f.days.Text))
	}
	a.POP3.DeleteOnServerWhenDeleted = f.delHere.Checked
	return a
}

// showSettingsOf edits an account: name, signature, how often to check,
// offline policy or POP3 options, its password (or a new browser sign-in);
// and removes it. With typePassword the password field has the focus.
// A new password is checked with the servers before anything is saved;
// one they refuse keeps the dialog open, with everything as typed and
// the reason under the password.
func (w *MainWindow) showSettingsOf(a accounts.Account, typePassword bool) {
	f := newAccountForm(a, w.creds.creds)
	var d *ternDialog
	d = newTernDialog(i18n.T("settings.title"), widget.NewForm(f.items()...), w.win,
		dialogAction{label: i18n.T("manage.cancel")},
		dialogAction{label: i18n.T("settings.save"), importance: widget.HighImportance, keepOpen: true,
			do: func() { w.saveAccountForm(f, d) }})
	f.note.grown = d.relayout
	if f.signIn != nil {
		f.signIn.OnTapped = func() {
			d.Hide()
			w.creds.signIn(a)
		}
	}
	f.servers.OnTapped = func() {
		d.Hide()
		w.showServerSettings(a.ID)
	}
	f.remove.OnTapped = func() {
		d.Hide()
		w.askRemoveAccount(a)
	}
	d.Show()
	d.Resize(fyne.NewSize(560, 520))
	if typePassword && f.password != nil {
		w.win.Canvas().Focus(f.password)
	}
}

// saveAccountForm saves the settings of d's form f and closes d; with a
// new password typed, only once the servers took it.
func (w *MainWindow) saveAccountForm(f *accountForm, d *ternDialog) {
	a := f.account()
	save := func() {
		if err := w.engine.UpdateAccount(a); err != nil {
			tellFailure(w.win, failureSentence(err, i18n.T("settings.save_failed")), err)
		}
	}
	if f.password == nil || f.password.Text == "" {
		d.Hide()
		save()
		return
	}
	pw, btn := f.password.Text, d.button(i18n.T("settings.save"))
	f.note.checking(i18n.T("credbar.checking"))
	busy(true, f.password, btn)
	Background(func() {
		err := f.creds.SetPassword(context.Background(), a, pw)
		fyne.Do(func() {
			busy(false, f.password, btn)
			if err != nil {
				p := explain(err, nil)
				f.note.failed(i18n.T("settings.password.not_saved.title"),
					i18n.T("settings.password.not_saved", i18n.Args{"Problem": p.Sentence}), p.Details)
				w.win.Canvas().Focus(f.password)
				return
			}
			f.note.clear()
			d.Hide()
			save()
		})
	})
}
