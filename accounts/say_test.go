package accounts

import (
	"errors"
	"fmt"
	"testing"

	"github.com/tern-mail/tern/assets/i18n"
)

// checkWordings fails t when a wording's English words are not its
// kind's Go text: Say would then change English output.
func checkWordings(t *testing.T, ws []Wording) {
	t.Helper()
	i18n.Use("en")
	for _, w := range ws {
		goText, words, ok := w.Find(fmt.Errorf("context: %w", w.Example))
		if !ok || goText != words {
			t.Errorf("%v: found %v, Go text %q, English words %q", w.Example, ok, goText, words)
		}
	}
}

func TestWordingsAreTheGoTextInEnglish(t *testing.T) { checkWordings(t, Wordings) }

// Say gives the kinds an error wraps in the person's words and leaves
// the rest of its text alone.
func TestSayReplacesTheKindsText(t *testing.T) {
	i18n.Use("en")
	err := fmt.Errorf("imap: login alice: %w", ErrAuthFailed)
	if got := Say(err, Wordings); got != err.Error() {
		t.Errorf("English: %q", got)
	}
	words := Wording{Example: ErrAuthFailed, Find: func(e error) (string, string, bool) {
		return ErrAuthFailed.Error(), "WORDS", errors.Is(e, ErrAuthFailed)
	}}
	if got := Say(err, []Wording{words}); got != "imap: login alice: WORDS" {
		t.Errorf("another language: %q", got)
	}
	if got := Say(errors.New("other"), []Wording{words}); got != "other" {
		t.Errorf("an error of no kind: %q", got)
	}
	if Say(nil) != "" {
		t.Error("nil")
	}
}
