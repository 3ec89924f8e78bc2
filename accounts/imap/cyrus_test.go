package imap

import (
	"context"
	"testing"

	"github.com/tern-mail/tern/accounts"
	"github.com/tern-mail/tern/internal/cyrus"
)

// Cyrus IMAP as Debian ships it: personal folders under "INBOX." with "."
// between levels.
func TestScenarioOnCyrus(t *testing.T) {
	srv := cyrus.Start(t, cyrus.Options{})
	fx := newFixtureOn(t, srv.IMAPSPort, "alice", "alice-pw")
	var log commandLog
	scenario(t, fx, "INBOX.", ".", &log)

	// The same account over STARTTLS finds everything in place.
	acct := fx.acct
	acct.Incoming = accounts.Server{Host: "localhost", Port: srv.IMAPPort, Security: accounts.STARTTLS, Username: "alice"}
	if err := SyncOnce(context.Background(), acct, fx.st, fx.pw, Options{}); err != nil {
		t.Fatalf("sync over STARTTLS: %v", err)
	}
	if n := len(fx.local(t, "Projects")); n != 3 {
		t.Errorf("Projects after a STARTTLS sync: %d messages, want 3", n)
	}
}

// Cyrus as upstream sets it up: the alternate namespace, folders at the
// root with "/" between levels.
func TestScenarioOnCyrusAltNamespace(t *testing.T) {
	srv := cyrus.Start(t, cyrus.Options{AltNamespace: true})
	fx := newFixtureOn(t, srv.IMAPSPort, "alice", "alice-pw")
	var log commandLog
	scenario(t, fx, "", "/", &log)
}

// Cyrus answers a FETCH of whole messages (flags, date, size and source
// together) as a first sync of a large folder asks it.
func TestWholeFetchOnCyrus(t *testing.T) {
	srv := cyrus.Start(t, cyrus.Options{})
	checkWholeFetch(t, newFixtureOn(t, srv.IMAPSPort, "alice", "alice-pw"))
}
