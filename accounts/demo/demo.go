// Package demo runs a mailbox to try Tern with, entirely inside the
// process: an IMAP server (go-imap's imapserver over imapmemserver) and an
// SMTP server (go-smtp) on loopback, over TLS with a certificate made at
// start, seeded with the sample messages in assets/demo (Tern's own in
// the person's language). It needs no network, and everything done in it
// is gone when Tern quits.
package demo

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"fmt"
	"io"
	"io/fs"
	"math/big"
	"net"
	"net/mail"
	"path"
	"sort"
	"strings"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapserver"
	"github.com/emersion/go-imap/v2/imapserver/imapmemserver"
	"github.com/emersion/go-sasl"
	gosmtp "github.com/emersion/go-smtp"

	"github.com/tern-mail/tern/accounts"
	"github.com/tern-mail/tern/assets"
)

// The demo account's identity. The password is not a secret: the servers
// listen on loopback only and live as long as the process.
const (
	Address  = "demo@tern.example"
	Name     = "Demo User"
	Username = "demo"
	Password = "demo"
)

// Server is a running demo mailbox.
type Server struct {
	IMAPPort int
	SMTPPort int
	// ClientTLS trusts the servers' certificate (and the system's roots).
	ClientTLS *tls.Config

	user *imapmemserver.User
	imap *imapserver.Server
	smtp *gosmtp.Server
}

// Start runs the demo servers on free loopback ports.
func Start() (*Server, error) {
	cert, pool, err := selfSigned()
	if err != nil {
		return nil, fmt.Errorf("demo: certificate: %w", err)
	}
	srvTLS := &tls.Config{Certificates: []tls.Certificate{cert}}
	s := &Server{ClientTLS: &tls.Config{RootCAs: pool}}

	mem := imapmemserver.New()
	s.user = imapmemserver.NewUser(Username, Password)
	mem.AddUser(s.user)
	for _, name := range []string{"INBOX", "Sent", "Drafts", "Archive", "Junk", "Trash"} {
		if err := s.user.Create(name, nil); err != nil {
			return nil, fmt.Errorf("demo: create %s: %w", name, err)
		}
		s.user.Subscribe(name)
	}
	if err := s.seed(); err != nil {
		return nil, err
	}

	s.imap = imapserver.New(&imapserver.Options{
		NewSession: func(*imapserver.Conn) (imapserver.Session, *imapserver.GreetingData, error) {
			return mem.NewSession(), nil, nil
		},
		Caps:      imap.CapSet{imap.CapIMAP4rev1: {}, imap.CapIMAP4rev2: {}},
		TLSConfig: srvTLS,
		Logger:    discardLogger{},
	})
	il, err := tls.Listen("tcp", "127.0.0.1:0", srvTLS)
	if err != nil {
		return nil, fmt.Errorf("demo: listen: %w", err)
	}
	s.IMAPPort = il.Addr().(*net.TCPAddr).Port
	go s.imap.Serve(il)

	s.smtp = gosmtp.NewServer(gosmtp.BackendFunc(func(*gosmtp.Conn) (gosmtp.Session, error) {
		return &smtpSession{s: s}, nil
	}))
	s.smtp.Domain = "localhost"
	s.smtp.ErrorLog = discardLogger{}
	sl, err := tls.Listen("tcp", "127.0.0.1:0", srvTLS)
	if err != nil {
		il.Close()
		return nil, fmt.Errorf("demo: listen: %w", err)
	}
	s.SMTPPort = sl.Addr().(*net.TCPAddr).Port
	go s.smtp.Serve(sl)
	return s, nil
}

// Close stops the servers.
func (s *Server) Close() error {
	s.smtp.Close()
	return s.imap.Close()
}

// Account is the demo account, pointing at this run's servers.
func (s *Server) Account() accounts.Account {
	return accounts.Account{
		ID: Address, Name: Name, Address: Address, Protocol: accounts.IMAP, Demo: true,
		Incoming: accounts.Server{Host: "localhost", Port: s.IMAPPort, Security: accounts.TLS, Username: Username},
		Outgoing: accounts.Server{Host: "localhost", Port: s.SMTPPort, Security: accounts.TLS, Username: Username},
	}
}

// literal is an in-memory APPEND literal.
type literal struct {
	*bytes.Reader
}

func (l literal) Size() int64 { return int64(l.Reader.Len()) }

