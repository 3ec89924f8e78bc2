package netwatch

import "testing"

// The kernel's tables as a computer without a network, one on Wi-Fi and
// one with IPv6 only list them.
const (
	v4Header  = "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n"
	v4Default = v4Header + "wlan0\t00000000\t0100A8C0\t0003\t0\t0\t600\t00000000\t0\t0\t0\n" +
		"wlan0\t0000A8C0\t00000000\t0001\t0\t0\t600\t00FFFFFF\t0\t0\t0\n"
	v4LocalOnly   = v4Header + "docker0\t000011AC\t00000000\t0001\t0\t0\t0\t0000FFFF\t0\t0\t0\n"
	v4DefaultDown = v4Header + "wlan0\t00000000\t0100A8C0\t0002\t0\t0\t600\t00000000\t0\t0\t0\n"
	// The unreachable default route the kernel keeps on lo, and a link route.
	v6None = "00000000000000000000000000000000 00 00000000000000000000000000000000 00 00000000000000000000000000000000 ffffffff 00000001 00000000 00200200       lo\n" +
		"fe800000000000000000000000000000 40 00000000000000000000000000000000 00 00000000000000000000000000000000 00000100 00000002 00000000 00000001     eth0\n"
	v6Default = v6None + "00000000000000000000000000000000 00 00000000000000000000000000000000 00 fe800000000000000000000000000001 00000400 00000002 00000000 00000003     eth0\n"
)

func TestDefaultRoute(t *testing.T) {
	for _, tc := range []struct {
		name   string
		v4, v6 string
		want   bool
	}{
		{"no network", v4Header, v6None, false},
		{"a local bridge only", v4LocalOnly, v6None, false},
		{"a default route that is down", v4DefaultDown, v6None, false},
		{"Wi-Fi", v4Default, v6None, true},
		{"IPv6 only", v4Header, v6Default, true},
		{"nothing readable", "", "", false},
	} {
		if got := defaultRoute(tc.v4, tc.v6); got != tc.want {
			t.Errorf("%s: connected %v, want %v", tc.name, got, tc.want)
		}
	}
}
