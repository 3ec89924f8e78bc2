package accounts

import (
	"errors"
	"strings"

	"github.com/tern-mail/tern/assets/i18n"
	"github.com/tern-mail/tern/storage"
)

// A Wording gives one kind of error to a person in their language. Go
// errors keep their English text, for logs and reports; where an error's
// text is shown to a person (the command line prints it), Say puts the
// kinds it wraps into the person's words.
type Wording struct {
	// Find reports whether err is of the kind, with the kind's own Go
	// text (as it appears inside err's text) and the catalog's words for
	// it, whose English is that same text.
	Find func(err error) (goText, words string, ok bool)
	// Example is an error of the kind, for tests.
	Example error
}

// Word is the Wording of the error kind found with errors.Is: its text is
// kind.Error(), its words the catalog message id.
func Word(kind error, id string) Wording {
	return Wording{Example: kind, Find: func(err error) (string, string, bool) {
		if !errors.Is(err, kind) {
			return "", "", false
		}
		return kind.Error(), i18n.T(id), true
	}}
}

// Say returns err's text for a person: the text of each kind of error of
// the wordings that err wraps is given in the person's language, the rest
// (what was being done, a server's own words) stays as it is. In English
// it is err's text.
func Say(err error, wordings ...[]Wording) string {
	if err == nil {
		return ""
	}
	s := err.Error()
	for _, l := range wordings {
		for _, w := range l {
			goText, words, ok := w.Find(err)
			if !ok || goText == words {
				continue
			}
			if i := strings.LastIndex(s, goText); i >= 0 {
				s = s[:i] + words + s[i+len(goText):]
			}
		}
	}
	return s
}

// Wordings are the words of this package's errors, and of the store's
// that reach a person through it.
var Wordings = []Wording{
	Word(ErrAuthFailed, "accounts.error.auth_failed"),
	Word(ErrNoEncryption, "accounts.error.no_encryption"),
	Word(ErrUntrusted, "accounts.error.untrusted"),
	Word(ErrUnreachable, "accounts.error.unreachable"),
	Word(ErrTryLater, "accounts.error.try_later"),
	Word(ErrTemporary, "accounts.error.temporary"),
	Word(ErrServerNotFound, "accounts.error.server_not_found"),
	Word(ErrInvalid, "accounts.error.invalid"),
	Word(ErrNoPassword, "accounts.error.no_password"),
	Word(ErrKeychainUnavailable, "accounts.error.keychain_unavailable"),
	Word(ErrUnknownAccount, "accounts.error.unknown_account"),
	Word(storage.ErrSchemaTooNew, "storage.error.schema_too_new"),
	Word(storage.ErrAlreadySent, "storage.error.already_sent"),
	Word(storage.ErrNotUnknown, "storage.error.not_unknown"),
	Word(storage.ErrClaimed, "storage.error.claimed"),
}
