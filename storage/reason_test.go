package storage

import (
	"testing"

	"github.com/tern-mail/tern/assets/i18n"
)

// Tern's own reasons for an outbox row read as they are kept, in English;
// a server's words are never looked up.
func TestOutgoingReason(t *testing.T) {
	i18n.Use("en")
	for _, why := range []string{diedBeforeData, diedAfterData, "550 5.1.1 no such user", ""} {
		if got := (Outgoing{LastError: why}).Reason(); got != why {
			t.Errorf("Reason of %q = %q", why, got)
		}
	}
}
