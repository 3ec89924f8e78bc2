package remote

import (
	"fmt"
	"net"
	"net/netip"
	"syscall"
)

// nonPublic are address ranges that are not the public Internet, beyond
// what netip.Addr's own predicates cover.
var nonPublic = []netip.Prefix{
	netip.MustParsePrefix("0.0.0.0/8"),       // "this network" (RFC 1122)
	netip.MustParsePrefix("100.64.0.0/10"),   // carrier-grade NAT (RFC 6598)
	netip.MustParsePrefix("192.0.0.0/24"),    // IETF protocol assignments (RFC 6890)
	netip.MustParsePrefix("198.18.0.0/15"),   // benchmarking (RFC 2544)
	netip.MustParsePrefix("240.0.0.0/4"),     // reserved, and broadcast
	netip.MustParsePrefix("64:ff9b:1::/48"),  // local-use NAT64 (RFC 8215)
	netip.MustParsePrefix("2001:db8::/32"),   // documentation (RFC 3849)
	netip.MustParsePrefix("fec0::/10"),       // deprecated site-local (RFC 3879)
	netip.MustParsePrefix("100::/64"),        // discard-only (RFC 6666)
	netip.MustParsePrefix("2002::/16"),       // 6to4 may wrap any IPv4 address (RFC 3056)
	netip.MustParsePrefix("2001::/32"),       // Teredo may wrap any IPv4 address (RFC 4380)
	netip.MustParsePrefix("::/96"),           // IPv4-compatible, deprecated (RFC 4291)
	netip.MustParsePrefix("::ffff:0:0:0/96"), // IPv4-translated (RFC 2765)
}

// Public reports whether ip is an address on the public Internet: not
// loopback, private, link-local, multicast, unspecified or reserved.
func Public(ip netip.Addr) bool {
	ip = ip.Unmap()
	if !ip.IsValid() || ip.IsLoopback() || ip.IsPrivate() || ip.IsLinkLocalUnicast() ||
		ip.IsLinkLocalMulticast() || ip.IsInterfaceLocalMulticast() || ip.IsMulticast() || ip.IsUnspecified() {
		return false
	}
	if ip.Is6() {
		// NAT64 (RFC 6052) carries an IPv4 address in its last 32 bits.
		if netip.MustParsePrefix("64:ff9b::/96").Contains(ip) {
			b := ip.As16()
			return Public(netip.AddrFrom4([4]byte{b[12], b[13], b[14], b[15]}))
		}
	}
	for _, p := range nonPublic {
		if p.Contains(ip) {
			return false
		}
	}
	return true
}

// ErrNotPublic is wrapped by the dial error for an address that is not on
// the public Internet.
var ErrNotPublic = fmt.Errorf("remote: address is not on the public Internet")

// control is a net.Dialer Control function: it runs for every connection
// attempt, with the address DNS actually gave, and refuses any that is not
// public unless allow accepts it.
func control(allow func(netip.AddrPort) bool) func(network, address string, _ syscall.RawConn) error {
	return func(network, address string, _ syscall.RawConn) error {
		switch network {
		case "tcp", "tcp4", "tcp6":
		default:
			return fmt.Errorf("remote: %s connections are not used: %w", network, ErrNotPublic)
		}
		host, _, err := net.SplitHostPort(address)
		if err != nil {
			return fmt.Errorf("remote: dial %q: %w", address, err)
		}
		ap, err := netip.ParseAddrPort(address)
		if err != nil {
			return fmt.Errorf("remote: dial %q: %w", host, err)
		}
		if allow != nil && allow(ap) {
			return nil
		}
		if !Public(ap.Addr()) {
			return fmt.Errorf("remote: refusing %s: %w", ap.Addr(), ErrNotPublic)
		}
		return nil
	}
}
