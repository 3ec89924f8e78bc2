package main

import (
	"context"
	"crypto/tls"
	"io"
	"net"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"

	"github.com/emersion/go-sasl"
	gosmtp "github.com/emersion/go-smtp"

	"github.com/tern-mail/tern/internal/testenv"
	"github.com/tern-mail/tern/storage"
)

// holdingSMTP is a submission server whose DATA, while hold is set, stores
// the message, says so on received, and answers only once released (or
// never, when its client is gone).
type holdingSMTP struct {
	mu       sync.Mutex
	got      []string
	hold     bool
	received chan struct{}
	release  chan struct{}
}

type holdSession struct{ f *holdingSMTP }

func (s holdSession) AuthMechanisms() []string { return []string{sasl.Plain} }
func (s holdSession) Auth(string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(string, string, string) error { return nil }), nil
}
func (s holdSession) Mail(string, *gosmtp.MailOptions) error { return nil }
func (s holdSession) Rcpt(string, *gosmtp.RcptOptions) error { return nil }
func (s holdSession) Reset()                                 {}
func (s holdSession) Logout() error                          { return nil }
func (s holdSession) Data(r io.Reader) error {
	b, _ := io.ReadAll(r)
	s.f.mu.Lock()
	s.f.got = append(s.f.got, string(b))
	hold := s.f.hold
	s.f.mu.Unlock()
	if hold {
		s.f.received <- struct{}{}
		<-s.f.release
	}
	return nil
}

func (f *holdingSMTP) setHold(h bool) { f.mu.Lock(); f.hold = h; f.mu.Unlock() }

// subjects returns how many times each subject was delivered.
func (f *holdingSMTP) subjects() map[string]int {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := map[string]int{}
	for _, d := range f.got {
		for _, l := range strings.Split(d, "\r\n") {
			if s, ok := strings.CutPrefix(l, "Subject: "); ok {
				out[s]++
			}
		}
	}
	return out
}

// startHolding starts a holdingSMTP over TLS on loopback and returns it
// with its port.
func startHolding(t *testing.T) (*holdingSMTP, int) {
	t.Helper()
	ca, err := testenv.TestCA()
	if err != nil {
		t.Fatal(err)
	}
	f := &holdingSMTP{hold: true, received: make(chan struct{}, 4), release: make(chan struct{})}
	srv := gosmtp.NewServer(gosmtp.BackendFunc(func(*gosmtp.Conn) (gosmtp.Session, error) { return holdSession{f}, nil }))
	srv.Domain = "localhost"
	l, err := tls.Listen("tcp", "127.0.0.1:0", &tls.Config{Certificates: []tls.Certificate{ca.ServerCert}})
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(l)
	t.Cleanup(func() {
		close(f.release)
		srv.Close()
	})
	return f, l.Addr().(*net.TCPAddr).Port
}

// senderProfile makes a profile with a POP3 account (its incoming server
// is a closed port) sending through port, for the tern binary.
func senderProfile(t *testing.T, port int) (func(stdin string, args ...string) *exec.Cmd, string) {
	t.Helper()
	closed, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closedPort := closed.Addr().(*net.TCPAddr).Port
	closed.Close()
	dir := t.TempDir()
	tern := ternIn(ternBinary(t), dir)
	out, err := tern("pw\n", "account", "add", "--email", "alice@example.org", "--username", "alice",
		"--protocol", "pop3", "--host", "127.0.0.1", "--port", itoa(int64(closedPort)),
		"--smtp-host", "localhost", "--smtp-port", itoa(int64(port)), "--smtp-security", "tls", "--password-stdin").CombinedOutput()
	if err != nil {
		t.Fatalf("account add: %v\n%s", err, out)
	}
	if strings.Contains(string(out), "keychain is not available") {
		testenv.Missing(t, "a keychain the tern binary can use (run under .ci/keyring-session): %s", out)
	}
	t.Cleanup(func() { tern("", "account", "remove", "alice@example.org").Run() })
	return tern, dir
}

