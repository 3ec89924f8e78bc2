package gui

import (
	"context"
	"net/url"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
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
	account accounts.Account
}

func newCredentialBar(c Credentials, bg func(func()), win func() fyne.Window) *credentialBar {
	b := &credentialBar{creds: c, bg: bg, win: win, text: wrapped(""), button: widget.NewButton("", nil)}
	b.button.Importance = widget.HighImportance
	b.button.OnTapped = b.act
	b.box = container.NewBorder(nil, nil, widget.NewIcon(theme.WarningIcon()),
		container.NewHBox(layout.NewSpacer(), b.button), b.text)
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
		if a.Incoming.Auth == accounts.OAuth2 {
			b.text.SetText(i18n.T("credbar.sign_in_again", i18n.Args{"Address": a.Address}))
			b.button.SetText(i18n.T("credbar.sign_in"))
		} else {
			b.text.SetText(i18n.T("credbar.password_refused", i18n.Args{"Address": a.Address}))
			b.button.SetText(i18n.T("credbar.type_password"))
		}
		b.box.Show()
		return
	}
	b.box.Hide()
}

// act runs the bar's button.
func (b *credentialBar) act() {
	a := b.account
	if a.Incoming.Auth == accounts.OAuth2 {
		b.signIn(a)
		return
	}
	if b.askPassword != nil {
		b.askPassword(a)
		return
	}
	b.typePassword(a)
}

// signIn repeats a's browser sign-in, saying on the bar what goes on.
func (b *credentialBar) signIn(a accounts.Account) {
	if b.creds == nil {
		return
	}
	b.account = a
	b.button.SetText(i18n.T("credbar.sign_in"))
	b.button.Disable()
	b.text.SetText(i18n.T("credbar.waiting", i18n.Args{"Address": a.Address}))
	b.box.Show()
	b.bg(func() {
		err := b.creds.SignInAgain(context.Background(), a, b.open)
		fyne.Do(func() {
			b.button.Enable()
			if err != nil {
				b.text.SetText(explain(err, nil).Sentence)
				return
			}
			b.box.Hide()
		})
	})
}

// typePassword asks for a's password in a dialog of the bar's own.
func (b *credentialBar) typePassword(a accounts.Account) {
	pw := newDialogPasswordEntry()
	d := dialog.NewForm(i18n.T("credbar.password.title", i18n.Args{"Address": a.Address}), i18n.T("credbar.sign_in"), i18n.T("dialog.cancel"),
		[]*widget.FormItem{widget.NewFormItem(i18n.T("credbar.password"), pw)}, func(ok bool) {
			if !ok || pw.Text == "" {
				return
			}
			password := pw.Text
			b.button.Disable()
			b.bg(func() {
				err := b.creds.SetPassword(context.Background(), a, password)
				fyne.Do(func() {
					b.button.Enable()
					if err != nil {
						b.text.SetText(explain(err, nil).Sentence)
						return
					}
					b.box.Hide()
				})
			})
		}, b.win())
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
