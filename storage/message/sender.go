package message

import (
	"strings"
	"unicode"

	"golang.org/x/net/idna"
	"golang.org/x/net/publicsuffix"
)

// atSigns are the characters that read as "@" in a display name.
const atSigns = "@\uFF20\uFE6B" // @, fullwidth @, small @

// SenderCheck is what the list, the reader and the command line show of
// a sender beside its display name.
type SenderCheck struct {
	// ShowAddress is true when the name contains an "@" (in any of its
	// Unicode forms) or a word that reads as a domain name
	// ("www.paypal.com"): such a name can pass for the sender's address,
	// so the real address is shown next to it.
	ShowAddress bool
	// Spoofed is true when the name carries another address or domain
	// than the real one ("PayPal <service@paypal.com>" sent from
	// evil@attacker.example): the sender gets a visible warning mark.
	Spoofed bool
	// Embedded is the address or domain the name carries, when Spoofed
	// ("service@paypal.com").
	Embedded string
}

// CheckSender compares the display name of a mailbox with its real
// address email. A name that repeats the real address or its domain
// ("Amazon.com" from orders@amazon.com) is not Spoofed. Addresses are
// compared case-insensitively and with host names in their ASCII
// (punycode) form. Control and invisible characters are removed first.
func CheckSender(name, email string) SenderCheck {
	name = CleanHeader(name)
	email = strings.ToLower(CleanHeader(email))
	c := SenderCheck{ShowAddress: strings.ContainsAny(name, atSigns)}
	realDomain := ""
	if i := strings.LastIndexByte(email, '@'); i >= 0 {
		realDomain = asciiHost(email[i+1:])
		email = email[:i] + "@" + realDomain
	}
	for _, w := range nameWords(name) {
		w = normaliseAt(w)
		if i := strings.LastIndexByte(w, '@'); i > 0 && i < len(w)-1 {
			addr := strings.ToLower(w[:i]) + "@" + asciiHost(w[i+1:])
			if addr != email && !c.Spoofed {
				c.Spoofed, c.Embedded = true, w
			}
			continue
		}
		if !looksLikeDomain(w) {
			continue
		}
		c.ShowAddress = true
		d := asciiHost(strings.TrimPrefix(strings.ToLower(w), "www."))
		if d != realDomain && !strings.HasSuffix(realDomain, "."+d) && !c.Spoofed {
			c.Spoofed, c.Embedded = true, w
		}
	}
	return c
}

// nameWords splits a display name into words, dropping the brackets,
// quotes and punctuation that surround an address written in it.
func nameWords(name string) []string {
	f := strings.FieldsFunc(name, func(r rune) bool {
		return unicode.IsSpace(r) || strings.ContainsRune(`<>()[]{}"'«»‹›“”‘’,;:|/\`, r)
	})
	out := f[:0]
	for _, w := range f {
		if w = strings.Trim(w, ".!?"); w != "" {
			out = append(out, w)
		}
	}
	return out
}

// normaliseAt replaces the look-alike "@" characters with "@".
func normaliseAt(w string) string {
	return strings.NewReplacer("\uFF20", "@", "\uFE6B", "@").Replace(w)
}

// looksLikeDomain reports whether w reads as a host name: at least two
// labels of letters, digits and hyphens, under a top-level domain that
// exists (ICANN's part of the Public Suffix List), so that "paypal.com"
// and "www.bank.co.uk" count and "john.smith" or "Dr.Who" do not.
func looksLikeDomain(w string) bool {
	w = strings.TrimSuffix(w, ".")
	labels := strings.Split(w, ".")
	if len(labels) < 2 {
		return false
	}
	for _, l := range labels {
		if l == "" || strings.HasPrefix(l, "-") || strings.HasSuffix(l, "-") {
			return false
		}
		for _, r := range l {
			if !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '-' {
				return false
			}
		}
	}
	suffix, icann := publicsuffix.PublicSuffix(asciiHost(w))
	return icann && suffix != asciiHost(w)
}

// asciiHost returns host in lower case with its labels in ASCII
// (punycode, RFC 3492), or host itself when it is not a valid name.
func asciiHost(host string) string {
	a, err := idna.Punycode.ToASCII(strings.ToLower(host))
	if err != nil {
		return strings.ToLower(host)
	}
	return a
}

// DisplayHost returns a host name as it should be shown: in Unicode when
// all its letters belong to one script (or, beside a Latin top-level
// domain, to one of the Han, Hiragana, Katakana and Hangul scripts that
// cannot pass for Latin letters), and otherwise in its punycode ASCII
// form. "pаypal.com" with a Cyrillic "а" shows as "xn--pypal-4ve.com";
// "bücher.de" and "пример.рф" show as they are. Control and invisible
// characters are removed first.
func DisplayHost(host string) string {
	// Cleaned again after the root's dot goes: "x ." would end in a space.
	host = CleanHeader(strings.TrimSuffix(strings.ToLower(CleanHeader(host)), "."))
	if isASCII(host) && !strings.Contains(host, "xn--") {
		return host
	}
	uni, err := idna.Punycode.ToUnicode(host)
	if err == nil && oneScript(uni) && !anyLabel(uni, allLookalike) {
		return uni
	}
	// Punycode keeps ASCII as it is, spaces included: clean the result
	// again for text that was no host name.
	return CleanHeader(asciiHost(host))
}

// DisplayAddress returns an email address with its host as DisplayHost
// shows it.
func DisplayAddress(email string) string {
	email = CleanHeader(email)
	i := strings.LastIndexByte(email, '@')
	if i < 0 {
		return email
	}
	return email[:i+1] + DisplayHost(email[i+1:])
}

// anyLabel reports whether f holds for any dot-separated label of host.
func anyLabel(host string, f func(string) bool) bool {
	for _, l := range strings.Split(host, ".") {
		if f(l) {
			return true
		}
	}
	return false
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// cjk are scripts whose letters do not resemble Latin ones.
var cjk = []*unicode.RangeTable{unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul}

// oneScript reports whether the letters of host (in Unicode) are of a
// single script, allowing a Latin top-level domain after labels in a CJK
// script (Japanese mixes Han, Hiragana and Katakana).
func oneScript(host string) bool {
	labels := strings.Split(host, ".")
	body, tld := labels, ""
	if len(labels) > 1 {
		body, tld = labels[:len(labels)-1], labels[len(labels)-1]
	}
	scripts := map[string]bool{}
	for _, l := range body {
		for _, r := range l {
			if s := scriptOf(r); s != "" {
				scripts[s] = true
			}
		}
	}
	tldScripts := map[string]bool{}
	for _, r := range tld {
		if s := scriptOf(r); s != "" {
			tldScripts[s] = true
		}
	}
	if scripts["CJK"] && len(scripts) == 1 && (len(tldScripts) == 0 || tldScripts["Latin"] || tldScripts["CJK"]) && len(tldScripts) <= 1 {
		return true
	}
	for s := range tldScripts {
		scripts[s] = true
	}
	return len(scripts) <= 1
}

// scriptOf names the script of a letter, "" for digits, hyphens and
// other characters common to all scripts.
func scriptOf(r rune) string {
	if !unicode.IsLetter(r) {
		return ""
	}
	for _, t := range cjk {
		if unicode.Is(t, r) {
			return "CJK"
		}
	}
	for name, t := range unicode.Scripts {
		if unicode.Is(t, r) {
			return name
		}
	}
	return "?"
}
