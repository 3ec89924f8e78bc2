package oauth_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/tern-mail/tern/accounts"
	"github.com/tern-mail/tern/accounts/imap"
	"github.com/tern-mail/tern/accounts/oauth"
	"github.com/tern-mail/tern/accounts/pop3"
	"github.com/tern-mail/tern/accounts/smtp"
	"github.com/tern-mail/tern/internal/dovecot"
	"github.com/tern-mail/tern/internal/oauthserver"
	"github.com/tern-mail/tern/internal/postfix"
	"github.com/tern-mail/tern/internal/testenv"
)

// follow is the browser: it goes to the sign-in address and back.
func follow(t *testing.T) func(string) error {
	return func(u string) error {
		go func() {
			if _, err := oauthserver.Follow(u); err != nil {
				t.Errorf("browser: %v", err)
			}
		}()
		return nil
	}
}

func issuer(as *oauthserver.Server) oauth.Issuer {
	return oauth.Issuer{Name: "Example", AuthURL: as.AuthURL(), TokenURL: as.TokenURL(),
		ClientID: as.ClientID, Scopes: []string{"mail"}, Hosts: []string{"localhost"}}
}

func signIn(t *testing.T, as *oauthserver.Server, user string, secrets accounts.Secrets) *oauth.Session {
	t.Helper()
	tok, err := oauth.SignIn{Issuer: issuer(as), LoginHint: user, Open: follow(t)}.Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	s := &oauth.Session{Issuer: issuer(as), Store: oauth.Store{Secrets: secrets}, AccountID: "acct-" + user, Address: user + "@example.org"}
	if err := s.Start(context.Background(), tok); err != nil {
		t.Fatal(err)
	}
	return s
}

// logins tries every protocol and security mode with the session's token.
func logins(ctx context.Context, s *oauth.Session, dv *dovecot.Server, pf *postfix.Server) map[string]error {
	srv := func(port int, sec accounts.Security) accounts.Server {
		return accounts.Server{Host: "localhost", Port: port, Security: sec, Username: "alice", Auth: accounts.OAuth2}
	}
	out := map[string]error{}
	out["imap"] = s.Do(ctx, func(tok string) error {
		c, err := imap.Dial(ctx, srv(dv.IMAPPort, accounts.STARTTLS), tok, imap.Options{})
		if err == nil {
			c.Close()
		}
		return err
	})
	out["imaps"] = s.Do(ctx, func(tok string) error {
		c, err := imap.Dial(ctx, srv(dv.IMAPSPort, accounts.TLS), tok, imap.Options{})
		if err == nil {
			c.Close()
		}
		return err
	})
	out["pop3"] = s.Do(ctx, func(tok string) error {
		c, err := pop3.Dial(ctx, srv(dv.POP3Port, accounts.STARTTLS), tok, pop3.Options{})
		if err == nil {
			c.Close()
		}
		return err
	})
	out["pop3s"] = s.Do(ctx, func(tok string) error {
		c, err := pop3.Dial(ctx, srv(dv.POP3SPort, accounts.TLS), tok, pop3.Options{})
		if err == nil {
			c.Close()
		}
		return err
	})
	if pf != nil {
		out["submission"] = s.Do(ctx, func(tok string) error {
			return smtp.Check(ctx, srv(pf.SubmitPort, accounts.STARTTLS), tok, smtp.Options{})
		})
		out["smtps"] = s.Do(ctx, func(tok string) error {
			return smtp.Check(ctx, srv(pf.SMTPSPort, accounts.TLS), tok, smtp.Options{})
		})
	}
	return out
}

