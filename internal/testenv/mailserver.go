package testenv

import (
	"os"
	"testing"
)

// MailPorts are the loopback ports a test mail server listens on.
type MailPorts struct {
	IMAPPort  int // STARTTLS
	IMAPSPort int // implicit TLS
	POP3Port  int // STLS
	POP3SPort int // implicit TLS
}

// All lists the ports, for WaitListening.
func (p MailPorts) All() []int { return []int{p.IMAPPort, p.IMAPSPort, p.POP3Port, p.POP3SPort} }

// ServerDir is how every test mail server starts: a directory of its own
// (named after prefix, readable by the server's unprivileged processes,
// removed when the test ends) and four free loopback ports.
func ServerDir(t testing.TB, prefix string) (dir string, ports MailPorts) {
	t.Helper()
	dir, err := os.MkdirTemp("", prefix)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	p, err := FreePorts(4)
	if err != nil {
		t.Fatal(err)
	}
	return dir, MailPorts{IMAPPort: p[0], IMAPSPort: p[1], POP3Port: p[2], POP3SPort: p[3]}
}