// seed appends the sample messages, with dates moved so that the newest
// is from a few minutes ago.
func (s *Server) seed() error {
	files, err := fs.Glob(assets.Demo, "demo/*.eml")
	if err != nil {
		return err
	}
	sort.Strings(files)
	type sample struct {
		folder string
		flags  []imap.Flag
		raw    []byte
		date   time.Time
	}
	var samples []sample
	var newest time.Time
	for _, f := range files {
		raw, err := fs.ReadFile(assets.Demo, f)
		if err != nil {
			return err
		}
		if own, ok := ownMessages[path.Base(f)]; ok {
			subject, text := own()
			raw = rewrite(raw, subject, text)
		}
		parts := strings.Split(strings.TrimSuffix(path.Base(f), ".eml"), "-")
		sm := sample{folder: folderName(parts[0]), raw: raw}
		for _, p := range parts[2:] {
			switch p {
			case "seen":
				sm.flags = append(sm.flags, imap.FlagSeen)
			case "flagged":
				sm.flags = append(sm.flags, imap.FlagFlagged)
			case "draft":
				sm.flags = append(sm.flags, imap.FlagDraft)
			}
		}
		if m, err := mail.ReadMessage(bytes.NewReader(raw)); err == nil {
			sm.date, _ = m.Header.Date()
		}
		if sm.date.After(newest) {
			newest = sm.date
		}
		samples = append(samples, sm)
	}
	shift := time.Until(newest.Add(10 * time.Minute))
	shift = -shift
	for _, sm := range samples {
		raw, date := sm.raw, sm.date
		if !date.IsZero() {
			date = date.Add(shift).Truncate(time.Minute)
			raw = redate(raw, date)
		}
		if _, err := s.user.Append(sm.folder, literal{bytes.NewReader(raw)}, &imap.AppendOptions{Flags: sm.flags, Time: date}); err != nil {
			return fmt.Errorf("demo: seed %s: %w", sm.folder, err)
		}
	}
	return nil
}

func folderName(prefix string) string {
	switch prefix {
	case "inbox":
		return "INBOX"
	case "sent":
		return "Sent"
	case "drafts":
		return "Drafts"
	case "archive":
		return "Archive"
	case "trash":
		return "Trash"
	}
	return "INBOX"
}

// redate replaces the Date header of raw.
func redate(raw []byte, d time.Time) []byte {
	i := bytes.Index(raw, []byte("\r\nDate: "))
	if i < 0 {
		return raw
	}
	j := bytes.Index(raw[i+2:], []byte("\r\n"))
	if j < 0 {
		return raw
	}
	out := append([]byte{}, raw[:i+2]...)
	out = append(out, "Date: "+d.Format(time.RFC1123Z)...)
	return append(out, raw[i+2+j:]...)
}

// smtpSession accepts the demo user's mail: what is sent to the demo
// address comes back to its Inbox; the rest is accepted and dropped.
type smtpSession struct {
	s    *Server
	self bool
}

func (ss *smtpSession) AuthMechanisms() []string { return []string{sasl.Plain} }
func (ss *smtpSession) Auth(string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(_, user, pass string) error {
		if user != Username || pass != Password {
			return &gosmtp.SMTPError{Code: 535, EnhancedCode: gosmtp.EnhancedCode{5, 7, 8}, Message: "wrong demo password"}
		}
		return nil
	}), nil
}
func (ss *smtpSession) Mail(string, *gosmtp.MailOptions) error { return nil }
func (ss *smtpSession) Rcpt(to string, _ *gosmtp.RcptOptions) error {
	if strings.EqualFold(to, Address) {
		ss.self = true
	}
	return nil
}
func (ss *smtpSession) Data(r io.Reader) error {
	raw, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	if ss.self {
		_, err = ss.s.user.Append("INBOX", literal{bytes.NewReader(raw)}, &imap.AppendOptions{Time: time.Now()})
	}
	return err
}
func (ss *smtpSession) Reset()        { ss.self = false }
func (ss *smtpSession) Logout() error { return nil }

// selfSigned makes a certificate for localhost and a pool that trusts it
// (with the system's roots, so nothing else changes).
func selfSigned() (tls.Certificate, *x509.CertPool, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return tls.Certificate{}, nil, err
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(time.Now().UnixNano()),
		Subject:               pkix.Name{CommonName: "Tern demo mailbox"},
		DNSNames:              []string{"localhost"},
		IPAddresses:           []net.IP{net.ParseIP("127.0.0.1")},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().AddDate(1, 0, 0),
		IsCA:                  true,
		BasicConstraintsValid: true,
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return tls.Certificate{}, nil, err
	}
	c, _ := x509.ParseCertificate(der)
	pool, err := x509.SystemCertPool()
	if err != nil || pool == nil {
		pool = x509.NewCertPool()
	}
	pool.AddCert(c)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}, pool, nil
}

// discardLogger keeps the servers quiet.
type discardLogger struct{}

func (discardLogger) Printf(string, ...any) {}
func (discardLogger) Println(...any)        {}
