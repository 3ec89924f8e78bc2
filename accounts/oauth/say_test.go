package oauth

import (
	"fmt"
	"testing"

	"github.com/tern-mail/tern/assets/i18n"
)

// The sign-in errors' English words are their Go text, so the command
// line says in English what it said before.
func TestWordingsAreTheGoTextInEnglish(t *testing.T) {
	i18n.Use("en")
	for _, w := range Wordings {
		goText, words, ok := w.Find(fmt.Errorf("oauth: renew: %w", w.Example))
		if !ok || goText != words {
			t.Errorf("%v: found %v, Go text %q, English words %q", w.Example, ok, goText, words)
		}
	}
}
