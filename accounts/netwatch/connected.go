package netwatch

import (
	"bufio"
	"errors"
	"net"
	"os"
	"strconv"
	"strings"
)

// ErrNoNetwork: the computer has no network connection (Connected is
// false), so a server could be neither found nor reached. Whatever else
// the attempt said (a name not found, most often) was the network's
// doing, not the server's.
var ErrNoNetwork = errors.New("this computer has no network connection")

// Connected reports whether the computer has a way out to other
// networks: on Linux a default route (IPv4 or IPv6) that is up, through
// an interface other than loopback; where that cannot be read, a network
// interface that is up, is not loopback and has an address beyond its
// own link. It opens no connection and asks no server.
func Connected() bool {
	v4, err4 := os.ReadFile("/proc/net/route")
	v6, err6 := os.ReadFile("/proc/net/ipv6_route")
	if err4 == nil || err6 == nil {
		return defaultRoute(string(v4), string(v6))
	}
	return addressedInterface()
}

// Route flags of the kernel's tables (linux/route.h).
const (
	rtfUp     = 0x1
	rtfReject = 0x200
)

// defaultRoute tells whether the kernel's routing tables, as
// /proc/net/route (v4) and /proc/net/ipv6_route (v6) list them, have a
// default route that is up and leads somewhere: not through loopback, not
// a reject route (the kernel keeps an unreachable IPv6 default on lo).
func defaultRoute(v4, v6 string) bool {
	sc := bufio.NewScanner(strings.NewReader(v4))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		// Iface Destination Gateway Flags RefCnt Use Metric Mask …
		if len(f) < 8 || f[1] != "00000000" || f[7] != "00000000" {
			continue
		}
		if usable(f[0], f[3]) {
			return true
		}
	}
	sc = bufio.NewScanner(strings.NewReader(v6))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		// dest prefix src srcprefix nexthop metric refcnt use flags iface
		if len(f) < 10 || strings.Trim(f[0], "0") != "" || f[1] != "00" {
			continue
		}
		if usable(f[9], f[8]) {
			return true
		}
	}
	return false
}

// usable tells whether a route through iface with hexadecimal flags is up,
// not a reject route, and not through loopback.
func usable(iface, flags string) bool {
	n, err := strconv.ParseUint(flags, 16, 32)
	return err == nil && n&rtfUp != 0 && n&rtfReject == 0 && iface != "lo"
}

// addressedInterface tells whether an interface that is up and not
// loopback has an address beyond its own link.
func addressedInterface() bool {
	ifs, err := net.Interfaces()
	if err != nil {
		return true // nothing known: do not claim there is no network
	}
	for _, ifc := range ifs {
		if ifc.Flags&net.FlagUp == 0 || ifc.Flags&net.FlagLoopback != 0 {
			continue
		}
		addrs, err := ifc.Addrs()
		if err != nil {
			continue
		}
		for _, a := range addrs {
			if ipn, ok := a.(*net.IPNet); ok && ipn.IP.IsGlobalUnicast() {
				return true
			}
		}
	}
	return false
}
