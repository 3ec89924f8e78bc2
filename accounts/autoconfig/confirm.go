package autoconfig

import (
	"strings"

	"golang.org/x/net/publicsuffix"
)

// markForeign fills c.Confirm for settings found through the domain's MX
// record or by guessing: the servers that are outside the address's own
// domain and not run by a provider in Tern's list. Nobody vouched for
// them, so the user is asked before a password goes there.
func markForeign(c *Config, domain string) {
	if c == nil {
		return
	}
	builtinOnce.Do(loadBuiltin)
	seen := map[string]bool{}
	for _, list := range [][]Server{c.Incoming, c.Outgoing} {
		for _, s := range list {
			h := strings.TrimSuffix(strings.ToLower(s.Host), ".")
			if seen[h] || h == domain || strings.HasSuffix(h, "."+domain) || known(h) {
				continue
			}
			seen[h] = true
			c.Confirm = append(c.Confirm, h)
		}
	}
}

// known reports whether host belongs to a provider in the built-in list.
func known(host string) bool {
	reg, err := publicsuffix.EffectiveTLDPlusOne(host)
	if err != nil {
		return false
	}
	_, a := byMXDomain[reg]
	_, b := byDomain[reg]
	return a || b
}
