package courier

import (
	"strings"
	"testing"

	"github.com/tern-mail/tern/internal/testenv"
)

func TestStartsWithInboxPrefix(t *testing.T) {
	s := Start(t, Options{Users: map[string]string{"alice": "alice-pw"}})
	c := testenv.DialIMAPS(t, s.IMAPSPort)
	if g := c.Read("*"); !strings.Contains(g, "Courier-IMAP") {
		t.Fatalf("greeting %q", g)
	}
	c.Send("a LOGIN alice wrong")
	if out := c.Read("a"); !strings.Contains(out, "a NO") {
		t.Fatalf("wrong password accepted: %q", out)
	}
	// One command at a time: Courier's login process does not hand what
	// follows LOGIN to the IMAP server it starts.
	c.Send("b LOGIN alice alice-pw")
	if out := c.Read("b"); !strings.Contains(out, "b OK") {
		t.Fatalf("login: %q", out)
	}
	c.Send("c NAMESPACE")
	if out := c.Read("c"); !strings.Contains(out, `(("INBOX." "."))`) {
		t.Fatalf("namespace: %q", out)
	}
	c.Send("d LIST \"\" \"*\"")
	if out := c.Read("d"); !strings.Contains(out, `"INBOX.Sent"`) {
		t.Fatalf("list: %q", out)
	}
}
