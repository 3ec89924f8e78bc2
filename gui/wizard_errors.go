package gui

import (
	"errors"
	"strings"

	"github.com/tern-mail/tern/accounts"
	"github.com/tern-mail/tern/accounts/autoconfig"
)

// problem is what the wizard tells the user when setting up fails: one
// plain sentence, and a link when the provider has a help page for it.
type problem struct {
	Sentence string
	HelpURL  string
}

// explain turns a setup error into a problem.
func explain(err error, cfg *autoconfig.Config) problem {
	help := ""
	needsAppPassword := false
	if cfg != nil {
		help = cfg.HelpURL
		needsAppPassword = strings.Contains(strings.ToLower(cfg.Instruction), "app password")
	}
	switch {
	case errors.Is(err, accounts.ErrAuthFailed) && needsAppPassword:
		return problem{"Your provider needs an app password for mail programs: create one in your account's security settings and type it here instead of your usual password.", help}
	case errors.Is(err, accounts.ErrAuthFailed):
		return problem{"The password was not accepted. Check it, and the user name if you changed it, and try again.", help}
	case errors.Is(err, autoconfig.ErrOffline):
		return problem{"Tern could not look up the settings: this computer seems to have no network. Check the internet connection and try again, or enter the settings by hand.", ""}
	case errors.Is(err, autoconfig.ErrNotFound):
		return problem{"Tern could not find the settings for this address. Check the address for typing mistakes, or enter the settings by hand.", ""}
	case errors.Is(err, accounts.ErrServerNotFound):
		return problem{"The mail server's name was not found. Check it for typing mistakes.", ""}
	case errors.Is(err, accounts.ErrUntrusted):
		return problem{"The mail server's security certificate is not trusted, so Tern did not connect. Your provider may use a different server name.", ""}
	case errors.Is(err, accounts.ErrNoEncryption):
		return problem{"The mail server does not offer an encrypted connection, so Tern will not send your password to it.", ""}
	case errors.Is(err, accounts.ErrUnreachable):
		return problem{"Tern could not reach the mail server. Check your internet connection, or try again in a moment.", ""}
	case errors.Is(err, accounts.ErrInvalid):
		msg := err.Error()
		if i := strings.LastIndex(msg, ": "); i >= 0 {
			msg = msg[i+2:]
		}
		return problem{"Please check the settings: " + msg + ".", ""}
	}
	return problem{"Something went wrong: " + err.Error(), ""}
}

// oauthOnly is the sentence for providers Tern cannot sign in to.
const oauthOnly = "This provider only lets mail programs sign in through its own web page (OAuth2), which Tern does not support yet."
