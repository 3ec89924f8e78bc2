package dovecot

import (
	"bufio"
	"crypto/tls"
	"strings"
	"testing"
)

func TestStartsAndGreetsOverTLS(t *testing.T) {
	s := Start(t, Options{})
	s.AddUser(t, "alice", "pw")
	c, err := tls.Dial("tcp", Addr(s.IMAPSPort), &tls.Config{ServerName: "localhost"})
	if err != nil {
		t.Fatalf("IMAPS: %v\n%s", err, s.Log())
	}
	defer c.Close()
	r := bufio.NewReader(c)
	line, _ := r.ReadString('\n')
	if !strings.HasPrefix(line, "* OK") {
		t.Fatalf("greeting %q", line)
	}
	c.Write([]byte("a LOGIN alice pw\r\n"))
	for {
		line, err = r.ReadString('\n')
		if err != nil || strings.HasPrefix(line, "a ") {
			break
		}
	}
	if !strings.HasPrefix(line, "a OK") {
		t.Fatalf("login: %q %v\n%s", line, err, s.Log())
	}
}
