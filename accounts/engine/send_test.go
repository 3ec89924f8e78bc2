package engine

import (
	"context"
	"crypto/tls"
	"errors"
	"io"
	"net"
	"sync"
	"testing"

	"github.com/emersion/go-sasl"
	gosmtp "github.com/emersion/go-smtp"

	"github.com/tern-mail/tern/accounts"
	"github.com/tern-mail/tern/accounts/smtp"
	"github.com/tern-mail/tern/internal/dovecot"
	"github.com/tern-mail/tern/internal/testenv"
	"github.com/tern-mail/tern/storage"
	"github.com/tern-mail/tern/storage/message"
)

// droppingSMTP is a submission server that stores each message and then,
// while drop is set, closes the connection instead of answering "250".
type droppingSMTP struct {
	mu   sync.Mutex
	got  [][]byte
	drop bool
}

type dropSession struct {
	f    *droppingSMTP
	conn *gosmtp.Conn
}

func (s *dropSession) AuthMechanisms() []string { return []string{sasl.Plain} }
func (s *dropSession) Auth(string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(string, string, string) error { return nil }), nil
}
func (s *dropSession) Mail(string, *gosmtp.MailOptions) error { return nil }
func (s *dropSession) Rcpt(string, *gosmtp.RcptOptions) error { return nil }
func (s *dropSession) Reset()                                 {}
func (s *dropSession) Logout() error                          { return nil }
func (s *dropSession) Data(r io.Reader) error {
	b, _ := io.ReadAll(r)
	s.f.mu.Lock()
	s.f.got = append(s.f.got, b)
	drop := s.f.drop
	s.f.mu.Unlock()
	if drop {
		s.conn.Conn().Close()
	}
	return nil
}

func (f *droppingSMTP) set(drop bool) { f.mu.Lock(); f.drop = drop; f.mu.Unlock() }
func (f *droppingSMTP) count() int    { f.mu.Lock(); defer f.mu.Unlock(); return len(f.got) }

// startDropping starts a droppingSMTP over TLS on loopback.
func startDropping(t *testing.T) (*droppingSMTP, int) {
	t.Helper()
	ca, err := testenv.TestCA()
	if err != nil {
		t.Fatal(err)
	}
	f := &droppingSMTP{drop: true}
	srv := gosmtp.NewServer(gosmtp.BackendFunc(func(c *gosmtp.Conn) (gosmtp.Session, error) { return &dropSession{f: f, conn: c}, nil }))
	srv.Domain = "localhost"
	l, err := tls.Listen("tcp", "127.0.0.1:0", &tls.Config{Certificates: []tls.Certificate{ca.ServerCert}})
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(l)
	t.Cleanup(func() { srv.Close() })
	return f, l.Addr().(*net.TCPAddr).Port
}

// outboxOf returns an account's outbox rows by subject.
func outboxOf(t *testing.T, st *storage.Store, accountID string) map[string]storage.Outgoing {
	t.Helper()
	rows, err := st.Outbox(context.Background(), accountID)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]storage.Outgoing{}
	for _, o := range rows {
		out[message.Parse(o.Raw).Subject] = o
	}
	return out
}

func TestUnknownMessageFoundInServerSentIsFiledOnce(t *testing.T) {
	dv := dovecot.Start(t, dovecot.Options{Extra: noArchive})
	dv.AddUser(t, "alice", "alice-pw")
	if err := dv.DeliverMaildir("alice", "Sent", nil, true); err != nil {
		t.Fatal(err)
	}
	f, port := startDropping(t)
	e, m := newEngine(t)
	ctx := context.Background()
	a, err := m.Add(ctx, accounts.Account{Name: "Alice", Address: "alice@example.org", Protocol: accounts.IMAP,
		Incoming: accounts.Server{Host: "localhost", Port: dv.IMAPSPort, Security: accounts.TLS, Username: "alice"},
		Outgoing: accounts.Server{Host: "localhost", Port: port, Security: accounts.TLS, Username: "alice"}}, "alice-pw")
	if err != nil {
		t.Fatal(err)
	}
	if err := e.SyncOnce(ctx, a); err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"Found", "Asked"} {
		if _, err := e.Queue(ctx, a.ID, message.Draft{To: []message.Address{{Email: "bob@example.org"}}, Subject: s, Text: s}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := e.DrainOutbox(ctx, a); !errors.Is(err, smtp.ErrOutcomeUnknown) {
		t.Fatalf("drain = %v", err)
	}
	rows := outboxOf(t, e.st, a.ID)
	if rows["Found"].State != storage.OutboxUnknown || rows["Asked"].State != storage.OutboxUnknown || f.count() != 2 {
		t.Fatalf("after the lost answers: %+v, %d deliveries", rows, f.count())
	}
	// The server's Sent folder gets a copy of one of them (as Gmail's
	// does by itself).
	if err := dv.DeliverMaildir("alice", "Sent", [][]byte{rows["Found"].Raw}, true); err != nil {
		t.Fatal(err)
	}
	f.set(false)
	for range 2 {
		e.DrainOutbox(ctx, a)
	}
	rows = outboxOf(t, e.st, a.ID)
	if _, ok := rows["Found"]; ok || rows["Asked"].State != storage.OutboxUnknown || f.count() != 2 {
		t.Fatalf("after looking in Sent: %+v, %d deliveries", rows, f.count())
	}
	if err := e.SyncOnce(ctx, a); err != nil {
		t.Fatal(err)
	}
	if got := sentSubjects(t, e, a); len(got) != 1 || got[0] != "Found" {
		t.Fatalf("Sent holds %q, want the server's one copy", got)
	}
	// The other waits for the person; Send again sends it, once.
	if err := e.ResendOutgoing(ctx, rows["Asked"].ID); err != nil {
		t.Fatal(err)
	}
	if n, err := e.DrainOutbox(ctx, a); n != 1 || err != nil {
		t.Fatalf("send again: %d %v", n, err)
	}
	if err := e.SyncOnce(ctx, a); err != nil {
		t.Fatal(err)
	}
	if got := sentSubjects(t, e, a); len(got) != 2 || f.count() != 3 {
		t.Fatalf("Sent holds %q after %d deliveries", got, f.count())
	}
}

// sentSubjects lists the subjects in an account's local Sent folder.
func sentSubjects(t *testing.T, e *Engine, a accounts.Account) []string {
	t.Helper()
	ctx := context.Background()
	sent, err := e.st.FolderByName(ctx, a.ID, "Sent")
	if err != nil {
		t.Fatal(err)
	}
	list, err := e.st.ListMessages(ctx, storage.ListQuery{FolderIDs: []int64{sent.ID}})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, m := range list {
		out = append(out, m.Subject)
	}
	return out
}