func TestTokensWorkWithDovecotAndPostfix(t *testing.T) {
	as := oauthserver.Start(t, "tern-test")
	dv := dovecot.Start(t, dovecot.Options{Extra: postfix.DovecotExtra, OAuth2IntrospectionURL: as.IntrospectURL()})
	pf := postfix.Start(t, dv, "example.org", []string{"alice"})
	ctx := context.Background()
	mem := accounts.NewMemory()
	s := signIn(t, as, "alice", mem)
	check := func(stage string) {
		t.Helper()
		for name, err := range logins(ctx, s, dv, pf) {
			if err != nil {
				t.Errorf("%s: %s: %v\n%s", stage, name, err, dv.Log())
			}
		}
	}
	check("signed in")
	if n := as.Refreshes(); n != 0 {
		t.Errorf("%d refreshes with a fresh token", n)
	}

	// The provider voids the access token early: one refusal, one
	// refresh, one retry.
	as.ExpireAccessTokens("alice")
	check("access token voided")
	if n := as.Refreshes(); n != 1 {
		t.Errorf("%d refreshes after the access token was voided, want 1", n)
	}

	// Expiry with rotation: the clock passes the expiry, the session
	// renews before logging in and saves the new refresh token.
	as.Configure(func(a *oauthserver.Server) { a.Rotate = true })
	before, _ := s.Store.Load(ctx, s.AccountID)
	s.Now = func() time.Time { return time.Now().Add(2 * time.Hour) }
	if _, err := s.Token(ctx); err != nil {
		t.Fatal(err)
	}
	s.Now = nil
	after, _ := s.Store.Load(ctx, s.AccountID)
	if after == before {
		t.Error("rotated refresh token not saved")
	}
	check("rotated")

	// Revoked grant: every login says to sign in again.
	as.Revoke("alice")
	for name, err := range logins(ctx, s, dv, pf) {
		if !oauth.IsSignInAgain(err) {
			t.Errorf("revoked: %s: %v, want sign in again", name, err)
		}
		for _, tok := range as.Issued() {
			if err != nil && strings.Contains(err.Error(), tok) {
				t.Errorf("%s: a token appears in the error", name)
			}
		}
	}
}

// A token Dovecot refuses gets an error challenge, which must be answered
// with 0x01 ("AQ=="), not "=" (bad base64 to Dovecot); the result is a
// plain refusal and the connection is not left hanging.
func TestRefusedTokenAnswersErrorChallenge(t *testing.T) {
	as := oauthserver.Start(t, "tern-test")
	for _, mech := range []string{"oauthbearer", "xoauth2"} {
		t.Run(mech, func(t *testing.T) {
			dv := dovecot.Start(t, dovecot.Options{OAuth2IntrospectionURL: as.IntrospectURL(), OAuth2Mechanisms: mech})
			ctx := context.Background()
			var debug testenv.SafeBuffer
			_, err := imap.Dial(ctx, accounts.Server{Host: "localhost", Port: dv.IMAPSPort, Security: accounts.TLS,
				Username: "alice", Auth: accounts.OAuth2}, "not-a-token", imap.Options{Debug: &debug})
			if !errors.Is(err, accounts.ErrAuthFailed) {
				t.Fatalf("imap: %v, want ErrAuthFailed\n%s\n%s", err, debug.String(), dv.Log())
			}
			if !strings.Contains(debug.String(), "\n+ ") || !strings.Contains(debug.String(), "\nAQ==\r\n") {
				t.Errorf("error challenge not answered with 0x01:\n%s", debug.String())
			}
			if !strings.Contains(debug.String(), "AUTHENTICATE "+strings.ToUpper(mech)) {
				t.Errorf("mechanism not used:\n%s", debug.String())
			}
			_, err = pop3.Dial(ctx, accounts.Server{Host: "localhost", Port: dv.POP3SPort, Security: accounts.TLS,
				Username: "alice", Auth: accounts.OAuth2}, "not-a-token", pop3.Options{})
			if mech == "xoauth2" && !errors.Is(err, accounts.ErrAuthFailed) {
				t.Fatalf("pop3: %v, want ErrAuthFailed\n%s", err, dv.Log())
			}
		})
	}
}
