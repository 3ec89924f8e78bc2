package gui

import (
	"context"
	"net/url"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/tern-mail/tern/accounts"
	"github.com/tern-mail/tern/accounts/autoconfig"
	"github.com/tern-mail/tern/assets/i18n"
)

// BrowserSignIn is what the wizard asks of the engine for providers that
// sign in on their own web page (Microsoft, Google).
type BrowserSignIn interface {
	// OAuthProvider names the provider whose web page signs address in,
	// and whether this build of Tern can do it; it needs no network.
	OAuthProvider(address string) (name string, usable bool)
	// SignInAccount opens the sign-in page with open, waits for the
	// browser to come back (until ctx ends), tries the servers and saves
	// the account.
	SignInAccount(ctx context.Context, a accounts.Account, open func(string) error) (accounts.Account, error)
}

// signInSentence says what the browser sign-in button will do.
func signInSentence(provider string) string {
	return i18n.T("wizard.oauth.info", i18n.Args{"Provider": provider})
}

// notBuiltSentence says honestly that this build cannot sign in with the
// provider, and, in a paragraph of its own, that Tern from the official
// download can.
func notBuiltSentence(provider string) string {
	return i18n.T("wizard.oauth.not_built", i18n.Args{"Provider": provider}) + "\n\n" +
		i18n.T("wizard.oauth.official_download", i18n.Args{"Provider": provider})
}

// emailChanged adapts screen 1 to the address typed: a "Sign in with …"
// button instead of the password for providers that sign in on their web
// page, and a provider's app-password steps before the password is typed.
func (w *wizard) emailChanged(address string) {
	address = strings.TrimSpace(address)
	w.provider = ""
	name, usable := "", false
	if bs, ok := w.setup.(BrowserSignIn); ok && strings.Contains(address, "@") {
		name, usable = bs.OAuthProvider(address)
	}
	cfg, known := autoconfig.Builtin(address)
	switch {
	case name != "" && usable:
		w.provider = name
		w.oauthBtn.SetText(i18n.T("wizard.oauth.button", i18n.Args{"Provider": name}))
		w.oauthInfo.SetText(signInSentence(name))
		w.passwordBox.Hide()
		w.appPassword.Hide()
		w.appPasswordLink.Hide()
		w.continueBtn.Hide()
		w.oauthBox.Show()
	case name == "Microsoft":
		// No fallback: Microsoft takes no passwords from mail programs.
		// Not a dead end either: another address is a tap away.
		w.oauthBox.Hide()
		w.passwordBox.Hide()
		w.continueBtn.Hide()
		w.appPassword.SetText(notBuiltSentence(name))
		w.appPassword.Show()
		w.appPasswordLink.Hide()
		w.otherAddress.Show()
		w.content.Refresh()
		return
	default:
		w.oauthBox.Hide()
		w.passwordBox.Show()
		w.continueBtn.Show()
		w.showSteps(cfg, known)
	}
	w.otherAddress.Hide()
	w.content.Refresh()
}

// showSteps shows, before the password is typed, what the provider asks
// first (an app password, access for mail programs), with the page where
// it is done as a link.
func (w *wizard) showSteps(cfg *autoconfig.Config, known bool) {
	if !known || cfg.Instruction == "" {
		w.appPassword.Hide()
		w.appPasswordLink.Hide()
		return
	}
	text := i18n.T("wizard.before_password", i18n.Args{"Instruction": instruction(cfg.Instruction)})
	link := cfg.HelpURL
	if steps, ok := appPasswordSteps(cfg); ok {
		text, link = i18n.T(steps.before), steps.url
	}
	w.appPassword.SetText(text)
	w.appPassword.Show()
	if u, err := url.Parse(link); err == nil && link != "" {
		w.appPasswordLink.SetText(i18n.T("wizard.app_password_link"))
		w.appPasswordLink.SetURL(u)
		w.appPasswordLink.Show()
	} else {
		w.appPasswordLink.Hide()
	}
}

// useOtherAddress empties the address for another one, keeping the name.
func (w *wizard) useOtherAddress() {
	w.email.SetText("")
	if w.canvas != nil {
		w.canvas.Focus(w.email)
	}
}

// buildSignInParts makes screen 1's sign-in widgets once.
func (w *wizard) buildSignInParts() {
	w.oauthInfo = wrapped("")
	w.oauthBtn = newIconButton(i18n.T("wizard.sign_in"), theme.LoginIcon(), w.browserSignIn)
	w.oauthBtn.Importance = widget.HighImportance
	w.cancelBtn = newIconButton(i18n.T("wizard.cancel"), theme.CancelIcon(), func() {
		if w.cancelSignIn != nil {
			w.cancelSignIn()
		}
	})
	w.cancelBtn.Hide()
	w.oauthBox = container.NewVBox(w.oauthInfo, container.NewHBox(layout.NewSpacer(), w.cancelBtn, w.oauthBtn))
	w.oauthBox.Hide()
	w.appPassword = wrapped("")
	w.appPassword.Hide()
	w.appPasswordLink = widget.NewHyperlink("", nil)
	w.appPasswordLink.Hide()
	w.otherAddress = newDialogButton(i18n.T("wizard.other_address"), w.useOtherAddress)
	w.otherAddress.Icon = theme.NavigateBackIcon()
	w.otherAddress.Hide()
}

// browserSignIn adds the account through the provider's web page, with
// Cancel while Tern waits for the browser.
func (w *wizard) browserSignIn() {
	address := strings.TrimSpace(w.email.Text)
	cfg, ok := autoconfig.Builtin(address)
	bs, ok2 := w.setup.(BrowserSignIn)
	if !ok || !ok2 {
		w.say(problem{Sentence: i18n.T("wizard.no_settings")})
		return
	}
	proto := "imap"
	if !cfg.Has("imap") {
		proto = "pop3"
	}
	a, err := cfg.Account(strings.TrimSpace(w.name.Text), address, proto)
	if err != nil {
		w.say(explainSetup(err, cfg))
		return
	}
	ctx, cancel := context.WithCancel(context.Background())
	w.cancelSignIn = cancel
	w.busy(i18n.T("wizard.oauth.waiting", i18n.Args{"Provider": w.provider}))
	w.oauthBtn.Disable()
	w.cancelBtn.Show()
	open := w.openURL
	w.bg(func() {
		defer cancel()
		saved, err := bs.SignInAccount(ctx, a, open)
		fyne.Do(func() {
			w.idle()
			w.oauthBtn.Enable()
			w.cancelBtn.Hide()
			w.cancelSignIn = nil
			if err != nil {
				if ctx.Err() == context.Canceled {
					w.say(problem{Sentence: i18n.T("wizard.oauth.cancelled")})
					return
				}
				w.say(explainSetup(err, cfg))
				return
			}
			w.status.SetText("")
			w.onDone(saved)
		})
	})
}

// openURL opens the sign-in page in the system browser.
func (w *wizard) openURL(u string) error {
	parsed, err := url.Parse(u)
	if err != nil {
		return err
	}
	if w.opener != nil {
		return w.opener(parsed)
	}
	fyne.Do(func() { fyne.CurrentApp().OpenURL(parsed) })
	return nil
}
