package pop3

import (
	"context"
	"errors"
	"strconv"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"

	"github.com/tern-mail/tern/accounts"
	"github.com/tern-mail/tern/internal/courier"
	"github.com/tern-mail/tern/internal/cyrus"
)

// cyrusWith starts Cyrus with n messages in bob's Inbox, put there over
// IMAP.
func cyrusWith(t *testing.T, n int, opts cyrus.Options) *cyrus.Server {
	t.Helper()
	srv := cyrus.Start(t, opts)
	c, err := imapclient.DialTLS("127.0.0.1:"+strconv.Itoa(srv.IMAPSPort), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.Login("bob", "bob-pw").Wait(); err != nil {
		t.Fatal(err)
	}
	for i := 1; i <= n; i++ {
		raw := testMsg(i)
		cmd := c.Append("INBOX", int64(len(raw)), &imap.AppendOptions{})
		cmd.Write([]byte(raw))
		cmd.Close()
		if _, err := cmd.Wait(); err != nil {
			t.Fatal(err)
		}
	}
	return srv
}

// POP3 from Cyrus over POP3S and STLS, twice: nothing twice.
func TestCyrusPOP3TwiceNoDuplicates(t *testing.T) {
	srv := cyrusWith(t, 3, cyrus.Options{})
	for _, s := range []accounts.Server{
		{Host: "localhost", Port: srv.POP3SPort, Security: accounts.TLS, Username: "bob"},
		{Host: "localhost", Port: srv.POP3Port, Security: accounts.STARTTLS, Username: "bob"},
	} {
		st, a := newStore(t, accounts.POP3Options{Policy: accounts.KeepOnServer}, s)
		ctx := context.Background()
		for i := 0; i < 2; i++ {
			res, err := Check(ctx, a, st, "bob-pw", Options{})
			if err != nil {
				t.Fatalf("%s check %d: %v", s.Security, i+1, err)
			}
			if want := map[int]int{0: 3, 1: 0}[i]; res.Downloaded != want {
				t.Errorf("%s check %d downloaded %d, want %d", s.Security, i+1, res.Downloaded, want)
			}
		}
		if l := inbox(t, st); len(l) != 3 {
			t.Errorf("%s: %d messages stored, want 3", s.Security, len(l))
		}
	}
}

// Cyrus as Debian ships it refuses a second login within a minute with
// [LOGIN-DELAY]: that is "try later", not a wrong password.
func TestCyrusLoginDelayIsNotAWrongPassword(t *testing.T) {
	srv := cyrusWith(t, 1, cyrus.Options{POPMinPoll: 1})
	st, a := newStore(t, accounts.POP3Options{Policy: accounts.KeepOnServer},
		accounts.Server{Host: "localhost", Port: srv.POP3SPort, Security: accounts.TLS, Username: "bob"})
	ctx := context.Background()
	if _, err := Check(ctx, a, st, "bob-pw", Options{}); err != nil {
		t.Fatalf("first check: %v", err)
	}
	_, err := Check(ctx, a, st, "bob-pw", Options{})
	var le *LoginError
	if !errors.As(err, &le) || le.Code != CodeLoginDelay || !errors.Is(err, accounts.ErrTryLater) || errors.Is(err, accounts.ErrAuthFailed) {
		t.Fatalf("second check within a minute: %v", err)
	}
	if le.Delay != time.Minute { // CAPA's LOGIN-DELAY 60
		t.Errorf("delay %v, want 1m", le.Delay)
	}
}

// POP3 from Courier over POP3S and STLS, twice: nothing twice.
func TestCourierPOP3TwiceNoDuplicates(t *testing.T) {
	srv := courier.Start(t, courier.Options{Users: map[string]string{"bob": "bob-pw"}})
	c, err := imapclient.DialTLS("127.0.0.1:"+strconv.Itoa(srv.IMAPSPort), nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Login("bob", "bob-pw").Wait(); err != nil {
		t.Fatal(err)
	}
	for i := 1; i <= 3; i++ {
		raw := testMsg(i)
		cmd := c.Append("INBOX", int64(len(raw)), &imap.AppendOptions{})
		cmd.Write([]byte(raw))
		cmd.Close()
		if _, err := cmd.Wait(); err != nil {
			t.Fatal(err)
		}
	}
	c.Logout().Wait()
	c.Close()
	for _, s := range []accounts.Server{
		{Host: "localhost", Port: srv.POP3SPort, Security: accounts.TLS, Username: "bob"},
		{Host: "localhost", Port: srv.POP3Port, Security: accounts.STARTTLS, Username: "bob"},
	} {
		st, a := newStore(t, accounts.POP3Options{Policy: accounts.KeepOnServer}, s)
		ctx := context.Background()
		for i := 0; i < 2; i++ {
			res, err := Check(ctx, a, st, "bob-pw", Options{})
			if err != nil {
				t.Fatalf("%s check %d: %v", s.Security, i+1, err)
			}
			if want := map[int]int{0: 3, 1: 0}[i]; res.Downloaded != want {
				t.Errorf("%s check %d downloaded %d, want %d", s.Security, i+1, res.Downloaded, want)
			}
		}
		if l := inbox(t, st); len(l) != 3 {
			t.Errorf("%s: %d messages stored, want 3", s.Security, len(l))
		}
		if _, err := Check(ctx, a, st, "wrong", Options{}); !errors.Is(err, accounts.ErrAuthFailed) {
			t.Errorf("%s: wrong password: %v", s.Security, err)
		}
	}
}
