package engine

import (
	"context"
	"errors"
	"net"
	"testing"

	"github.com/tern-mail/tern/accounts"
	"github.com/tern-mail/tern/accounts/netwatch"
)

// TestLoginWithoutNetworkSaysSo: a server that cannot be reached is the
// network's doing when the computer has none, and the error says so; with
// a network it is the server's, as before.
func TestLoginWithoutNetworkSaysSo(t *testing.T) {
	e, _ := newEngine(t)
	// A port nothing listens on: the connection is refused at once.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	a := accounts.Account{Address: "gus@example.org", Protocol: accounts.IMAP,
		Incoming: accounts.Server{Host: "127.0.0.1", Port: port, Security: accounts.TLS}}
	defer func(f func() bool) { networkConnected = f }(networkConnected)
	for _, connected := range []bool{true, false} {
		networkConnected = func() bool { return connected }
		err := e.TestLogin(context.Background(), a, "pw")
		if !errors.Is(err, accounts.ErrUnreachable) {
			t.Fatalf("connected %v: %v, want the server unreachable", connected, err)
		}
		if errors.Is(err, netwatch.ErrNoNetwork) == connected {
			t.Errorf("connected %v: %v", connected, err)
		}
	}
}
