package message

import (
	"net"
	"net/url"
	"regexp"
	"strings"
	"unicode"

	"golang.org/x/net/idna"
	"golang.org/x/net/publicsuffix"

	"github.com/tern-mail/tern/assets/i18n"
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
// "example.co.uk"), in ASCII, or host itself when it has none (an IP
// address, a single label).
func site(host string) string {
	host = strings.Trim(strings.TrimSuffix(strings.ToLower(host), "."), "[]")
	if a, err := idna.Punycode.ToASCII(host); err == nil {
		host = a
	}
	if net.ParseIP(host) != nil {
		return host
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
	// Host is the site the link goes to: the registrable domain of its
	// host ("evil.example" for "paypal.com.secure-login.evil.example"),
	// as DisplayHost shows it.
	Host string
	// Differs is true when the link's text is not simply its address, or
	// its address does not read as what it is: the host is then shown
	// next to it.
	Differs bool
	// Deceptive is true when the text looks like a web address on
	// another site than the target's, when the address carries a user
	// part before its host ("https://www.paypal.com@evil.example/"), or
	// when its host begins with another site's name
	// ("paypal.com.secure-login.evil.example"): the link is marked and
	// asks before opening.
	Deceptive bool
	// TextHost is the site the link pretends to be, when Deceptive.
	TextHost string
	// Why says in a sentence, in the person's language, why the link is
	// Deceptive.
	Why string
}

// CheckLink compares a link's text with its target.
func CheckLink(text string, target *url.URL) LinkCheck {
	c := LinkCheck{Host: DisplayHost(site(target.Hostname()))}
	if strings.EqualFold(target.Scheme, "mailto") {
		c.Host = ""
		t := strings.TrimSpace(text)
		c.Differs = !strings.EqualFold(strings.TrimPrefix(t, "mailto:"), target.Opaque) && t != target.String()
		return c
	}
	c.Differs = DisplayHost(target.Hostname()) != strings.TrimSuffix(strings.ToLower(target.Hostname()), ".")
	switch {
	case target.User != nil:
		c.Deceptive, c.TextHost = true, CleanHeader(target.User.Username())
		c.Why = i18n.T("message.link.user_part", i18n.Args{"Shown": c.TextHost, "Host": c.Host})
	case lookalikeSubdomain(target.Hostname()) != "":
		c.Deceptive, c.TextHost = true, lookalikeSubdomain(target.Hostname())
		c.Why = i18n.T("message.link.lookalike", i18n.Args{"Shown": c.TextHost, "Host": c.Host})
	}
	t := strings.TrimSpace(text)
	if t == target.String() || strings.TrimSuffix(t, "/") == strings.TrimSuffix(target.String(), "/") {
		c.Differs = c.Differs || c.Deceptive
		return c
	}
	c.Differs = true
	if c.Deceptive {
		return c
	}
	for _, m := range addressLike.FindAllStringSubmatch(t, -1) {
		if th := m[1]; looksLikeHost(m[0], th) && site(th) != site(target.Hostname()) {
			c.Deceptive, c.TextHost = true, DisplayHost(th)
			c.Why = i18n.T("message.link.other_site", i18n.Args{"Shown": c.TextHost})
			break
		}
	}
	return c
}

// genericTLDs are the top-level domains people read as the end of a web
// address; other labels of a subdomain ("app", "eu", "shop") are names
// sites use for their own parts.
var genericTLDs = map[string]bool{"com": true, "net": true, "org": true, "edu": true, "gov": true, "mil": true, "info": true, "biz": true}

// readsAsTLD reports whether label, after prev, reads as the end of a
// site's name: a generic top-level domain ("paypal.com"), or a country's
// after a second-level one ("co.uk", "com.au").
func readsAsTLD(prev, label string) bool {
	if genericTLDs[label] {
		return true
	}
	_, icann := publicsuffix.PublicSuffix(prev + "." + label)
	return len(label) == 2 && icann && (prev == "co" || genericTLDs[prev] || prev == "ac")
}

// maxSubdomain is the length from which the part of a host name before
// its registrable domain is long enough to push that domain out of sight.
const maxSubdomain = 40

// lookalikeSubdomain returns what the beginning of host pretends to be
// when the part before its registrable domain reads as another site
// ("paypal.com" in "paypal.com.secure-login.evil.example") or is long
// enough to hide the real one; "" otherwise.
func lookalikeSubdomain(host string) string {
	host = strings.TrimSuffix(strings.ToLower(host), ".")
	s := site(host)
	if s == host || !strings.HasSuffix(host, "."+s) {
		return ""
	}
	sub := strings.TrimPrefix(strings.TrimSuffix(host, "."+s), "www.")
	labels := strings.Split(sub, ".")
	for i := 1; i < len(labels); i++ {
		if readsAsTLD(labels[i-1], labels[i]) {
			return DisplayHost(strings.Join(labels[:i+1], "."))
		}
	}
	if len(sub) >= maxSubdomain {
		return DisplayHost(sub)
	}
	return ""
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
