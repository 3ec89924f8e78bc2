package cyrus

import (
	"strings"
	"testing"

	"github.com/tern-mail/tern/internal/testenv"
)

func TestStartsWithInboxPrefix(t *testing.T) {
	s := Start(t, Options{})
	c := testenv.DialIMAPS(t, s.IMAPSPort)
	if g := c.Read("*"); !strings.Contains(g, "Cyrus") {
		t.Fatalf("greeting %q", g)
	}
	c.Send("a LOGIN alice pw", "b NAMESPACE")
	if out := c.Read("a"); !strings.Contains(out, "a OK") {
		t.Fatalf("login: %q", out)
	}
	if out := c.Read("b"); !strings.Contains(out, `(("INBOX." "."))`) {
		t.Fatalf("namespace: %q", out)
	}
}
