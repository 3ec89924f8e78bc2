package gui

import (
	"errors"
	"fmt"
	"math"
	"strings"

	"github.com/tern-mail/tern/accounts"
	"github.com/tern-mail/tern/accounts/autoconfig"
	"github.com/tern-mail/tern/accounts/oauth"
	"github.com/tern-mail/tern/accounts/pop3"
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
	for _, e := range signInErrors {
		if errors.Is(err, e) {
			return problem{sentence(e.Error()), help}
		}
	}
	if oauth.IsSignInAgain(err) {
		return problem{"The sign-in is no longer valid. Please sign in again.", ""}
	}
	switch {
	case errors.Is(err, accounts.ErrTryLater):
		return problem{"The mail server asks to wait before logging in again" + waitText(err) +
			". Your password was not the problem: try again then, or close any other mail program using this account.", ""}
	case errors.Is(err, accounts.ErrTemporary):
		return problem{"The mail server has a temporary problem. Your password was not the problem: try again in a few minutes.", ""}
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

// signInErrors are the browser sign-in's errors, each already a sentence.
var signInErrors = []error{oauth.ErrRefused, oauth.ErrTimeout, oauth.ErrAdminApproval, oauth.ErrAppRejected,
	oauth.ErrNotConfigured, oauth.ErrSendingDisabled, oauth.ErrMailAccessDisabled, oauth.ErrOffline}

// sentence starts s with a capital and ends it with a full stop.
func sentence(s string) string {
	if s == "" {
		return s
	}
	s = strings.ToUpper(s[:1]) + s[1:]
	if !strings.HasSuffix(s, ".") {
		s += "."
	}
	return s
}

// waitText says how long a server asked to wait between logins, when it
// said: " (about 15 minutes)".
func waitText(err error) string {
	var le *pop3.LoginError
	if !errors.As(err, &le) || le.Delay <= 0 {
		return ""
	}
	if m := int(math.Ceil(le.Delay.Minutes())); m > 1 {
		return fmt.Sprintf(" (about %d minutes)", m)
	}
	return " (about a minute)"
}

// oauthOnly is the sentence for providers Tern cannot sign in to.
const oauthOnly = "This provider only lets mail programs sign in through its own web page (OAuth2), and this copy of Tern was built without that sign-in for it."
