package gui

import (
	"os"
	"testing"

	"github.com/tern-mail/tern/assets/i18n"
)

// TestMain runs the window's tests in US English whatever the machine's
// locale, so that texts, dates and the rendered markup they compare are
// the same on every machine.
func TestMain(m *testing.M) {
	os.Setenv("LC_ALL", "en_US.UTF-8")
	os.Setenv("LANGUAGE", "en")
	i18n.Use("en-US")
	os.Exit(m.Run())
}
