package engine

import (
	"fmt"
	"testing"

	"github.com/tern-mail/tern/assets/i18n"
)

func TestWordingsAreTheGoTextInEnglish(t *testing.T) {
	i18n.Use("en")
	for _, w := range Wordings {
		goText, words, ok := w.Find(fmt.Errorf("engine: %w", w.Example))
		if !ok || goText != words {
			t.Errorf("%v: found %v, Go text %q, English words %q", w.Example, ok, goText, words)
		}
	}
}
