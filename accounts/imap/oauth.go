package imap

import (
	"errors"
	"fmt"

	"github.com/emersion/go-imap/v2"

	"github.com/tern-mail/tern/accounts"
	"github.com/tern-mail/tern/accounts/oauth"
)

// loginOAuth presents token with AUTHENTICATE OAUTHBEARER (RFC 7628) when
// the server offers it, else XOAUTH2. The exchange runs under the dial
// deadline of the connection; Dial closes the connection when it fails.
func (c *Conn) loginOAuth(srv accounts.Server, token string) error {
	caps := c.c.Caps()
	mech := oauth.Mechanism(func(m string) bool { return caps.Has(imap.AuthCap(m)) })
	if mech == "" {
		return fmt.Errorf("imap: %s: the server offers no browser sign-in (neither OAUTHBEARER nor XOAUTH2)", srv.Addr())
	}
	sc := oauth.NewSASLClient(mech, srv.Username, token, srv.Host, srv.Port)
	if err := c.c.Authenticate(sc); err != nil {
		var ie *imap.Error
		if errors.As(err, &ie) && oauth.AccessDisabled(ie.Text) {
			return fmt.Errorf("imap: %s: %v: %w", srv.Addr(), err, oauth.ErrMailAccessDisabled)
		}
		if errors.As(err, &ie) && ie.Type == imap.StatusResponseTypeNo {
			return sc.Describe(fmt.Errorf("imap: %s: %s as %s: %v: %w", srv.Addr(), mech, srv.Username, err, accounts.ErrAuthFailed))
		}
		return fmt.Errorf("imap: %s: %s: %w", srv.Addr(), mech, err)
	}
	return nil
}
