package gui

import (
	"errors"
	"math"
	"regexp"
	"strconv"
	"strings"

	"github.com/tern-mail/tern/accounts"
	"github.com/tern-mail/tern/accounts/autoconfig"
	"github.com/tern-mail/tern/accounts/netwatch"
	"github.com/tern-mail/tern/accounts/oauth"
	"github.com/tern-mail/tern/accounts/pop3"
	"github.com/tern-mail/tern/assets/i18n"
)

// problem is what the window tells the user when something fails: one
// plain sentence, a link when the provider has a help page for it, and
// for an error Tern does not know, the error's own words for Details.
type problem struct {
	Sentence string
	HelpURL  string
	// Details are the error's own words (in English, as Go wrote them)
	// when the sentence cannot say more than that something went wrong:
	// for a Details button, never for the sentence.
	Details string
}

// explain turns an error into a problem. An error it does not know gets
// a sentence that something went wrong, and its own words as Details: a
// status line or a bar never shows "accounts: password for …: …".
func explain(err error, cfg *autoconfig.Config) problem {
	if p, ok := knownProblem(err, cfg); ok {
		return p
	}
	return problem{Sentence: i18n.T("explain.unknown.details"), Details: err.Error()}
}

// explainSetup is explain for the wizard, which says an error it does not
// know as it is, after a sentence that something went wrong: while an
// account is being set up those words are what whoever helps needs.
func explainSetup(err error, cfg *autoconfig.Config) problem {
	if p, ok := knownProblem(err, cfg); ok {
		return p
	}
	return problem{Sentence: i18n.T("explain.unknown", i18n.Args{"Error": err.Error()})}
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
			return problem{Sentence: i18n.T(e.id), HelpURL: help}, true
		}
	}
	if p, ok := serverProblem(err); ok {
		return p, true
	}
	switch {
	case oauth.IsSignInAgain(err):
		return problem{Sentence: i18n.T("explain.sign_in_again")}, true
	case errors.Is(err, accounts.ErrNoPassword):
		return problem{Sentence: i18n.T("explain.no_password")}, true
	case errors.Is(err, accounts.ErrTryLater):
		return problem{Sentence: tryLaterSentence(err)}, true
	case errors.Is(err, accounts.ErrTemporary):
		return problem{Sentence: i18n.T("explain.temporary")}, true
	case errors.Is(err, accounts.ErrAuthFailed):
		return authProblem(cfg, help, needsAppPassword), true
	case errors.Is(err, netwatch.ErrNoNetwork):
		// Before "not found" and "unreachable", which it comes with.
		return problem{Sentence: i18n.T("explain.no_network")}, true
	}
	for _, e := range setupErrors {
		if errors.Is(err, e.err) {
			return problem{Sentence: i18n.T(e.id)}, true
		}
	}
	if errors.Is(err, accounts.ErrInvalid) {
		return problem{Sentence: invalidSentence(err)}, true
	}
	return problem{}, false
}

// authProblem is the problem of a refused password: the provider's own
// app-password steps when it has some (appPasswordSteps), the general
// ones when its settings say it wants an app password, else a plain
// "check it".
func authProblem(cfg *autoconfig.Config, help string, needsAppPassword bool) problem {
	if steps, ok := appPasswordSteps(cfg); ok {
		return problem{Sentence: i18n.T(steps.refused), HelpURL: steps.url}
	}
	if needsAppPassword {
		return problem{Sentence: i18n.T("explain.app_password"), HelpURL: help}
	}
	return problem{Sentence: i18n.T("explain.auth_failed"), HelpURL: help}
}

// providerSteps are what a provider asks before a mail program may sign
// in with a password, in its own words and with the page where it is
// done: the sentence before the password is typed, the one after the
// provider refused a password, and the page.
type providerSteps struct {
	before, refused, url string
}

// appPasswordSteps are the app-password steps of providers whose page
// for it Tern knows, by the domain of their incoming servers.
func appPasswordSteps(cfg *autoconfig.Config) (providerSteps, bool) {
	if cfg == nil || len(cfg.Incoming) == 0 {
		return providerSteps{}, false
	}
	host := strings.ToLower(cfg.Incoming[0].Host)
	for domain, steps := range knownSteps {
		if host == domain || strings.HasSuffix(host, "."+domain) {
			return steps, true
		}
	}
	return providerSteps{}, false
}

// knownSteps are the providers' steps appPasswordSteps knows.
var knownSteps = map[string]providerSteps{
	"gmail.com": {"wizard.app_password.google", "explain.app_password.google", "https://myaccount.google.com/apppasswords"},
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
