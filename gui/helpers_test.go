package gui

import (
	"net/http/httptest"
	"net/netip"
	"strconv"
	"strings"
	"testing"
	"time"
)

func itoa(id int64) string { return strconv.FormatInt(id, 10) }

// waitFor polls cond until it holds or five seconds pass.
func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not met within 5s")
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// allowServer lets the picture fetcher reach one test server on loopback;
// everything else stays refused.
func allowServer(srv *httptest.Server) func(netip.AddrPort) bool {
	want := netip.MustParseAddrPort(strings.TrimPrefix(srv.URL, "http://"))
	return func(a netip.AddrPort) bool { return a == want }
}
