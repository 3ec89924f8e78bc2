package gui

import (
	"errors"
	"math"
	"regexp"
	"strconv"
	"strings"

	"github.com/tern-mail/tern/accounts"
	"github.com/tern-mail/tern/accounts/autoconfig"
	"github.com/tern-mail/tern/accounts/oauth"
	"github.com/tern-mail/tern/accounts/pop3"
	"github.com/tern-mail/tern/assets/i18n"
)

// problem is what the wizard tells the user when setting up fails: one
// plain sentence, and a link when the provider has a help page for it.
type problem struct {
	Sentence string
	HelpURL  string
}

// explain turns a setup error into a problem; an error it does not know
// is said as it is, after a sentence that something went wrong.
func explain(err error, cfg *autoconfig.Config) problem {
	if p, ok := knownProblem(err, cfg); ok {
		return p
	}
	return problem{i18n.T("explain.unknown", i18n.Args{"Error": err.Error()}), ""}
}

// signInErrors are the sentences for the browser sign-in's errors.
var signInErrors = []struct {
	err error
	id  string
}{
	{oauth.ErrRefused, "explain.oauth.refused"},
	{oauth.ErrTimeout, "explain.oauth.timeout"},
	{oauth.ErrAdminApproval, "explain.oauth.admin_approval"},
	{oauth.ErrAppRejected, "explain.oauth.app_rejected"},
	{oauth.ErrNotConfigured, "explain.oauth.not_configured"},
	{oauth.ErrSendingDisabled, "explain.oauth.sending_disabled"},
	{oauth.ErrMailAccessDisabled, "explain.oauth.mail_access_disabled"},
	{oauth.ErrOffline, "explain.oauth.offline"},
}

// setupErrors are the sentences for the engine's and discovery's errors
// that need nothing more than their kind, in the order they are tried.
var setupErrors = []struct {
	err error
	id  string
}{
	{autoconfig.ErrOffline, "explain.lookup_offline"},
	{autoconfig.ErrNotFound, "explain.not_found"},
	{accounts.ErrServerNotFound, "explain.server_not_found"},
	{accounts.ErrUntrusted, "explain.untrusted"},
	{accounts.ErrNoEncryption, "explain.no_encryption"},
	{accounts.ErrUnreachable, "explain.unreachable"},
}

// knownProblem is explain's problem for the errors it knows; ok is false
// for any other.
func knownProblem(err error, cfg *autoconfig.Config) (p problem, ok bool) {
	help := ""
	needsAppPassword := false
	if cfg != nil {
		help = cfg.HelpURL
		needsAppPassword = strings.Contains(strings.ToLower(cfg.Instruction), "app password")
	}
	for _, e := range signInErrors {
		if errors.Is(err, e.err) {
			return problem{i18n.T(e.id), help}, true
		}
	}
	switch {
	case oauth.IsSignInAgain(err):
		return problem{i18n.T("explain.sign_in_again"), ""}, true
	case errors.Is(err, accounts.ErrTryLater):
		return problem{tryLaterSentence(err), ""}, true
	case errors.Is(err, accounts.ErrTemporary):
		return problem{i18n.T("explain.temporary"), ""}, true
	case errors.Is(err, accounts.ErrAuthFailed) && needsAppPassword:
		return problem{i18n.T("explain.app_password"), help}, true
	case errors.Is(err, accounts.ErrAuthFailed):
		return problem{i18n.T("explain.auth_failed"), help}, true
	}
	for _, e := range setupErrors {
		if errors.Is(err, e.err) {
			return problem{i18n.T(e.id), ""}, true
		}
	}
	if errors.Is(err, accounts.ErrInvalid) {
		return problem{invalidSentence(err), ""}, true
	}
	return problem{}, false
}

// tryLaterSentence says that the server asks to wait between logins,
// and how long when it said (a POP3 server's LOGIN-DELAY).
func tryLaterSentence(err error) string {
	var le *pop3.LoginError
	if !errors.As(err, &le) || le.Delay <= 0 {
		return i18n.T("explain.try_later")
	}
	return i18n.N("explain.try_later.minutes", max(int(math.Ceil(le.Delay.Minutes())), 1))
}

// invalidPatterns read the settings the account's validation refused
// from its error (accounts.Account.Validate), so that the sentence can
// be said in the person's language.
var invalidPatterns = []struct {
	re *regexp.Regexp
	id string
}{
	{regexp.MustCompile(`: (".*") is not an email address$`), "explain.invalid.address"},
	{regexp.MustCompile(`: the incoming server name (".*") is not a host name$`), "explain.invalid.incoming_host"},
	{regexp.MustCompile(`: the outgoing server name (".*") is not a host name$`), "explain.invalid.outgoing_host"},
	{regexp.MustCompile(`: the incoming port (-?\d+) is not between 1 and 65535$`), "explain.invalid.incoming_port"},
	{regexp.MustCompile(`: the outgoing port (-?\d+) is not between 1 and 65535$`), "explain.invalid.outgoing_port"},
	{regexp.MustCompile(`: the number of days to keep mail on the server must be at least 1()$`), "explain.invalid.days"},
}

// invalidSentence asks to check the setting the account's validation
// refused; one it does not know is quoted as the validation said it.
func invalidSentence(err error) string {
	msg := err.Error()
	for _, p := range invalidPatterns {
		m := p.re.FindStringSubmatch(msg)
		if m == nil {
			continue
		}
		v := m[1]
		if u, err := strconv.Unquote(v); err == nil {
			v = u
		}
		return i18n.T(p.id, i18n.Args{"Value": v})
	}
	if i := strings.LastIndex(msg, ": "); i >= 0 {
		msg = msg[i+2:]
	}
	return i18n.T("explain.invalid", i18n.Args{"Problem": msg})
}

// oauthOnly is the sentence for providers Tern cannot sign in to.
func oauthOnly() string { return i18n.T("wizard.oauth_only") }
