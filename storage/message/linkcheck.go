package message

import (
	"net/url"
	"regexp"
	"strings"
	"unicode"

	"golang.org/x/net/idna"
	"golang.org/x/net/publicsuffix"
)

// This file holds what the window needs to show links truthfully: host
// names that cannot pass for others and link text that pretends to be
// another address. Senders are checked in sender.go.

// lookalikes are non-Latin letters that are easily read as Latin ones.
const lookalikes = "аеорсухіјѕԁһӏոքԛѵԝхуᴠαοτνικρϲеɑеⅼ"

// allLookalike reports whether a host label (in Unicode) is written
// entirely in non-Latin letters that imitate Latin ones, as in "аре.com"
// in Cyrillic: one script, but read as another.
func allLookalike(label string) bool {
	letters := 0
	for _, r := range label {
		if r < unicode.MaxASCII {
			if unicode.IsLetter(r) {
				return false
			}
			continue
		}
		if !unicode.IsLetter(r) {
			continue
		}
		if !strings.ContainsRune(lookalikes, r) {
			return false
		}
		letters++
	}
	return letters > 0
}

// site is the registrable domain of host ("mail.example.co.uk" →
// "example.co.uk"), or host itself when it has none.
func site(host string) string {
	host = strings.TrimSuffix(strings.ToLower(host), ".")
	if a, err := idna.Punycode.ToASCII(host); err == nil {
		host = a
	}
	if s, err := publicsuffix.EffectiveTLDPlusOne(host); err == nil {
		return s
	}
	return host
}

// addressLike finds web addresses and bare domains in link text.
var addressLike = regexp.MustCompile(`(?i)(?:https?://)?((?:[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?\.)+\p{L}[\p{L}\p{N}-]*[\p{L}\p{N}])(?:[:/?#]\S*)?`)

// LinkCheck is what the reader shows of a link.
type LinkCheck struct {
	Host string // the target's host, as DisplayHost shows it
	// Differs is true when the link's text is not simply its address:
	// the host is then shown next to it.
	Differs bool
	// Deceptive is true when the text looks like a web address on
	// another site than the target's: the link asks before opening.
	Deceptive bool
	// TextHost is the host the text pretends to, when Deceptive.
	TextHost string
}

// CheckLink compares a link's text with its target.
func CheckLink(text string, target *url.URL) LinkCheck {
	c := LinkCheck{Host: DisplayHost(target.Hostname())}
	if strings.EqualFold(target.Scheme, "mailto") {
		c.Host = ""
		t := strings.TrimSpace(text)
		c.Differs = !strings.EqualFold(strings.TrimPrefix(t, "mailto:"), target.Opaque) && t != target.String()
		return c
	}
	t := strings.TrimSpace(text)
	if t == target.String() || strings.TrimSuffix(t, "/") == strings.TrimSuffix(target.String(), "/") {
		return c
	}
	c.Differs = true
	for _, m := range addressLike.FindAllStringSubmatch(t, -1) {
		if th := m[1]; looksLikeHost(m[0], th) && site(th) != site(target.Hostname()) {
			c.Deceptive, c.TextHost = true, DisplayHost(th)
			break
		}
	}
	return c
}

// looksLikeHost reports whether a domain-shaped word in text would be
// read as a web address: it has a scheme or "www.", or ends in a real
// top-level domain ("report.pdf" does not).
func looksLikeHost(word, host string) bool {
	lw := strings.ToLower(word)
	if strings.HasPrefix(lw, "http://") || strings.HasPrefix(lw, "https://") || strings.HasPrefix(strings.ToLower(host), "www.") {
		return true
	}
	return looksLikeDomain(host)
}
