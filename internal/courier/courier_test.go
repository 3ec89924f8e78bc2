package courier

import (
	"bufio"
	"crypto/tls"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestStartsWithInboxPrefix(t *testing.T) {
	s := Start(t, Options{Users: map[string]string{"alice": "alice-pw"}})
	c, err := tls.Dial("tcp", "127.0.0.1:"+strconv.Itoa(s.IMAPSPort), &tls.Config{ServerName: "localhost"})
	if err != nil {
		t.Fatalf("IMAPS: %v", err)
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(30 * time.Second)) // a silent server fails the test
	r := bufio.NewReader(c)
	read := func(tag string) string {
		var all strings.Builder
		for {
			line, err := r.ReadString('\n')
			all.WriteString(line)
			if err != nil || strings.HasPrefix(line, tag+" ") {
				return all.String()
			}
		}
	}
	if g := read("*"); !strings.Contains(g, "Courier-IMAP") {
		t.Fatalf("greeting %q", g)
	}
	c.Write([]byte("a LOGIN alice wrong\r\n"))
	if out := read("a"); !strings.Contains(out, "a NO") {
		t.Fatalf("wrong password accepted: %q", out)
	}
	// One command at a time: Courier's login process does not hand what
	// follows LOGIN to the IMAP server it starts.
	c.Write([]byte("b LOGIN alice alice-pw\r\n"))
	if out := read("b"); !strings.Contains(out, "b OK") {
		t.Fatalf("login: %q", out)
	}
	c.Write([]byte("c NAMESPACE\r\n"))
	if out := read("c"); !strings.Contains(out, `(("INBOX." "."))`) {
		t.Fatalf("namespace: %q", out)
	}
	c.Write([]byte("d LIST \"\" \"*\"\r\n"))
	if out := read("d"); !strings.Contains(out, `"INBOX.Sent"`) {
		t.Fatalf("list: %q", out)
	}
}
