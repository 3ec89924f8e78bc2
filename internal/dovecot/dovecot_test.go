package dovecot

import (
	"strings"
	"testing"

	"github.com/tern-mail/tern/internal/testenv"
)

func TestStartsAndGreetsOverTLS(t *testing.T) {
	s := Start(t, Options{})
	s.AddUser(t, "alice", "pw")
	c := testenv.DialIMAPS(t, s.IMAPSPort)
	if line := c.Read("*"); !strings.HasPrefix(line, "* OK") {
		t.Fatalf("greeting %q\n%s", line, s.Log())
	}
	c.Send("a LOGIN alice pw")
	out := strings.TrimRight(c.Read("a"), "\r\n")
	if last := out[strings.LastIndexByte(out, '\n')+1:]; !strings.HasPrefix(last, "a OK") {
		t.Fatalf("login: %q\n%s", out, s.Log())
	}
}
