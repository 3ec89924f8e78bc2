package oauth

import (
	"errors"
	"fmt"
	"strings"

	"github.com/tern-mail/tern/accounts"
	"github.com/tern-mail/tern/assets/i18n"
)

// Sign-in errors, each a sentence the window and the command line show as
// they are.
var (
	// ErrRefused: the user said no on the provider's page.
	ErrRefused = errors.New("you did not give Tern permission to read and send your mail")
	// ErrTimeout: the browser never came back.
	ErrTimeout = errors.New("the sign-in page timed out; please try again")
	// ErrAdminApproval: the organisation must approve Tern first.
	ErrAdminApproval = errors.New("your organisation needs an administrator to approve Tern before you can sign in")
	// ErrAppRejected: the provider does not accept this build of Tern.
	ErrAppRejected = errors.New("the provider rejected Tern itself; this is a problem in Tern, not in your account")
	// ErrNotConfigured: this build has no client ID for the provider.
	ErrNotConfigured = errors.New("this copy of Tern was built without browser sign-in for this provider")
	// ErrOffline: the provider could not be reached to renew the sign-in;
	// nothing is wrong with the account.
	ErrOffline = errors.New("the sign-in service could not be reached")
	// ErrSendingDisabled: Microsoft 365 answers 535 5.7.139 when the
	// organisation turned off SMTP AUTH.
	ErrSendingDisabled = errors.New("your organisation has turned off sending from mail programs for this mailbox; ask its administrator to allow SMTP sign-in")
	// ErrMailAccessDisabled: the token is good but the mailbox does not
	// allow IMAP or POP.
	ErrMailAccessDisabled = errors.New("IMAP or POP is switched off for this mailbox; turn it on in the provider's mail settings")
	// ErrNotSignedIn: there is no sign-in stored for the account.
	ErrNotSignedIn = errors.New("no sign-in is stored for this account")
)

// SignInAgainError says that an account's grant is gone (revoked, expired,
// password changed) and the user has to sign in in the browser again.
type SignInAgainError struct {
	Address string
	// Reason is the provider's own description, for logs.
	Reason string
}

func (e *SignInAgainError) Error() string {
	return fmt.Sprintf("Tern needs you to sign in again to %s: run tern account signin %s", e.Address, e.Address)
}

// Wordings are the words of the sign-in errors for a person (see
// accounts.Say).
var Wordings = []accounts.Wording{
	accounts.Word(ErrRefused, "oauth.error.refused"),
	accounts.Word(ErrTimeout, "oauth.error.timeout"),
	accounts.Word(ErrAdminApproval, "oauth.error.admin_approval"),
	accounts.Word(ErrAppRejected, "oauth.error.app_rejected"),
	accounts.Word(ErrNotConfigured, "oauth.error.not_configured"),
	accounts.Word(ErrOffline, "oauth.error.offline"),
	accounts.Word(ErrSendingDisabled, "oauth.error.sending_disabled"),
	accounts.Word(ErrMailAccessDisabled, "oauth.error.mail_access_disabled"),
	accounts.Word(ErrNotSignedIn, "oauth.error.not_signed_in"),
	{Example: &SignInAgainError{Address: "alice@example.org"}, Find: signInAgainWords},
}

// signInAgainWords is the Wording of a SignInAgainError.
func signInAgainWords(err error) (string, string, bool) {
	var s *SignInAgainError
	if !errors.As(err, &s) {
		return "", "", false
	}
	return s.Error(), i18n.T("oauth.error.sign_in_again", i18n.Args{"Address": s.Address}), true
}

// IsSignInAgain reports whether err means the account must sign in again.
func IsSignInAgain(err error) bool {
	var s *SignInAgainError
	return errors.As(err, &s)
}

// AccessDisabled reports whether a server's refusal says that the
// mailbox is closed to IMAP or POP rather than that the token is bad:
// Gmail's "Your account is not enabled for IMAP use", Microsoft's "User is
// authenticated but not connected".
func AccessDisabled(text string) bool {
	t := strings.ToLower(text)
	return strings.Contains(t, "not enabled for imap") || strings.Contains(t, "not enabled for pop") ||
		strings.Contains(t, "authenticated but not connected")
}

// authorizeError maps the error a provider sends back to the redirect
// (RFC 6749 section 4.1.2.1) to one of the errors above.
func authorizeError(code, desc string) error {
	d := strings.ToUpper(desc)
	switch {
	// AADSTS65001: consent not granted; AADSTS90094/90095: admin consent
	// required.
	case strings.Contains(d, "AADSTS90094"), strings.Contains(d, "AADSTS90095"),
		strings.Contains(d, "ADMIN") && (strings.Contains(d, "APPROV") || strings.Contains(d, "CONSENT")):
		return fmt.Errorf("oauth: %s: %s: %w", code, desc, ErrAdminApproval)
	case code == "access_denied", code == "consent_required":
		return fmt.Errorf("oauth: %s: %s: %w", code, desc, ErrRefused)
	case code == "unauthorized_client", code == "invalid_client", code == "invalid_scope",
		code == "unsupported_response_type", strings.Contains(d, "AADSTS700016"), strings.Contains(d, "AADSTS50011"):
		return fmt.Errorf("oauth: %s: %s: %w", code, desc, ErrAppRejected)
	}
	return fmt.Errorf("oauth: the provider reported %s: %s", code, desc)
}
