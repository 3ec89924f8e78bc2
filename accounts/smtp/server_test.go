package smtp

import (
	"context"
	"crypto/tls"
	"errors"
	"io"
	"net"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/emersion/go-sasl"
	gosmtp "github.com/emersion/go-smtp"

	"github.com/tern-mail/tern/accounts"
	"github.com/tern-mail/tern/internal/testenv"
	"github.com/tern-mail/tern/storage"
)

// fakeSMTP is go-smtp's server with knobs for what can go wrong.
type fakeSMTP struct {
	srv  *gosmtp.Server
	l    net.Listener
	mu   sync.Mutex
	got  []delivery
	auth []string // usernames that logged in

	password   string
	rejectRcpt string // this recipient gets 550
	dataCode   int    // answer DATA with this code (0: accept)
	tempRcpt   string // this recipient gets 451
	// dropAfterData: DATA stores the message, then the connection is
	// closed before the answer.
	dropAfterData bool
	// dataHook, when set, runs after DATA stored the message and before
	// the answer (tests block there).
	dataHook func()
	sessions int // connections made
}

type delivery struct {
	from string
	rcpt []string
	data string
}

type session struct {
	f    *fakeSMTP
	conn *gosmtp.Conn
	from string
	rcpt []string
}

func (s *session) AuthMechanisms() []string { return []string{sasl.Plain} }
func (s *session) Auth(string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(_, user, pass string) error {
		if pass != s.f.password {
			return &gosmtp.SMTPError{Code: 535, EnhancedCode: gosmtp.EnhancedCode{5, 7, 8}, Message: "bad credentials"}
		}
		s.f.mu.Lock()
		s.f.auth = append(s.f.auth, user)
		s.f.mu.Unlock()
		return nil
	}), nil
}
func (s *session) Mail(from string, _ *gosmtp.MailOptions) error { s.from = from; return nil }
func (s *session) Rcpt(to string, _ *gosmtp.RcptOptions) error {
	if to == s.f.tempRcpt {
		return &gosmtp.SMTPError{Code: 451, EnhancedCode: gosmtp.EnhancedCode{4, 3, 0}, Message: "mailbox busy"}
	}
	if to == s.f.rejectRcpt {
		return &gosmtp.SMTPError{Code: 550, EnhancedCode: gosmtp.EnhancedCode{5, 1, 1}, Message: "no such user here"}
	}
	s.rcpt = append(s.rcpt, to)
	return nil
}
func (s *session) Data(r io.Reader) error {
	b, _ := io.ReadAll(r)
	s.f.mu.Lock()
	code := s.f.dataCode
	if code == 0 {
		s.f.got = append(s.f.got, delivery{s.from, s.rcpt, string(b)})
	}
	drop, hook := s.f.dropAfterData, s.f.dataHook
	s.f.mu.Unlock()
	if code != 0 {
		return &gosmtp.SMTPError{Code: code, Message: "try again later"}
	}
	if hook != nil {
		hook()
	}
	if drop {
		s.conn.Conn().Close()
	}
	return nil
}
func (s *session) Reset()        { s.from, s.rcpt = "", nil }
func (s *session) Logout() error { return nil }

// startSMTP starts a fake submission server; tlsMode is "tls", "starttls"
// or "none" (no STARTTLS offered).
func startSMTP(t *testing.T, tlsMode string) (*fakeSMTP, accounts.Server) {
	t.Helper()
	ca, err := testenv.TestCA()
	if err != nil {
		t.Fatal(err)
	}
	f := &fakeSMTP{password: "smtp-pw"}
	f.srv = gosmtp.NewServer(gosmtp.BackendFunc(func(c *gosmtp.Conn) (gosmtp.Session, error) {
		f.mu.Lock()
		f.sessions++
		f.mu.Unlock()
		return &session{f: f, conn: c}, nil
	}))
	f.srv.Domain = "localhost"
	f.srv.AllowInsecureAuth = tlsMode == "none"
	cfg := &tls.Config{Certificates: []tls.Certificate{ca.ServerCert}}
	var l net.Listener
	switch tlsMode {
	case "tls":
		l, err = tls.Listen("tcp", "127.0.0.1:0", cfg)
	case "starttls":
		f.srv.TLSConfig = cfg
		l, err = net.Listen("tcp", "127.0.0.1:0")
	default:
		l, err = net.Listen("tcp", "127.0.0.1:0")
	}
	if err != nil {
		t.Fatal(err)
	}
	f.l = l
	go f.srv.Serve(l)
	t.Cleanup(func() { f.srv.Close() })
	sec := accounts.TLS
	if tlsMode != "tls" {
		sec = accounts.STARTTLS
	}
	return f, accounts.Server{Host: "localhost", Port: l.Addr().(*net.TCPAddr).Port, Security: sec, Username: "alice"}
}

func (f *fakeSMTP) deliveries() []delivery {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]delivery(nil), f.got...)
}

var raw = []byte("From: alice@example.org\r\nTo: bob@example.org\r\nSubject: hi\r\nMessage-ID: <s1@example.org>\r\n\r\nhello\r\n")

func TestSendOverTLSAndSTARTTLS(t *testing.T) {
	for _, mode := range []string{"tls", "starttls"} {
		f, srv := startSMTP(t, mode)
		err := Send(context.Background(), srv, "smtp-pw", "alice@example.org",
			[]string{"bob@example.org", "carol@example.org", "hidden@example.org"}, raw, Options{})
		if err != nil {
			t.Fatalf("%s: %v", mode, err)
		}
		d := f.deliveries()
		if len(d) != 1 || strings.Join(d[0].rcpt, ",") != "bob@example.org,carol@example.org,hidden@example.org" ||
			d[0].data != string(raw) || f.auth[0] != "alice" {
			t.Fatalf("%s: %+v", mode, d)
		}
		err = Send(context.Background(), srv, "wrong", "alice@example.org", []string{"bob@example.org"}, raw, Options{})
		if !errors.Is(err, accounts.ErrAuthFailed) || !Permanent(err) {
			t.Fatalf("%s: wrong password: %v", mode, err)
		}
	}
}

func TestRefusesToSendWithoutSTARTTLS(t *testing.T) {
	f, srv := startSMTP(t, "none")
	err := Send(context.Background(), srv, "smtp-pw", "alice@example.org", []string{"bob@example.org"}, raw, Options{})
	if !errors.Is(err, accounts.ErrNoEncryption) {
		t.Fatalf("Send = %v, want ErrNoEncryption", err)
	}
	if len(f.auth) != 0 || len(f.deliveries()) != 0 {
		t.Fatal("logged in or sent over plain text")
	}
}

func TestRecipientRefusedIsReportedAndOthersGetIt(t *testing.T) {
	f, srv := startSMTP(t, "tls")
	f.rejectRcpt = "nobody@example.org"
	err := Send(context.Background(), srv, "smtp-pw", "alice@example.org", []string{"bob@example.org", "nobody@example.org"}, raw, Options{})
	var rr *RecipientsRefused
	if !errors.As(err, &rr) || rr.Sent != 1 || !strings.Contains(err.Error(), "nobody@example.org (no such user here)") {
		t.Fatalf("Send = %v", err)
	}
	if d := f.deliveries(); len(d) != 1 || len(d[0].rcpt) != 1 {
		t.Fatalf("deliveries %+v", d)
	}
}

// outboxFixture is a store with alice's POP3 account sending through srv.
func outboxFixture(t *testing.T, srv accounts.Server) (*storage.Store, accounts.Account) {
	path := filepath.Join(t.TempDir(), storage.FileName)
	st, err := storage.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	storePaths.Store(st, path)
	t.Cleanup(func() { st.Close() })
	a := accounts.Account{ID: "alice", Address: "alice@example.org", Protocol: accounts.POP3, Outgoing: srv}
	ctx := context.Background()
	st.EnsureAccount(ctx, a.ID, a.Address)
	st.EnsureFolder(ctx, a.ID, "Sent", "/", storage.RoleSent)
	return st, a
}

// storePaths remembers where outboxFixture opened each store.
var storePaths sync.Map

// storePath is the file of a store outboxFixture opened.
func storePath(st *storage.Store) string {
	p, _ := storePaths.Load(st)
	return p.(string)
}

func sentCount(t *testing.T, st *storage.Store) int {
	f, _ := st.FolderByName(context.Background(), "alice", "Sent")
	n, _ := st.CountMessages(context.Background(), f.ID)
	return n
}

