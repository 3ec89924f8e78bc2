package pop3

import (
	"bufio"
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"time"

	pop3 "github.com/knadh/go-pop3"

	"github.com/tern-mail/tern/accounts"
)

// Response codes a server may put in brackets after -ERR (RFC 2449 section
// 8, RFC 3206) to say why it refused a login.
const (
	CodeLoginDelay = "LOGIN-DELAY" // RFC 2449 section 8.1.2: logged in too recently
	CodeInUse      = "IN-USE"      // RFC 2449 section 8.1.1: another session holds the mailbox
	CodeSysTemp    = "SYS/TEMP"    // RFC 3206 section 4: a passing server problem
	CodeSysPerm    = "SYS/PERM"    // RFC 3206 section 4: a lasting server problem
	CodeAuth       = "AUTH"        // RFC 3206 section 5: the credentials are wrong
)

// LoginError is a login the server refused. Code is the response code
// ("" when the server gave none: taken as a wrong password, as servers
// without RFC 3206 mean it). Errors.Is tells the kind: accounts.ErrTryLater
// for LOGIN-DELAY and IN-USE, accounts.ErrTemporary for SYS/TEMP,
// accounts.ErrAuthFailed for AUTH or no code.
type LoginError struct {
	Addr, User string
	Code       string
	Text       string        // the server's words after the code
	Delay      time.Duration // LOGIN-DELAY: how long to wait, from CAPA (RFC 2449 section 6.5); 0 if not said
}

func (e *LoginError) Error() string {
	s := fmt.Sprintf("pop3: %s: login as %s: ", e.Addr, e.User)
	if e.Code != "" {
		s += "[" + e.Code + "] "
	}
	s += e.Text
	if k := e.Unwrap(); k != nil {
		s += ": " + k.Error()
	}
	if e.Delay > 0 {
		s += fmt.Sprintf(" (for %s)", e.Delay.Round(time.Second))
	}
	return s
}

// Unwrap returns the kind of refusal, one of the accounts errors, or nil
// for SYS/PERM and codes Tern does not know.
func (e *LoginError) Unwrap() error {
	switch e.Code {
	case CodeLoginDelay, CodeInUse:
		return accounts.ErrTryLater
	case CodeSysTemp:
		return accounts.ErrTemporary
	case CodeAuth, "":
		return accounts.ErrAuthFailed
	}
	return nil
}

// loginError reads the response code out of a refusal (go-pop3 gives the
// text after "-ERR "). For LOGIN-DELAY it asks CAPA, still allowed after a
// failed login (RFC 2449 section 5), how long the delay is.
func loginError(c *pop3.Conn, addr, user string, err error) *LoginError {
	le := &LoginError{Addr: addr, User: user, Text: err.Error()}
	if rest, ok := strings.CutPrefix(le.Text, "["); ok {
		if code, text, ok := strings.Cut(rest, "]"); ok {
			le.Code, le.Text = strings.ToUpper(code), strings.TrimSpace(text)
		}
	}
	if le.Code == CodeLoginDelay && c != nil {
		if capa, err := c.Cmd("CAPA", true); err == nil {
			le.Delay = loginDelay(capa)
		}
	}
	return le
}

// loginDelay finds "LOGIN-DELAY <seconds>" in a CAPA response.
func loginDelay(capa *bytes.Buffer) time.Duration {
	sc := bufio.NewScanner(capa)
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) >= 2 && strings.EqualFold(f[0], "LOGIN-DELAY") {
			if n, err := strconv.Atoi(f[1]); err == nil && n > 0 {
				return time.Duration(n) * time.Second
			}
		}
	}
	return 0
}
