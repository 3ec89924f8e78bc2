package gui

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
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
	inSec, outSec                    *widget.Select
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
		inSec: widget.NewSelect([]string{secTLS, secSTARTTLS}, nil), outSec: widget.NewSelect([]string{secTLS, secSTARTTLS}, nil)}
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
	}
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
// a dialog of their own (Account settings > Server settings…).
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
	d := dialog.NewForm(title, i18n.T("server.check_and_save"), i18n.T("manage.cancel"), items, func(ok bool) {
		if ok {
			w.saveSettings(a, f)
		}
	}, w.win)
	d.Resize(fyne.NewSize(560, 0))
	d.Show()
}

// saveSettings saves an account's settings; when its servers changed it
// first signs in to them with the saved password, and keeps the old
// settings if that fails.
func (w *MainWindow) saveSettings(a accounts.Account, f *serverFields) {
	next, changed, err := f.apply(a)
	var bad badPort
	switch {
	case errors.As(err, &bad):
		showInfo(i18n.T("server.not_saved.title"), bad.sentence, w.win)
		return
	case err == nil:
		err = next.Validate()
	}
	if err != nil {
		showInfo(i18n.T("server.not_saved.title"), explain(err, nil).Sentence, w.win)
		return
	}
	update := func() {
		if err := w.engine.UpdateAccount(next); err != nil {
			tellFailure(w.win, failureSentence(err, i18n.T("settings.save_failed")), err)
		}
	}
	if !changed {
		update()
		return
	}
	w.status.SetText(i18n.T("server.checking", i18n.Args{"Host": next.Incoming.Host}))
	Background(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 40*time.Second)
		defer cancel()
		pw, err := w.manager.Password(ctx, a.ID)
		if err == nil {
			err = w.engine.TestLogin(ctx, next, pw)
		}
		fyne.Do(func() {
			if err != nil {
				w.status.SetText(i18n.T("server.status.failed"))
				showInfo(i18n.T("server.not_saved.title"), i18n.T("server.not_saved", i18n.Args{"Problem": explain(err, nil).Sentence}), w.win)
				return
			}
			update()
			w.status.SetText(i18n.T("server.status.saved"))
		})
	})
}
