package pop3

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/tern-mail/tern/accounts"
	"github.com/tern-mail/tern/internal/hostileserver"
)

// limitsFor returns the budgets to meet mode with: small enough for a
// test to see a trickle stall (at least 1 KB in a fifth of a second of
// waiting, four times what the hostile server trickles), else the
// production ones, which nothing but their own cap can end in a test's
// time.
func limitsFor(mode hostileserver.Mode) accounts.Limits {
	if mode == hostileserver.Trickle {
		return accounts.Limits{MinBytes: 1 << 10, RateWindow: 200 * time.Millisecond}
	}
	return accounts.Limits{}
}

// checkAgainst runs one check against a hostile server, within a bound on
// the heap's growth, and returns its error.
func checkAgainst(t *testing.T, mode hostileserver.Mode) (Result, error) {
	t.Helper()
	srv := hostileserver.POP3(t, mode)
	st, a := newStore(t, accounts.POP3Options{}, accounts.Server{Host: "localhost", Port: srv.Port,
		Security: accounts.TLS, Username: "bob"})
	var res Result
	var err error
	grew := hostileserver.HeapGrowth(func() {
		res, err = Check(context.Background(), a, st, "pw", Options{Timeouts: accounts.Timeouts{Budget: limitsFor(mode)}})
	})
	t.Logf("heap grew %d MB; %d bytes sent; check: %v", grew>>20, srv.Stats().Sent, err)
	if grew > 200<<20 {
		t.Errorf("the heap grew by %d MB", grew>>20)
	}
	return res, err
}

// Every way a POP3 server attacks a check ends it, with an error that
// says what the server did, in bounded memory.
func TestHostilePOP3ServersEndTheCheck(t *testing.T) {
	for _, tc := range []struct {
		name string
		mode hostileserver.Mode
		want accounts.Misbehaviour
	}{
		{"endless UIDL", hostileserver.Flood, accounts.LineFlood},
		{"endless LIST", hostileserver.Endless, accounts.LineFlood},
		{"trickled RETR", hostileserver.Trickle, accounts.Stalled},
		{"RETR longer than LIST said", hostileserver.Lie, accounts.Oversized},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := checkAgainst(t, tc.mode)
			var se *accounts.ServerError
			if !errors.As(err, &se) || se.Kind != tc.want {
				t.Fatalf("check ended with %v, want kind %d", err, tc.want)
			}
		})
	}
}

// The control: the same server, answering fairly, is checked.
func TestFairPOP3ServerIsChecked(t *testing.T) {
	res, err := checkAgainst(t, hostileserver.Fair)
	if err != nil || res.Downloaded != 1 {
		t.Fatalf("check: %+v, %v", res, err)
	}
}
