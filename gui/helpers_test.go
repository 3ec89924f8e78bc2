package gui

import (
	"errors"
	"image/color"
	"net/http/httptest"
	"net/netip"
	"strconv"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"github.com/tern-mail/tern/internal/testenv"
)

func itoa(id int64) string { return strconv.FormatInt(id, 10) }

// waitFor waits until cond holds, and fails the test if that takes over
// five seconds.
func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	testenv.Eventually(t, 5*time.Second, func() error {
		if !cond() {
			return errors.New("condition not met")
		}
		return nil
	})
}

// lightTheme is Fyne's theme in its light variant, whatever the
// preference of the machine the tests run on.
type lightTheme struct{ fyne.Theme }

func (l lightTheme) Color(n fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	return l.Theme.Color(n, theme.VariantLight)
}

// allowServer lets the picture fetcher reach one test server on loopback;
// everything else stays refused.
func allowServer(srv *httptest.Server) func(netip.AddrPort) bool {
	want := netip.MustParseAddrPort(strings.TrimPrefix(srv.URL, "http://"))
	return func(a netip.AddrPort) bool { return a == want }
}
