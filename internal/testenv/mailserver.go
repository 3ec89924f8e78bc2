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

// ServerDir is where every test mail server starts: a directory of its own
// (named after prefix, readable by the server's unprivileged processes,
// removed when the test ends).
func ServerDir(t testing.TB, prefix string) string {
	t.Helper()
	dir, err := os.MkdirTemp("", prefix)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// portTries is how many times StartOnFreePorts chooses ports.
const portTries = 5

// StartOnFreePorts starts a server on four loopback ports that were free a
// moment ago, and returns them. Another process may bind one of them
// between the choice and the server's own bind (on a machine running
// other tests beside these); the server then fails to start or leaves
// that port to the other process, and start is called again with four
// other ports, five times at most. start must leave nothing running when
// it returns an error. The test fails with the last error.
func StartOnFreePorts(t testing.TB, start func(MailPorts) error) MailPorts {
	t.Helper()
	var err error
	for range portTries {
		p, perr := FreePorts(4)
		if perr != nil {
			t.Fatal(perr)
		}
		ports := MailPorts{IMAPPort: p[0], IMAPSPort: p[1], POP3Port: p[2], POP3SPort: p[3]}
		if err = start(ports); err == nil {
			return ports
		}
		t.Logf("server did not start on ports %v, trying others: %v", ports.All(), err)
	}
	t.Fatal(err)
	return MailPorts{}
}
