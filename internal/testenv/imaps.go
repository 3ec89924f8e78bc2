package testenv

import (
	"bufio"
	"crypto/tls"
	"strconv"
	"strings"
	"testing"
	"time"
)

// RawIMAP is a line-level IMAP conversation over implicit TLS with a test
// server on loopback: what the tests of the test servers themselves use,
// below any IMAP library.
type RawIMAP struct {
	t *testing.T
	c *tls.Conn
	r *bufio.Reader
}

// DialIMAPS opens a RawIMAP to the loopback port, closed when the test
// ends. A server that falls silent fails the test after 30 s rather than
// hanging it.
func DialIMAPS(t *testing.T, port int) *RawIMAP {
	t.Helper()
	c, err := tls.Dial("tcp", "127.0.0.1:"+strconv.Itoa(port), &tls.Config{ServerName: "localhost"})
	if err != nil {
		t.Fatalf("IMAPS: %v", err)
	}
	t.Cleanup(func() { c.Close() })
	c.SetDeadline(time.Now().Add(30 * time.Second))
	return &RawIMAP{t: t, c: c, r: bufio.NewReader(c)}
}

// Send writes lines, each ended with CRLF.
func (s *RawIMAP) Send(lines ...string) {
	s.t.Helper()
	for _, l := range lines {
		if _, err := s.c.Write([]byte(l + "\r\n")); err != nil {
			s.t.Fatalf("IMAPS: send %q: %v", l, err)
		}
	}
}

// Read returns what the server says up to and including the line that
// starts with tag ("*" for the greeting), or up to the end of the
// connection.
func (s *RawIMAP) Read(tag string) string {
	var all strings.Builder
	for {
		line, err := s.r.ReadString('\n')
		all.WriteString(line)
		if err != nil || strings.HasPrefix(line, tag+" ") {
			return all.String()
		}
	}
}
