package cyrus

import (
	"bufio"
	"crypto/tls"
	"strconv"
	"strings"
	"testing"
)

func TestStartsWithInboxPrefix(t *testing.T) {
	s := Start(t, Options{})
	c, err := tls.Dial("tcp", "127.0.0.1:"+itoa(s.IMAPSPort), &tls.Config{ServerName: "localhost"})
	if err != nil {
		t.Fatalf("IMAPS: %v", err)
	}
	defer c.Close()
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
	if g := read("*"); !strings.Contains(g, "Cyrus") {
		t.Fatalf("greeting %q", g)
	}
	c.Write([]byte("a LOGIN alice pw\r\nb NAMESPACE\r\n"))
	if out := read("a"); !strings.Contains(out, "a OK") {
		t.Fatalf("login: %q", out)
	}
	if out := read("b"); !strings.Contains(out, `(("INBOX." "."))`) {
		t.Fatalf("namespace: %q", out)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }
