package report_test

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/tls"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	gosmtp "github.com/emersion/go-smtp"

	"github.com/tern-mail/tern/accounts"
	"github.com/tern-mail/tern/accounts/imap"
	"github.com/tern-mail/tern/accounts/pop3"
	"github.com/tern-mail/tern/accounts/smtp"
	"github.com/tern-mail/tern/internal/dovecot"
	"github.com/tern-mail/tern/internal/testenv"
	"github.com/tern-mail/tern/storage"
	"github.com/tern-mail/tern/support"
	"github.com/tern-mail/tern/support/report"
)

// The secrets and private pieces the sessions below carry.
const (
	password     = "Pw-7f3a-sEcret-91"
	refreshToken = "1//0gRefresh-Tok3n-5b2e"
	accessToken  = "ya29.Access-Tok3n-c0ffee"
	ana          = "ana.lima@example.org"
	sender       = "carla.sender@example.net"
	recipient    = "dora.recipient@example.com"
	imapBody     = "BODY-MARKER-IMAP-4d1c"
	popBody      = "BODY-MARKER-POP3-77aa"
	smtpBody     = "BODY-MARKER-SMTP-e09b"
	version      = "9.8.7-test"
)

// TestReportHoldsNoSecret runs real sessions with the log kept: an IMAP
// sync over TLS and over STARTTLS and a POP3 check over both against
// Dovecot, and an SMTP send through go-smtp's server with STARTTLS. Then
// it checks the log files and every file of the report for each secret
// planted, and for the pieces that must be there.
func TestReportHoldsNoSecret(t *testing.T) {
	profile := t.TempDir()
	lg := support.NewLog(profile)
	if err := lg.SetKeep(true); err != nil {
		t.Fatal(err)
	}
	old := slog.Default()
	slog.SetDefault(slog.New(lg.Handler()))
	t.Cleanup(func() { slog.SetDefault(old); lg.Close() })

	srv := dovecot.Start(t, dovecot.Options{})
	srv.AddUser(t, "ana", password)
	mail := func(marker string) []byte {
		return []byte("From: Carla <" + sender + ">\r\nTo: " + ana + "\r\nSubject: Subject-Marker-5e\r\nDate: Mon, 02 Nov 2026 10:00:00 +0000\r\n" +
			"Message-ID: <" + marker + "@example.net>\r\n\r\n" + marker + " is in the body\r\n")
	}
	if err := srv.DeliverMaildir("ana", "INBOX", [][]byte{mail(imapBody), mail(popBody)}, false); err != nil {
		t.Fatal(err)
	}
	st, err := storage.Open(filepath.Join(t.TempDir(), storage.FileName))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ctx := context.Background()
	var accts []accounts.Account
	add := func(id string, p accounts.Protocol, port int, sec accounts.Security) accounts.Account {
		a := accounts.Account{ID: id, Address: ana, Protocol: p,
			Incoming: accounts.Server{Host: "localhost", Port: port, Security: sec, Username: "ana"},
			Outgoing: accounts.Server{Host: "localhost", Port: 587, Security: accounts.STARTTLS, Username: ana}}
		if err := st.EnsureAccount(ctx, a.ID, a.Address); err != nil {
			t.Fatal(err)
		}
		if _, err := st.EnsureFolder(ctx, a.ID, "INBOX", "/", storage.RoleInbox); p == accounts.POP3 && err != nil {
			t.Fatal(err)
		}
		accts = append(accts, a)
		return a
	}
	for _, a := range []accounts.Account{add("imaps", accounts.IMAP, srv.IMAPSPort, accounts.TLS),
		add("imap", accounts.IMAP, srv.IMAPPort, accounts.STARTTLS)} {
		if err := imap.SyncOnce(ctx, a, st, password, imap.Options{}); err != nil {
			t.Fatalf("sync %s: %v", a.ID, err)
		}
	}
	for _, a := range []accounts.Account{add("pop3s", accounts.POP3, srv.POP3SPort, accounts.TLS),
		add("pop3", accounts.POP3, srv.POP3Port, accounts.STARTTLS)} {
		if _, err := pop3.Check(ctx, a, st, password, pop3.Options{}); err != nil {
			t.Fatalf("check %s: %v", a.ID, err)
		}
	}
	sendThroughGoSMTP(t, ctx)
	// A failed token refresh as an error might tell it, and a notice.
	slog.Warn("token refresh failed", "account", ana,
		"error", "POST token: refresh_token="+refreshToken+" Authorization: Bearer "+accessToken)
	if err := st.AddNotice(ctx, storage.Notice{AccountID: "imaps", Kind: storage.NoticeNotSent,
		Subject: "Hello", ServerText: "550 <" + recipient + ">: no such user"}); err != nil {
		t.Fatal(err)
	}

	secrets := []string{password, refreshToken, accessToken,
		base64.StdEncoding.EncodeToString([]byte("\x00ana\x00" + password)),
		base64.StdEncoding.EncodeToString([]byte("\x00" + ana + "\x00" + password)),
		imapBody, popBody, smtpBody, ana, sender, recipient, "ana.lima@", "carla.sender", "dora.recipient", "Subject-Marker-5e"}

	// The log on disk, before the report's own check.
	var logText strings.Builder
	for _, p := range lg.Files() {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		logText.Write(data)
	}
	lacks(t, "the log file", logText.String(), secrets)
	holds(t, "the log file", logText.String(), "imap#", "pop3#", "smtp#", "AUTHENTICATE PLAIN "+support.Marker,
		"USER "+support.Marker, "PASS "+support.Marker, "AUTH PLAIN "+support.Marker, "bytes left out", "of a message",
		"localhost:"+fmt.Sprint(srv.IMAPPort), "@example.org")

	ns, err := st.RecentNotices(ctx, report.MaxNotices)
	if err != nil {
		t.Fatal(err)
	}
	var zipped bytes.Buffer
	err = report.Write(&zipped, report.Input{App: report.App{Name: "Tern", Version: version, Build: 3},
		Accounts: accts, Notices: ns, Log: lg, Secrets: []string{password, refreshToken, accessToken}, Now: time.Now()})
	if err != nil {
		t.Fatal(err)
	}
	files := unzip(t, zipped.Bytes())
	for _, name := range []string{"about.txt", "accounts.json", "notices.txt", "events.txt", support.LogFile} {
		if _, ok := files[name]; !ok {
			t.Errorf("the report lacks %s (has %v)", name, keys(files))
		}
	}
	for name, data := range files {
		lacks(t, name, data, secrets)
	}
	holds(t, "about.txt", files["about.txt"], version, "Go: go", "System: ")
	holds(t, "accounts.json", files["accounts.json"], `"host": "localhost"`, "***@example.org", `"security": "starttls"`)
	holds(t, "notices.txt", files["notices.txt"], "kind=not-sent", "***@example.com")
	holds(t, "events.txt", files["events.txt"], "token refresh failed", support.Marker)
}

// lacks fails for every secret found in text.
func lacks(t *testing.T, where, text string, secrets []string) {
	t.Helper()
	for _, s := range secrets {
		if i := strings.Index(text, s); i >= 0 {
			t.Errorf("%s holds %q: …%s…", where, s, text[max(0, i-80):min(len(text), i+len(s)+40)])
		}
	}
}

// holds fails for every piece missing from text.
func holds(t *testing.T, where, text string, pieces ...string) {
	t.Helper()
	for _, p := range pieces {
		if !strings.Contains(text, p) {
			t.Errorf("%s lacks %q:\n%s", where, p, text)
		}
	}
}

func unzip(t *testing.T, data []byte) map[string]string {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, f := range z.File {
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(r)
		r.Close()
		if err != nil {
			t.Fatal(err)
		}
		out[f.Name] = string(b)
	}
	return out
}

func keys(m map[string]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// sendThroughGoSMTP sends a message with a body marker through go-smtp's
// server on loopback (STARTTLS, AUTH PLAIN) and waits for it to arrive.
func sendThroughGoSMTP(t *testing.T, ctx context.Context) {
	t.Helper()
	ca, err := testenv.TestCA()
	if err != nil {
		t.Fatal(err)
	}
	cert, err := ca.CertFor("localhost")
	if err != nil {
		t.Fatal(err)
	}
	got := make(chan string, 1)
	s := gosmtp.NewServer(backend{got: got})
	s.Domain = "localhost"
	s.TLSConfig = &tls.Config{Certificates: []tls.Certificate{cert}}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go s.Serve(l)
	t.Cleanup(func() { s.Close() })
	out := accounts.Server{Host: "localhost", Port: l.Addr().(*net.TCPAddr).Port, Security: accounts.STARTTLS, Username: ana}
	raw := []byte("From: " + ana + "\r\nTo: " + recipient + "\r\nSubject: Hi\r\n\r\n" + smtpBody + "\r\n.dot line\r\n")
	if err := smtp.Send(ctx, out, password, ana, []string{recipient}, raw, smtp.Options{}); err != nil {
		t.Fatal(err)
	}
	if data := <-got; !strings.Contains(data, smtpBody) {
		t.Fatalf("the server got %q", data)
	}
}

// backend is a go-smtp backend that takes one password and passes on
// what it receives.
type backend struct{ got chan<- string }

func (b backend) NewSession(*gosmtp.Conn) (gosmtp.Session, error) { return &session{got: b.got}, nil }

type session struct{ got chan<- string }

func (s *session) AuthMechanisms() []string { return []string{sasl.Plain} }
func (s *session) Auth(string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(_, _, pass string) error {
		if pass != password {
			return errors.New("bad password")
		}
		return nil
	}), nil
}
func (s *session) Mail(string, *gosmtp.MailOptions) error { return nil }
func (s *session) Rcpt(string, *gosmtp.RcptOptions) error { return nil }
func (s *session) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	s.got <- string(b)
	return err
}
func (s *session) Reset()        {}
func (s *session) Logout() error { return nil }
