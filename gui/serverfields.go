package gui

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"github.com/tern-mail/tern/accounts"
	"github.com/tern-mail/tern/assets/i18n"
)

// Security names, as the settings show them.
const (
	secTLS      = "SSL/TLS"
	secSTARTTLS = "STARTTLS"
)

// serverFields are Account settings' server, port and security fields
// for incoming and outgoing mail.
type serverFields struct {
	inHost, inPort, outHost, outPort *dialogEntry
	inSec, outSec                    *dialogSelect
	// note says, under the fields, the check with the servers and why
	// it failed; the dialog stays open with the fields as typed.
	note *checkNote
	// dialog holds the fields, if shown; it closes once they are saved.
	dialog *ternDialog
}

func secName(s accounts.Security) string {
	if s == accounts.STARTTLS {
		return secSTARTTLS
	}
	return secTLS
}

func secOf(name string) accounts.Security {
	if name == secSTARTTLS {
		return accounts.STARTTLS
	}
	return accounts.TLS
}

// newServerFields shows a's servers.
func newServerFields(a accounts.Account) *serverFields {
	f := &serverFields{inHost: newDialogEntry(), inPort: newDialogEntry(), outHost: newDialogEntry(), outPort: newDialogEntry(),
		inSec: newDialogSelect([]string{secTLS, secSTARTTLS}, nil), outSec: newDialogSelect([]string{secTLS, secSTARTTLS}, nil),
		note: newCheckNote()}
	f.inHost.SetText(a.Incoming.Host)
	f.inPort.SetText(strconv.Itoa(a.Incoming.Port))
	f.inSec.SetSelected(secName(a.Incoming.Security))
	f.outHost.SetText(a.Outgoing.Host)
	if a.Outgoing.Port > 0 {
		f.outPort.SetText(strconv.Itoa(a.Outgoing.Port))
	}
	f.outSec.SetSelected(secName(a.Outgoing.Security))
	return f
}

// items are the form's rows.
func (f *serverFields) items(a accounts.Account) []*widget.FormItem {
	in := i18n.T("server.incoming", i18n.Args{"Protocol": strings.ToUpper(string(a.Protocol))})
	return []*widget.FormItem{
		widget.NewFormItem(in, f.inHost),
		widget.NewFormItem(i18n.T("server.port"), f.inPort),
		widget.NewFormItem(i18n.T("server.security"), f.inSec),
		widget.NewFormItem(i18n.T("server.outgoing"), f.outHost),
		widget.NewFormItem(i18n.T("server.port")+" ", f.outPort), // a space apart: two rows, not one label twice
		widget.NewFormItem(i18n.T("server.security")+" ", f.outSec),
		widget.NewFormItem("", f.note.box),
	}
}

// failed says under the fields why they were not saved.
func (f *serverFields) failed(sentence, details string) {
	f.note.failed(i18n.T("server.not_saved.title"), sentence, details)
}

// saved closes the dialog, if shown.
func (f *serverFields) saved() {
	f.note.clear()
	if f.dialog != nil {
		f.dialog.Hide()
	}
}

// wait disables the fields and the dialog's button while the servers
// are asked, or enables them again.
func (f *serverFields) wait(on bool) {
	var btn fyne.Disableable
	if f.dialog != nil {
		btn = f.dialog.button(i18n.T("server.check_and_save"))
	}
	busy(on, f.inHost, f.inPort, f.inSec, f.outHost, f.outPort, f.outSec, btn)
}

// badPort is a port field that holds no port number; it says so in a
// sentence.
type badPort struct{ sentence string }

func (e badPort) Error() string { return e.sentence }

// apply puts the fields in a; changed tells whether a server changed.
func (f *serverFields) apply(a accounts.Account) (next accounts.Account, changed bool, err error) {
	port := func(id string, e *dialogEntry) (int, error) {
		n, err := strconv.Atoi(strings.TrimSpace(e.Text))
		if err != nil || n < 1 || n > 65535 {
			return 0, badPort{i18n.T(id)}
		}
		return n, nil
	}
	next = a
	next.Incoming.Host = strings.TrimSpace(f.inHost.Text)
	if next.Incoming.Port, err = port("server.port.incoming_invalid", f.inPort); err != nil {
		return a, false, err
	}
	next.Incoming.Security = secOf(f.inSec.Selected)
	next.Outgoing.Host = strings.TrimSpace(f.outHost.Text)
	if next.Outgoing.Host != "" {
		if next.Outgoing.Port, err = port("server.port.outgoing_invalid", f.outPort); err != nil {
			return a, false, err
		}
		next.Outgoing.Security = secOf(f.outSec.Selected)
		if next.Outgoing.Username == "" {
			next.Outgoing.Username = next.Incoming.Username
		}
	} else {
		next.Outgoing = accounts.Server{}
	}
	changed = next.Incoming != a.Incoming || next.Outgoing != a.Outgoing
	return next, changed, nil
}

// showServerSettings edits an account's incoming and outgoing servers, in
// a dialog of their own (Account settings > Server settings…). It stays
// open until the settings are saved, with why not under the fields.
func (w *MainWindow) showServerSettings(id string) {
	a, err := w.manager.Get(id)
	if err != nil || w.engine == nil {
		return
	}
	f := newServerFields(a)
	intro := widget.NewLabel(i18n.T("server.intro"))
	intro.Wrapping = fyne.TextWrapWord
	items := append([]*widget.FormItem{widget.NewFormItem("", intro)}, f.items(a)...)
	title := i18n.T("server.title", i18n.Args{"Address": a.Address})
	f.dialog = newTernDialog(title, widget.NewForm(items...), w.win,
		dialogAction{label: i18n.T("manage.cancel")},
		dialogAction{label: i18n.T("server.check_and_save"), importance: widget.HighImportance, keepOpen: true,
			do: func() { w.saveSettings(a, f) }})
	f.note.grown = f.dialog.relayout
	f.dialog.Show()
	f.dialog.Resize(fyne.NewSize(560, 0))
}

// saveSettings saves an account's settings; when its servers changed it
// first signs in to them with the saved password, and keeps the old
// settings if that fails.
func (w *MainWindow) saveSettings(a accounts.Account, f *serverFields) {
	next, changed, err := f.apply(a)
	var bad badPort
	switch {
	case errors.As(err, &bad):
		f.failed(bad.sentence, "")
		return
	case err == nil:
		err = next.Validate()
	}
	if err != nil {
		p := explain(err, nil)
		f.failed(p.Sentence, p.Details)
		return
	}
	update := func() {
		f.saved()
		if err := w.engine.UpdateAccount(next); err != nil {
			tellFailure(w.win, failureSentence(err, i18n.T("settings.save_failed")), err)
		}
	}
	if !changed {
		update()
		return
	}
	checking := i18n.T("server.checking", i18n.Args{"Host": next.Incoming.Host})
	w.status.SetText(checking)
	f.note.checking(checking)
	f.wait(true)
	Background(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 40*time.Second)
		defer cancel()
		pw, err := w.manager.Password(ctx, a.ID)
		if err == nil {
			err = w.engine.TestLogin(ctx, next, pw)
		}
		fyne.Do(func() {
			f.wait(false)
			if err != nil {
				w.status.SetText(i18n.T("server.status.failed"))
				p := explain(err, nil)
				f.failed(i18n.T("server.not_saved", i18n.Args{"Problem": p.Sentence}), p.Details)
				return
			}
			update()
			w.status.SetText(i18n.T("server.status.saved"))
		})
	})
}
