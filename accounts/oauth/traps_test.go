package oauth_test

import (
	"bufio"
	"context"
	"crypto/tls"
	"errors"
	"io"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/tern-mail/tern/accounts"
	"github.com/tern-mail/tern/accounts/imap"
	"github.com/tern-mail/tern/accounts/oauth"
	"github.com/tern-mail/tern/accounts/pop3"
	"github.com/tern-mail/tern/accounts/smtp"
	"github.com/tern-mail/tern/internal/testenv"
)

// fake runs script on the one TLS connection a client makes to it; the
// script's result arrives on the returned channel.
func fake(t *testing.T, script func(c net.Conn, r *bufio.Reader) string) (int, <-chan string) {
	t.Helper()
	ca, err := testenv.TestCA()
	if err != nil {
		t.Fatal(err)
	}
	ln, err := tls.Listen("tcp", "127.0.0.1:0", &tls.Config{Certificates: []tls.Certificate{ca.ServerCert}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	out := make(chan string, 1)
	go func() {
		c, err := ln.Accept()
		if err != nil {
			out <- err.Error()
			return
		}
		defer c.Close()
		// A guard so a broken client fails the test instead of hanging it.
		c.SetDeadline(time.Now().Add(30 * time.Second))
		out <- script(c, bufio.NewReader(c))
	}()
	return ln.Addr().(*net.TCPAddr).Port, out
}

func oauthServer(port int) accounts.Server {
	return accounts.Server{Host: "localhost", Port: port, Security: accounts.TLS, Username: "alice", Auth: accounts.OAuth2}
}

// go-smtp treats a (nil, nil) answer to a 334 as success; the token's
// client must send a line and see the server's refusal.
func TestSMTPEmptyChallengeIsNotSuccess(t *testing.T) {
	port, done := fake(t, func(c net.Conn, r *bufio.Reader) string {
		io.WriteString(c, "220 fake ESMTP\r\n")
		r.ReadString('\n') // EHLO
		io.WriteString(c, "250-fake\r\n250 AUTH XOAUTH2\r\n")
		l, _ := r.ReadString('\n')
		if !strings.HasPrefix(l, "AUTH XOAUTH2 ") {
			return "got " + l
		}
		io.WriteString(c, "334 \r\n")
		l, err := r.ReadString('\n')
		if err != nil {
			return "no answer to the challenge: " + err.Error()
		}
		io.WriteString(c, "535 5.7.8 Username and Password not accepted\r\n")
		return "answered " + strings.TrimSpace(l)
	})
	err := smtp.Check(context.Background(), oauthServer(port), "tok", smtp.Options{})
	if !errors.Is(err, accounts.ErrAuthFailed) {
		t.Fatalf("err = %v, want ErrAuthFailed", err)
	}
	if got := <-done; got != "answered AQ==" {
		t.Errorf("server saw: %s", got)
	}
}

func TestSMTPSendingDisabledByOrganisation(t *testing.T) {
	port, _ := fake(t, func(c net.Conn, r *bufio.Reader) string {
		io.WriteString(c, "220 fake ESMTP\r\n")
		r.ReadString('\n')
		io.WriteString(c, "250-fake\r\n250 AUTH XOAUTH2\r\n")
		r.ReadString('\n')
		io.WriteString(c, "535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant.\r\n")
		r.ReadString('\n')
		return ""
	})
	err := smtp.Check(context.Background(), oauthServer(port), "tok", smtp.Options{})
	if err == nil || !strings.Contains(err.Error(), "turned off sending from mail programs") {
		t.Fatalf("err = %v", err)
	}
	if errors.Is(err, accounts.ErrAuthFailed) {
		t.Error("a tenant setting is reported as a refused token (it would be retried)")
	}
}

// After a refused AUTHENTICATE the connection is closed, not reused.
func TestIMAPClosesAfterFailedAuthenticate(t *testing.T) {
	port, done := fake(t, func(c net.Conn, r *bufio.Reader) string {
		io.WriteString(c, "* OK [CAPABILITY IMAP4rev1 SASL-IR AUTH=XOAUTH2] fake\r\n")
		l, _ := r.ReadString('\n')
		tag, _, _ := strings.Cut(l, " ")
		io.WriteString(c, tag+" NO [AUTHENTICATIONFAILED] no\r\n")
		if l, err := r.ReadString('\n'); err != io.EOF {
			return "after NO the client sent " + l
		}
		return "closed"
	})
	_, err := imap.Dial(context.Background(), oauthServer(port), "tok", imap.Options{})
	if !errors.Is(err, accounts.ErrAuthFailed) {
		t.Fatalf("err = %v", err)
	}
	if got := <-done; got != "closed" {
		t.Error(got)
	}
}

func TestPOP3ClosesAfterFailedAuth(t *testing.T) {
	port, done := fake(t, func(c net.Conn, r *bufio.Reader) string {
		io.WriteString(c, "+OK fake\r\n")
		if l, _ := r.ReadString('\n'); l != "AUTH XOAUTH2\r\n" {
			return "got " + l
		}
		io.WriteString(c, "+ \r\n")
		r.ReadString('\n')
		io.WriteString(c, "+ eyJzdGF0dXMiOiI0MDEifQ==\r\n")
		if l, _ := r.ReadString('\n'); l != "AQ==\r\n" {
			return "error challenge answered " + l
		}
		io.WriteString(c, "-ERR [AUTH] Authentication failed.\r\n")
		if l, err := r.ReadString('\n'); err != io.EOF {
			return "after -ERR the client sent " + l
		}
		return "closed"
	})
	_, err := pop3.Dial(context.Background(), oauthServer(port), "tok", pop3.Options{})
	if !errors.Is(err, accounts.ErrAuthFailed) || !strings.Contains(err.Error(), "401") {
		t.Fatalf("err = %v", err)
	}
	if got := <-done; got != "closed" {
		t.Error(got)
	}
}

// A server that never answers AUTH cannot hang a login: each protocol gives
// up at its deadline (here made short).
func TestAuthExchangeHasDeadline(t *testing.T) {
	silent := func(greeting, ehlo string) func(net.Conn, *bufio.Reader) string {
		return func(c net.Conn, r *bufio.Reader) string {
			io.WriteString(c, greeting)
			if ehlo != "" {
				r.ReadString('\n')
				io.WriteString(c, ehlo)
			}
			r.ReadString('\n') // AUTH…, never answered
			r.ReadString('\n') // until the client gives up
			return ""
		}
	}
	short := accounts.Timeouts{DialTimeout: 300 * time.Millisecond, CommandTimeout: 300 * time.Millisecond}
	ctx := context.Background()
	port, _ := fake(t, silent("* OK [CAPABILITY IMAP4rev1 SASL-IR AUTH=OAUTHBEARER] fake\r\n", ""))
	if _, err := imap.Dial(ctx, oauthServer(port), "tok", imap.Options{Timeouts: short}); err == nil {
		t.Error("imap: login succeeded against a silent server")
	}
	port, _ = fake(t, silent("+OK fake\r\n", ""))
	if _, err := pop3.Dial(ctx, oauthServer(port), "tok", pop3.Options{Timeouts: short}); err == nil {
		t.Error("pop3: login succeeded against a silent server")
	}
	port, _ = fake(t, silent("220 fake\r\n", "250-fake\r\n250 AUTH OAUTHBEARER\r\n"))
	if err := smtp.Check(ctx, oauthServer(port), "tok", smtp.Options{Timeout: 300 * time.Millisecond}); err == nil {
		t.Error("smtp: login succeeded against a silent server")
	}
}

// A mailbox closed to IMAP or POP is said so, not taken for a bad token
// (which would be renewed and retried).
func TestMailAccessDisabled(t *testing.T) {
	port, _ := fake(t, func(c net.Conn, r *bufio.Reader) string {
		io.WriteString(c, "* OK [CAPABILITY IMAP4rev1 SASL-IR AUTH=XOAUTH2] fake\r\n")
		l, _ := r.ReadString('\n')
		tag, _, _ := strings.Cut(l, " ")
		io.WriteString(c, tag+" NO [ALERT] Your account is not enabled for IMAP use.\r\n")
		r.ReadString('\n')
		return ""
	})
	_, err := imap.Dial(context.Background(), oauthServer(port), "tok", imap.Options{})
	if !errors.Is(err, oauth.ErrMailAccessDisabled) || errors.Is(err, accounts.ErrAuthFailed) {
		t.Fatalf("imap: %v", err)
	}
	port, _ = fake(t, func(c net.Conn, r *bufio.Reader) string {
		io.WriteString(c, "+OK fake\r\n")
		r.ReadString('\n')
		io.WriteString(c, "+ \r\n")
		r.ReadString('\n')
		io.WriteString(c, "-ERR [SYS/PERM] Your account is not enabled for POP access.\r\n")
		r.ReadString('\n')
		return ""
	})
	_, err = pop3.Dial(context.Background(), oauthServer(port), "tok", pop3.Options{})
	if !errors.Is(err, oauth.ErrMailAccessDisabled) || errors.Is(err, accounts.ErrAuthFailed) {
		t.Fatalf("pop3: %v", err)
	}
}
