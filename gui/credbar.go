package gui

import (
	"context"
	"errors"
	"net/url"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/tern-mail/tern/accounts"
	"github.com/tern-mail/tern/assets/i18n"
)

// Credentials is what the sign-in bar asks of the engine: the way out
// for an account whose logins stopped because the server refused them.
// Which accounts those are, the window hears from the store's connection
// status (storage.Connection.Blocked).
type Credentials interface {
	// SignInAgain repeats a browser sign-in; open shows the sign-in page.
	SignInAgain(ctx context.Context, a accounts.Account, open func(string) error) error
	// SetPassword checks a new password with the servers and keeps it.
	SetPassword(ctx context.Context, a accounts.Account, password string) error
}

// credentialBar tells of an account whose password or sign-in the server
// refused, with the one button that fixes it. The account's mail stays
// readable meanwhile.
type credentialBar struct {
	creds  Credentials
	bg     func(func())
	win    func() fyne.Window
	opener func(*url.URL) error // nil: the system browser

	// askPassword opens the place where the password is typed (the
	// account's settings); nil asks in a small dialog of the bar's own.
	askPassword func(accounts.Account)

	box     *fyne.Container
	text    *widget.Label
	button  *widget.Button
	details *widget.Button
	account accounts.Account
	missing bool   // the account has no password stored at all
	problem string // the words of the last failure, for Details
}

func newCredentialBar(c Credentials, bg func(func()), win func() fyne.Window) *credentialBar {
	b := &credentialBar{creds: c, bg: bg, win: win, text: wrapped(""), button: widget.NewButton("", nil)}
	b.button.Importance = widget.HighImportance
	b.button.OnTapped = b.act
	b.details = widget.NewButton(i18n.T("dialog.details"), func() {
		showInfo(i18n.T("status.details.title"), b.problem, b.win())
	})
	b.details.Importance = widget.LowImportance
	b.details.Hide()
	b.box = container.NewBorder(nil, nil, widget.NewIcon(theme.WarningIcon()),
		container.NewHBox(layout.NewSpacer(), b.details, b.button), b.text)
	b.box.Hide()
	return b
}

// refresh shows the first account that needs the user; blocked holds why
// each such account's logins stopped. UI goroutine.
func (b *credentialBar) refresh(accts []accounts.Account, blocked map[string]error) {
	if b.creds == nil {
		return
	}
	for _, a := range accts {
		if blocked[a.ID] == nil {
			continue
		}
		b.account = a
		b.missing = errors.Is(blocked[a.ID], accounts.ErrNoPassword)
		switch {
		case a.Incoming.Auth == accounts.OAuth2:
			b.say(i18n.T("credbar.sign_in_again", i18n.Args{"Address": a.Address}), "")
			b.button.SetText(i18n.T("credbar.sign_in"))
		case b.missing:
			b.say(i18n.T("credbar.password_needed", i18n.Args{"Address": a.Address}), "")
			b.button.SetText(i18n.T("credbar.type_password"))
		default:
			b.say(i18n.T("credbar.password_refused", i18n.Args{"Address": a.Address}), "")
			b.button.SetText(i18n.T("credbar.type_password"))
		}
		b.box.Show()
		return
	}
	b.box.Hide()
}

// say puts a sentence on the bar, with Details when there are words
// behind it.
func (b *credentialBar) say(sentence, details string) {
	b.text.SetText(sentence)
	b.problem = details
	if details != "" {
		b.details.Show()
	} else {
		b.details.Hide()
	}
}

// act runs the bar's button: a browser sign-in again; a password that is
// missing is asked for in the bar's own dialog, one the server refused in
// the account's settings (the user name may need a change too).
func (b *credentialBar) act() {
	a := b.account
	switch {
	case a.Incoming.Auth == accounts.OAuth2:
		b.signIn(a)
	case b.askPassword != nil && !b.missing:
		b.askPassword(a)
	default:
		b.typePassword(a)
	}
}

// signIn repeats a's browser sign-in, saying on the bar what goes on.
func (b *credentialBar) signIn(a accounts.Account) {
	if b.creds == nil {
		return
	}
	b.account = a
	b.button.SetText(i18n.T("credbar.sign_in"))
	b.button.Disable()
	b.say(i18n.T("credbar.waiting", i18n.Args{"Address": a.Address}), "")
	b.box.Show()
	b.bg(func() {
		err := b.creds.SignInAgain(context.Background(), a, b.open)
		fyne.Do(func() {
			b.button.Enable()
			if err != nil {
				p := explain(err, nil)
				b.say(p.Sentence, p.Details)
				return
			}
			b.box.Hide()
		})
	})
}

// typePassword asks for a's password in a dialog of the bar's own, which
// checks it with the servers and keeps it. A password the servers refuse
// leaves the dialog open, with the reason under the field.
func (b *credentialBar) typePassword(a accounts.Account) {
	pw := newDialogPasswordEntry()
	note := newCheckNote()
	var d *ternDialog
	check := func() {
		password := pw.Text
		if password == "" {
			return
		}
		btn := d.button(i18n.T("credbar.sign_in"))
		note.checking(i18n.T("credbar.checking"))
		busy(true, pw, btn)
		b.bg(func() {
			err := b.creds.SetPassword(context.Background(), a, password)
			fyne.Do(func() {
				busy(false, pw, btn)
				if err != nil {
					p := explain(err, nil)
					note.failed("", p.Sentence, p.Details)
					b.win().Canvas().Focus(pw)
					return
				}
				note.clear()
				d.Hide()
				b.box.Hide()
			})
		})
	}
	form := widget.NewForm(widget.NewFormItem(i18n.T("credbar.password"), pw), widget.NewFormItem("", note.box))
	d = newTernDialog(i18n.T("credbar.password.title", i18n.Args{"Address": a.Address}), form, b.win(),
		dialogAction{label: i18n.T("dialog.cancel")},
		dialogAction{label: i18n.T("credbar.sign_in"), importance: widget.HighImportance, do: check, keepOpen: true})
	note.grown = d.relayout
	pw.OnSubmitted = func(string) { check() }
	d.Show()
	b.win().Canvas().Focus(pw)
}

func (b *credentialBar) open(u string) error {
	parsed, err := url.Parse(u)
	if err != nil {
		return err
	}
	if b.opener != nil {
		return b.opener(parsed)
	}
	fyne.Do(func() { fyne.CurrentApp().OpenURL(parsed) })
	return nil
}