func TestOfflineSendGoesOutOnceWhenTheServerIsBack(t *testing.T) {
	f, srv := startSMTP(t, "tls")
	port := srv.Port
	f.srv.Close()
	f.l.Close() // the network is gone
	st, a := outboxFixture(t, srv)
	ctx := context.Background()
	if _, err := st.QueueOutgoing(ctx, a.ID, a.Address, []string{"bob@example.org"}, raw); err != nil {
		t.Fatal(err)
	}
	if n, err := Drain(ctx, a, st, "smtp-pw", Options{}); n != 0 || err == nil || Permanent(err) {
		t.Fatalf("offline drain: %d %v", n, err)
	}
	rows, _ := st.Outbox(ctx, a.ID)
	if len(rows) != 1 || rows[0].State != storage.OutboxQueued || rows[0].Attempts != 1 {
		t.Fatalf("outbox after a failed attempt: %+v", rows)
	}
	// Back online, on the same port.
	f2 := &fakeSMTP{password: "smtp-pw"}
	ca, _ := testenv.TestCA()
	f2.srv = gosmtp.NewServer(gosmtp.BackendFunc(func(*gosmtp.Conn) (gosmtp.Session, error) { return &session{f: f2}, nil }))
	l, err := tls.Listen("tcp", srv.Addr(), &tls.Config{Certificates: []tls.Certificate{ca.ServerCert}})
	if err != nil {
		t.Fatalf("port %d taken meanwhile: %v", port, err)
	}
	go f2.srv.Serve(l)
	defer f2.srv.Close()
	// The backoff says not yet; a user's "send now" resets it.
	st.RetryOutgoing(ctx, rows[0].ID, "", rows[0].NextAttempt.AddDate(-1, 0, 0))
	for i := 0; i < 3; i++ {
		if _, err := Drain(ctx, a, st, "smtp-pw", Options{}); err != nil {
			t.Fatal(err)
		}
	}
	if d := f2.deliveries(); len(d) != 1 {
		t.Fatalf("delivered %d times", len(d))
	}
	if rows, _ := st.Outbox(ctx, a.ID); len(rows) != 0 || sentCount(t, st) != 1 {
		t.Fatalf("outbox %+v, sent %d", rows, sentCount(t, st))
	}
}

func TestCrashAfterAcceptDoesNotResend(t *testing.T) {
	f, srv := startSMTP(t, "tls")
	st, a := outboxFixture(t, srv)
	ctx := context.Background()
	st.QueueOutgoing(ctx, a.ID, a.Address, []string{"bob@example.org"}, raw)
	crash := errors.New("simulated crash")
	if _, err := Drain(ctx, a, st, "smtp-pw", Options{AfterAccept: func() error { return crash }}); !errors.Is(err, crash) {
		t.Fatalf("Drain = %v", err)
	}
	rows, _ := st.Outbox(ctx, a.ID)
	if len(rows) != 1 || rows[0].State != storage.OutboxSent {
		t.Fatalf("after the crash: %+v", rows)
	}
	if _, err := Drain(ctx, a, st, "smtp-pw", Options{}); err != nil {
		t.Fatal(err)
	}
	if d := f.deliveries(); len(d) != 1 {
		t.Fatalf("sent %d times", len(d))
	}
	if rows, _ := st.Outbox(ctx, a.ID); len(rows) != 0 || sentCount(t, st) != 1 {
		t.Fatalf("outbox %+v, sent %d", rows, sentCount(t, st))
	}
}

func TestTransientAndPermanentRefusals(t *testing.T) {
	f, srv := startSMTP(t, "tls")
	st, a := outboxFixture(t, srv)
	ctx := context.Background()
	st.QueueOutgoing(ctx, a.ID, a.Address, []string{"bob@example.org"}, raw)
	f.dataCode = 451
	if _, err := Drain(ctx, a, st, "smtp-pw", Options{}); err == nil || Permanent(err) {
		t.Fatalf("451: %v", err)
	}
	rows, _ := st.Outbox(ctx, a.ID)
	if rows[0].State != storage.OutboxQueued || rows[0].NextAttempt.IsZero() {
		t.Fatalf("after 451: %+v", rows[0])
	}
	f.dataCode = 554
	st.RetryOutgoing(ctx, rows[0].ID, "", rows[0].NextAttempt.AddDate(-1, 0, 0))
	if _, err := Drain(ctx, a, st, "smtp-pw", Options{}); err == nil || !Permanent(err) {
		t.Fatalf("554: %v", err)
	}
	rows, _ = st.Outbox(ctx, a.ID)
	if rows[0].State != storage.OutboxFailed || !strings.Contains(rows[0].LastError, "try again later") {
		t.Fatalf("after 554: %+v", rows[0])
	}
	if n, _ := st.TakeNotices(ctx); len(n) != 1 || n[0].Kind != storage.NoticeNotSent || n[0].AccountID != a.ID || n[0].Subject != "hi" ||
		!strings.Contains(n[0].ServerText, "try again later") {
		t.Fatalf("notices %+v", n)
	}
}
