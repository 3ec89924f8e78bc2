package main

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/tern-mail/tern/accounts"
)

// A server cut off for misbehaving is told in its sentence alone, after
// the account's address, however many "imap:" layers it came through;
// the chain is printed only with --verbose. Each account of a joined
// failure keeps its own sentence.
func TestSyncFailureIsOnePlainSentence(t *testing.T) {
	se := &accounts.ServerError{Kind: accounts.Flood, What: "FETCH"}
	err := fmt.Errorf("imap: sync INBOX: %w", fmt.Errorf("imap: fetch: %w", fmt.Errorf("imap: read: %w", se)))
	for _, verbose := range []bool{false, true} {
		var stderr bytes.Buffer
		e := &env{io: stdio{err: &stderr}}
		got := e.syncFailed("ana@example.org", err, verbose)
		if want := "ana@example.org: " + se.Error(); got.Error() != want {
			t.Fatalf("said %q, want %q", got.Error(), want)
		}
		if printed := strings.Contains(stderr.String(), "imap: fetch"); printed != verbose {
			t.Errorf("verbose %v: stderr %q", verbose, stderr.String())
		}
		if !errors.Is(got, se) {
			t.Errorf("the failure no longer wraps the server error")
		}
	}
	other := (&accountError{"bo@example.org", errors.New("imap: dial: refused")})
	joined := errors.Join(&accountError{"ana@example.org", err}, other)
	if got := personText(joined); got != "ana@example.org: "+se.Error()+"\nbo@example.org: imap: dial: refused" {
		t.Errorf("joined: %q", got)
	}
}
