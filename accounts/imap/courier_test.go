package imap

import (
	"context"
	"strings"
	"testing"

	"github.com/tern-mail/tern/accounts"
	"github.com/tern-mail/tern/internal/courier"
)

// Courier-IMAP: folders under "INBOX.", no LIST-EXTENDED, SPECIAL-USE, MOVE
// or CONDSTORE.
func TestScenarioOnCourier(t *testing.T) {
	srv := courier.Start(t, courier.Options{Users: map[string]string{"alice": "alice-pw"}})
	fx := newFixtureOn(t, srv.IMAPSPort, "alice", "alice-pw")
	var log commandLog
	scenario(t, fx, "INBOX.", ".", &log)
	for _, line := range strings.Split(log.String(), "\r\n") {
		if f := strings.Fields(line); len(f) > 2 && f[0] != "*" && (f[1] == "LIST" && strings.Contains(line, "RETURN") || f[1] == "MOVE" || f[2] == "MOVE") {
			t.Errorf("sent %q to Courier", line)
		}
	}

	// The same account over STARTTLS finds everything in place.
	acct := fx.acct
	acct.Incoming = accounts.Server{Host: "localhost", Port: srv.IMAPPort, Security: accounts.STARTTLS, Username: "alice"}
	if err := SyncOnce(context.Background(), acct, fx.st, fx.pw, Options{}); err != nil {
		t.Fatalf("sync over STARTTLS: %v", err)
	}
	if n := len(fx.local(t, "Projects")); n != 3 {
		t.Errorf("Projects after a STARTTLS sync: %d messages, want 3", n)
	}
	// LSUB, on a connection of its own, went over STARTTLS too.
	if f, err := fx.st.FolderByName(context.Background(), fx.acct.ID, "Entwürfe"); err != nil || f.Subscribed {
		t.Errorf("Entwürfe after a STARTTLS sync: subscribed %v, %v", f.Subscribed, err)
	}
}

// Courier answers a FETCH of whole messages (flags, date, size and source
// together) as a first sync of a large folder asks it.
func TestWholeFetchOnCourier(t *testing.T) {
	srv := courier.Start(t, courier.Options{Users: map[string]string{"alice": "alice-pw"}})
	checkWholeFetch(t, newFixtureOn(t, srv.IMAPSPort, "alice", "alice-pw"))
}
