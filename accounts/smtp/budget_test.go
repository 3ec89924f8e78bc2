package smtp

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/tern-mail/tern/accounts"
	"github.com/tern-mail/tern/internal/hostileserver"
)

// sendTo sends one message to a hostile server with small budgets, within
// a bound on the heap's growth, and returns the error.
func sendTo(t *testing.T, mode hostileserver.Mode) error {
	t.Helper()
	srv := hostileserver.SMTP(t, mode)
	server := accounts.Server{Host: "localhost", Port: srv.Port, Security: accounts.TLS, Username: "alice"}
	// A trickled reply ends after five seconds of waiting; the other
	// attacks meet the production limits.
	var opts Options
	if mode == hostileserver.Trickle {
		opts.Budget = accounts.Limits{CommandTime: 5 * time.Second}
	}
	var err error
	grew := hostileserver.HeapGrowth(func() {
		err = Send(context.Background(), server, "pw", "alice@example.org", []string{"bob@example.org"},
			[]byte("Subject: hi\r\n\r\nhello\r\n"), opts)
	})
	t.Logf("heap grew %d MB; %d bytes sent; send: %v", grew>>20, srv.Stats().Sent, err)
	if grew > 200<<20 {
		t.Errorf("the heap grew by %d MB", grew>>20)
	}
	return err
}

// Every way an SMTP server attacks a sending ends it, with an error that
// says what the server did (and that the message waits), in bounded
// memory; none of them is taken for a permanent refusal.
func TestHostileSMTPServersEndTheSending(t *testing.T) {
	for _, tc := range []struct {
		name string
		mode hostileserver.Mode
		want accounts.Misbehaviour
	}{
		{"endless EHLO", hostileserver.Flood, accounts.LineFlood},
		{"trickled greeting", hostileserver.Trickle, accounts.TooLong},
		{"endless answer to MAIL", hostileserver.Endless, accounts.LineFlood},
		{"hangs up in the middle of RCPT", hostileserver.Bye, accounts.HungUp},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := sendTo(t, tc.mode)
			var se *accounts.ServerError
			if !errors.As(err, &se) || se.Kind != tc.want || !se.Sending || Permanent(err) {
				t.Fatalf("send ended with %v, want kind %d", err, tc.want)
			}
		})
	}
}

// The control: the same server, answering fairly, takes the message.
func TestFairSMTPServerTakesTheMessage(t *testing.T) {
	if err := sendTo(t, hostileserver.Fair); err != nil {
		t.Fatalf("send: %v", err)
	}
}