// outboxLines runs tern outbox and returns its lines split in columns.
func outboxLines(t *testing.T, tern func(string, ...string) *exec.Cmd) [][]string {
	t.Helper()
	out, err := tern("", "outbox").Output()
	if err != nil {
		t.Fatalf("tern outbox: %v", err)
	}
	var rows [][]string
	for _, l := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		if l != "" {
			rows = append(rows, strings.Split(l, "\t"))
		}
	}
	return rows
}

func exitCode(err error) int {
	if ee, ok := err.(*exec.ExitError); ok {
		return ee.ExitCode()
	}
	if err != nil {
		return -1
	}
	return 0
}

// TestSendKilledAfterTheDataIsNeverSentAgain kills `tern send` once the
// server holds the whole message and before it answers: the next Tern
// finds the message 'unknown', sends it no more on its own, and files it
// when told it arrived.
func TestSendKilledAfterTheDataIsNeverSentAgain(t *testing.T) {
	f, port := startHolding(t)
	tern, _ := senderProfile(t, port)
	send := tern("Hello\n", "send", "--to", "bob@example.org", "--subject", "Killed", "--body-file", "-")
	if err := send.Start(); err != nil {
		t.Fatal(err)
	}
	<-f.received // the server has the message, "." included
	send.Process.Signal(syscall.SIGKILL)
	send.Wait()
	f.setHold(false)

	rows := outboxLines(t, tern)
	if len(rows) != 1 || rows[0][1] != "unknown" || rows[0][4] != "Killed" || rows[0][5] == "" {
		t.Fatalf("tern outbox after the kill: %q", rows)
	}
	out, err := tern("Second\n", "send", "--to", "bob@example.org", "--subject", "After", "--body-file", "-").CombinedOutput()
	if exitCode(err) != 0 || !strings.Contains(string(out), "Sent from") {
		t.Fatalf("next send: %v %s", err, out)
	}
	tern("", "sync").Run()
	if got := f.subjects(); got["Killed"] != 1 || got["After"] != 1 {
		t.Fatalf("deliveries %v", got)
	}
	if rows := outboxLines(t, tern); len(rows) != 1 || rows[0][1] != "unknown" {
		t.Fatalf("tern outbox: %q", rows)
	}
	if out, err := tern("", "outbox", "--arrived", rows[0][0]).CombinedOutput(); err != nil {
		t.Fatalf("outbox --arrived: %v %s", err, out)
	}
	if rows := outboxLines(t, tern); len(rows) != 0 {
		t.Fatalf("tern outbox after --arrived: %q", rows)
	}
	if out, _ := tern("", "list", "--folder", "Sent").Output(); strings.Count(string(out), "\tKilled\t") != 1 {
		t.Fatalf("Sent: %q", out)
	}
}

// TestTwoSyncProcessesSendOneMessageOnce runs a second `tern sync` on the
// same profile while the first is in the middle of sending the one queued
// message: the second leaves it alone.
func TestTwoSyncProcessesSendOneMessageOnce(t *testing.T) {
	f, port := startHolding(t)
	tern, dir := senderProfile(t, port)
	st, err := storage.Open(filepath.Join(dir, storage.FileName))
	if err != nil {
		t.Fatal(err)
	}
	raw := []byte("From: alice@example.org\r\nTo: bob@example.org\r\nSubject: Once\r\nMessage-ID: <once@example.org>\r\n\r\nHi.\r\n")
	_, err = st.QueueOutgoing(context.Background(), "alice@example.org", "alice@example.org", []string{"bob@example.org"}, raw)
	st.Close()
	if err != nil {
		t.Fatal(err)
	}
	first := tern("", "sync")
	if err := first.Start(); err != nil {
		t.Fatal(err)
	}
	<-f.received
	// While the first process waits for the answer, a second runs a whole
	// pass on the same profile.
	second, _ := tern("", "sync").CombinedOutput()
	f.setHold(false)
	f.release <- struct{}{}
	first.Wait() // its POP3 server is a closed port: it ends in error
	if got := f.subjects(); got["Once"] != 1 {
		t.Fatalf("delivered %d times; the second pass said %s", got["Once"], second)
	}
	if rows := outboxLines(t, tern); len(rows) != 0 {
		t.Fatalf("tern outbox: %q", rows)
	}
}
