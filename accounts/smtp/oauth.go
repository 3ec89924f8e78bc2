package smtp

import (
	"errors"
	"fmt"
	"strings"

	gosmtp "github.com/emersion/go-smtp"

	"github.com/tern-mail/tern/accounts"
	"github.com/tern-mail/tern/accounts/oauth"
)

// authOAuth presents token with AUTH OAUTHBEARER (RFC 7628) when EHLO
// offers it, else XOAUTH2. The exchange runs under the client's command
// timeout. oauth.SASLClient never answers a 334 with (nil, nil), which
// go-smtp would take for success.
func authOAuth(c *gosmtp.Client, srv accounts.Server, token string) error {
	mech := oauth.Mechanism(c.SupportsAuth)
	if mech == "" {
		return fmt.Errorf("smtp: %s: the server offers no browser sign-in (neither OAUTHBEARER nor XOAUTH2)", srv.Addr())
	}
	sc := oauth.NewSASLClient(mech, srv.Username, token, srv.Host, srv.Port)
	if err := c.Auth(sc); err != nil {
		var se *gosmtp.SMTPError
		if errors.As(err, &se) {
			// Microsoft 365: "535 5.7.139 Authentication unsuccessful,
			// SmtpClientAuthentication is disabled for the Tenant".
			if se.Code == 535 && (se.EnhancedCode == gosmtp.EnhancedCode{5, 7, 139} || strings.Contains(se.Message, "5.7.139")) {
				return fmt.Errorf("smtp: %s: %w: %w", srv.Addr(), err, oauth.ErrSendingDisabled)
			}
			if se.Code >= 500 {
				return sc.Describe(fmt.Errorf("smtp: %s: %s as %s: %v: %w", srv.Addr(), mech, srv.Username, err, accounts.ErrAuthFailed))
			}
		}
		return fmt.Errorf("smtp: %s: %s: %w", srv.Addr(), mech, err)
	}
	return nil
}
