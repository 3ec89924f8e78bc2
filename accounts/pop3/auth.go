package pop3

import (
	"bufio"
	"encoding/base64"
	"fmt"
	"net"
	"strings"

	"github.com/tern-mail/tern/accounts"
	"github.com/tern-mail/tern/accounts/oauth"
)

// authenticate hands the protected connection c to go-pop3. For a
// browser sign-in it first presents the token with AUTH XOAUTH2, which
// go-pop3 v1.0.0 cannot send. greeted says whether the greeting was already
// read (before STLS); go-pop3 is given one to read either way. Every read
// and write runs under the dial deadline of the connection.
func (d *dialer) authenticate(c net.Conn, greeted bool) (net.Conn, error) {
	greeting := "+OK ready after STLS\r\n"
	if d.srv.Auth != accounts.OAuth2 {
		if greeted {
			return &greetingConn{Conn: c, pending: []byte(greeting)}, nil
		}
		return c, nil
	}
	r := bufio.NewReader(c)
	if !greeted {
		line, err := r.ReadString('\n')
		if err != nil || !strings.HasPrefix(line, "+OK") {
			c.Close()
			return nil, fmt.Errorf("pop3: %s: greeting %q: %v: %w", d.srv.Addr(), strings.TrimSpace(line), err, accounts.ErrUnreachable)
		}
		greeting = line
	}
	if err := xoauth2(c, r, d.srv.Username, d.token); err != nil {
		c.Close() // a failed AUTH leaves nothing worth keeping
		d.authErr = fmt.Errorf("pop3: %s: XOAUTH2 as %s: %w", d.srv.Addr(), d.srv.Username, err)
		return nil, d.authErr
	}
	if r.Buffered() > 0 {
		c.Close()
		return nil, fmt.Errorf("pop3: %s: the server sent more than asked after AUTH", d.srv.Addr())
	}
	return &greetingConn{Conn: c, pending: []byte(greeting)}, nil
}

// xoauth2 runs AUTH XOAUTH2 in the two-line form (RFC 5034 section 4): the
// command, the server's empty "+ " challenge, then the initial response.
// An error challenge is answered with 0x01 as in the other protocols, and
// the server's -ERR that follows is a refused token.
func xoauth2(c net.Conn, r *bufio.Reader, user, token string) error {
	if _, err := c.Write([]byte("AUTH " + oauth.XOAuth2 + "\r\n")); err != nil {
		return fmt.Errorf("AUTH: %v: %w", err, accounts.ErrUnreachable)
	}
	line, err := r.ReadString('\n')
	if err != nil {
		return fmt.Errorf("AUTH: %v: %w", err, accounts.ErrUnreachable)
	}
	if !strings.HasPrefix(line, "+ ") && strings.TrimRight(line, "\r\n") != "+" {
		return fmt.Errorf("AUTH XOAUTH2 not accepted (%s)", strings.TrimSpace(line))
	}
	sc := oauth.NewSASLClient(oauth.XOAuth2, user, token, "", 0)
	_, ir, _ := sc.Start()
	if _, err := c.Write([]byte(base64.StdEncoding.EncodeToString(ir) + "\r\n")); err != nil {
		return fmt.Errorf("AUTH: %v: %w", err, accounts.ErrUnreachable)
	}
	for range 2 {
		line, err = r.ReadString('\n')
		if err != nil {
			return fmt.Errorf("AUTH: %v: %w", err, accounts.ErrUnreachable)
		}
		line = strings.TrimRight(line, "\r\n")
		switch {
		case strings.HasPrefix(line, "+OK"):
			return nil
		case strings.HasPrefix(line, "-ERR") && oauth.AccessDisabled(line):
			return fmt.Errorf("%s: %w", line, oauth.ErrMailAccessDisabled)
		case strings.HasPrefix(line, "-ERR"):
			return sc.Describe(fmt.Errorf("%s: %w", line, accounts.ErrAuthFailed))
		case strings.HasPrefix(line, "+ "):
			ch, _ := base64.StdEncoding.DecodeString(strings.TrimPrefix(line, "+ "))
			resp, _ := sc.Next(ch)
			if _, err := c.Write([]byte(base64.StdEncoding.EncodeToString(resp) + "\r\n")); err != nil {
				return fmt.Errorf("AUTH: %v: %w", err, accounts.ErrUnreachable)
			}
		default:
			return fmt.Errorf("AUTH: unexpected answer %q", line)
		}
	}
	return fmt.Errorf("AUTH: no end to the exchange: %w", accounts.ErrAuthFailed)
}
