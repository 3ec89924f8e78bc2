package imap

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"

	"github.com/tern-mail/tern/accounts"
	"github.com/tern-mail/tern/internal/dovecot"
	"github.com/tern-mail/tern/storage"
)

// fixture is a Dovecot with user alice, a store, and alice's account.
type fixture struct {
	srv   *dovecot.Server
	st    *storage.Store
	acct  accounts.Account
	pw    string
	other *imapclient.Client // "another device"
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	return newFixtureWith(t, dovecot.Options{})
}

// newFixtureWith is newFixture with a Dovecot set up as opts say.
func newFixtureWith(t *testing.T, opts dovecot.Options) *fixture {
	t.Helper()
	srv := dovecot.Start(t, opts)
	srv.AddUser(t, "alice", "alice-pw")
	fx := newFixtureOn(t, srv.IMAPSPort, "alice", "alice-pw")
	fx.srv = srv
	return fx
}

// newFixtureOn is a fixture for a user of any IMAPS server on loopback.
func newFixtureOn(t *testing.T, imapsPort int, username, pw string) *fixture {
	t.Helper()
	st, err := storage.Open(filepath.Join(t.TempDir(), storage.FileName))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	acct := accounts.Account{ID: username, Address: username + "@example.org", Protocol: accounts.IMAP,
		Incoming: accounts.Server{Host: "localhost", Port: imapsPort, Security: accounts.TLS, Username: username}}
	if err := st.EnsureAccount(context.Background(), acct.ID, acct.Address); err != nil {
		t.Fatal(err)
	}
	other, err := imapclient.DialTLS(dovecot.Addr(imapsPort), &imapclient.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := other.Login(username, pw).Wait(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { other.Close() })
	return &fixture{st: st, acct: acct, pw: pw, other: other}
}

// msg builds a message; n makes it unique.
func msg(n int, subject, body string) []byte {
	return []byte(fmt.Sprintf("From: Sender %d <s%d@example.com>\r\nTo: alice@example.org\r\nSubject: %s\r\n"+
		"Date: %s\r\nMessage-ID: <m%d-%s@example.com>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n%s\r\n",
		n, n, subject, time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(n)*time.Hour).Format(time.RFC1123Z),
		n, strings.ReplaceAll(subject, " ", "."), body))
}

// appendMsg stores raw in folder as the other device.
func (fx *fixture) appendMsg(t *testing.T, folder string, raw []byte, flags ...imap.Flag) {
	t.Helper()
	cmd := fx.other.Append(folder, int64(len(raw)), &imap.AppendOptions{Flags: flags})
	cmd.Write(raw)
	cmd.Close()
	if _, err := cmd.Wait(); err != nil {
		t.Fatalf("append to %s: %v", folder, err)
	}
}

// sync runs one pass as Tern.
func (fx *fixture) sync(t *testing.T) {
	t.Helper()
	if err := SyncOnce(context.Background(), fx.acct, fx.st, fx.pw, Options{}); err != nil {
		t.Fatalf("sync: %v", err)
	}
}

// dial logs in as Tern on a connection of its own, closed when the test
// ends.
func (fx *fixture) dial(t *testing.T) *Conn {
	t.Helper()
	c, err := Dial(context.Background(), fx.acct.Incoming, fx.pw, Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// local returns the subjects stored in a folder, sorted, with flags.
func (fx *fixture) local(t *testing.T, folder string) []storage.MessageSummary {
	t.Helper()
	f, err := fx.st.FolderByName(context.Background(), fx.acct.ID, folder)
	if err != nil {
		t.Fatalf("folder %s: %v", folder, err)
	}
	l, err := fx.st.ListMessages(context.Background(), storage.ListQuery{FolderIDs: []int64{f.ID}})
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// serverUIDs returns the UIDs and flags in a folder as the other device
// sees them.
func (fx *fixture) server(t *testing.T, folder string) map[string][]imap.Flag {
	t.Helper()
	if _, err := fx.other.Select(folder, nil).Wait(); err != nil {
		t.Fatalf("select %s: %v", folder, err)
	}
	msgs, err := fx.other.Fetch(imap.SeqSet{imap.SeqRange{Start: 1, Stop: 0}}, &imap.FetchOptions{Envelope: true, Flags: true}).Collect()
	if err != nil && !strings.Contains(err.Error(), "Invalid messageset") && !strings.Contains(err.Error(), "No messages") {
		t.Fatalf("fetch %s: %v", folder, err)
	}
	out := map[string][]imap.Flag{}
	for _, m := range msgs {
		out[m.Envelope.Subject] = m.Flags
	}
	return out
}

func hasFlag(fl []imap.Flag, f imap.Flag) bool {
	for _, x := range fl {
		if x == f {
			return true
		}
	}
	return false
}

// commandLog counts the commands a client sends, from its debug output.
// go-imap writes that output from its reader and its writer goroutines
// both, so the log takes turns.
type commandLog struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *commandLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *commandLog) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

func (l *commandLog) commands() []string {
	var out []string
	for _, line := range strings.Split(l.String(), "\r\n") {
		f := strings.Fields(line)
		if len(f) >= 2 && len(f[0]) > 0 && f[0] != "*" && f[0] != "+" && strings.ToUpper(f[1]) == f[1] &&
			f[1] != "OK" && f[1] != "NO" && f[1] != "BAD" && f[1] != "BYE" {
			if f[1] == "UID" && len(f) > 2 {
				out = append(out, "UID "+f[2])
			} else {
				out = append(out, f[1])
			}
		}
	}
	return out
}

// idleWatch tells when the worker is idling: its hook is the worker's
// idling hook, which runs once go-imap's Idle has seen the server's "+"
// continuation (RFC 2177 section 3). Reading the debug output instead
// would mix the client's and the server's bytes, which go-imap writes from
// two goroutines in chunks that need not end at a line.
type idleWatch struct {
	idling chan struct{} // receives once each time IDLE is accepted
}

func newIdleWatch() *idleWatch { return &idleWatch{idling: make(chan struct{}, 16)} }

// hook is the Worker's idling hook.
func (w *idleWatch) hook() {
	select {
	case w.idling <- struct{}{}:
	default:
	}
}

// wait returns once the client is idling, or fails the test.
func (w *idleWatch) wait(t *testing.T) {
	t.Helper()
	select {
	case <-w.idling:
	case <-time.After(time.Minute):
		t.Fatal("the worker never started IDLE")
	}
}
