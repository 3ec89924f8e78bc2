package message

import (
	"testing"

	"github.com/tern-mail/tern/assets/i18n"
)

// SizeText is the size as i18n writes it for the person's language.
func TestSizeText(t *testing.T) {
	i18n.Use("en")
	for _, n := range []int{0, 1023, 1024, 150_000, 1024 * 1024, 2_400_000} {
		if got, want := SizeText(n), i18n.Size(int64(n)); got != want || got == "" {
			t.Errorf("SizeText(%d) = %q, want %q", n, got, want)
		}
	}
}
