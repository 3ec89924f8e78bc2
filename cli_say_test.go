package main

import (
	"errors"
	"fmt"
	"testing"

	"github.com/tern-mail/tern/accounts"
	"github.com/tern-mail/tern/accounts/oauth"
	"github.com/tern-mail/tern/assets/i18n"
)

// The command line's own errors keep their kind and the errors they say,
// and read in English as they did before they came from the catalogs.
func TestSayErrorKindsAndWords(t *testing.T) {
	i18n.Use("en")
	login := fmt.Errorf("imap: login: %w", accounts.ErrAuthFailed)
	err := say(nil, "cli.error.no_settings", i18n.Args{"Address": "a@example.org", "Error": login})
	if !errors.Is(err, accounts.ErrAuthFailed) || errors.Is(err, errUsage) {
		t.Errorf("kinds of %v", err)
	}
	if want := "could not find the settings for a@example.org; give them with --host: " + login.Error(); err.Error() != want {
		t.Errorf("%q, want %q", err.Error(), want)
	}
	u := say(errUsage, "cli.error.mark_word", i18n.Args{"Word": "blue"})
	if !errors.Is(u, errUsage) || u.Error() != "mark blue: say read, unread, flagged or unflagged" {
		t.Errorf("usage error %q", u.Error())
	}
	if n := sayN(errRefused, "cli.sync.refused", 2, nil); !errors.Is(n, errRefused) ||
		n.Error() != "the server refused queued changes: 2 (see above)" {
		t.Errorf("plural error %q", n.Error())
	}
	again := fmt.Errorf("sync: %w", &oauth.SignInAgainError{Address: "a@example.org"})
	if personText(again) != again.Error() {
		t.Errorf("personText changed English: %q", personText(again))
	}
}
