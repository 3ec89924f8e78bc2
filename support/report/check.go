package report

import (
	"bytes"
	"encoding/base64"
	"regexp"
	"strings"

	"github.com/tern-mail/tern/accounts"
	"github.com/tern-mail/tern/support"
)

// checker is the last look at every file before it goes into the zip:
// the log was written redacted, but what it missed is caught here.
type checker struct {
	secrets []string // known secrets and their usual encodings
}

// minSecret is the shortest secret looked for: shorter ones would match
// ordinary words.
const minSecret = 4

// newChecker looks for secrets, the PLAIN and LOGIN encodings of each
// with every login name, and the logins themselves.
func newChecker(secrets []string, accts []accounts.Account) *checker {
	c := &checker{}
	var users []string
	for _, a := range accts {
		users = append(users, a.Incoming.Username, a.Outgoing.Username)
	}
	for _, s := range secrets {
		if len(s) < minSecret {
			continue
		}
		c.add(s)
		c.add(b64(s))
		for _, u := range users {
			c.add(b64("\x00" + u + "\x00" + s))
			c.add(b64(u + "\x00" + u + "\x00" + s))
			c.add(b64("user=" + u + "\x01auth=Bearer " + s + "\x01\x01"))
		}
	}
	return c
}

func (c *checker) add(s string) {
	if len(s) >= minSecret {
		c.secrets = append(c.secrets, s)
	}
}

func b64(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }

// commandRE matches credential commands whose arguments are still there:
// LOGIN, USER, PASS, APOP, and AUTH or AUTHENTICATE with an initial
// response.
var commandRE = regexp.MustCompile(`\b(LOGIN|USER|PASS|APOP|AUTH(?:ENTICATE)? [A-Z0-9_-]+) ([^\s\[][^\r\n]*)`)

// clean returns data with every known secret, credential command,
// address and token left out.
func (c *checker) clean(data []byte) []byte {
	s := string(data)
	for _, secret := range c.secrets {
		s = strings.ReplaceAll(s, secret, support.Marker)
	}
	s = commandRE.ReplaceAllString(s, "$1 "+support.Marker)
	var b bytes.Buffer
	for _, line := range strings.SplitAfter(s, "\n") {
		b.WriteString(support.Scrub(line))
	}
	return b.Bytes()
}
