package support

import (
	"regexp"
	"strings"
)

// Marker replaces anything secret that was left out.
const Marker = "[left out]"

var (
	// addressRE matches an e-mail address; group 1 is its domain.
	addressRE = regexp.MustCompile(`[A-Za-z0-9.!#$%&'*+/?^_` + "`" + `{|}~-]+@([A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+)`)
	// tokenRE matches the usual shapes of credentials written as text:
	// bearer tokens, OAuth JSON fields and form fields, XOAUTH2 payloads.
	tokenRE = regexp.MustCompile(`(?i)(bearer\s+|auth=bearer\s+|"?(?:access_token|refresh_token|id_token|password|client_secret|code)"?\s*[:=]\s*"?)[^\s"&,;\x01]+`)
	// imapAddrRE matches an IMAP ENVELOPE address (RFC 3501 section 7.4.2):
	// (name adl mailbox host); group 2 is the mailbox, group 3 the host.
	imapAddrRE = regexp.MustCompile(`\((NIL|"(?:[^"\\]|\\.)*") (NIL|"(?:[^"\\]|\\.)*") (NIL|"(?:[^"\\]|\\.)*") (NIL|"(?:[^"\\]|\\.)*")\)`)
)

// MaskAddresses replaces the part of every e-mail address in s before the
// @ with asterisks, keeping the domain: ana@example.org → ***@example.org.
func MaskAddresses(s string) string {
	if !strings.Contains(s, "@") {
		return s
	}
	return addressRE.ReplaceAllString(s, "***@$1")
}

// Scrub masks addresses and replaces anything shaped like a credential
// (bearer tokens, access_token=…, "refresh_token": "…") with Marker.
func Scrub(s string) string {
	s = MaskAddresses(s)
	return tokenRE.ReplaceAllString(s, "${1}"+Marker)
}

// maskEnvelope replaces the names and mailboxes of IMAP ENVELOPE
// addresses, keeping their hosts: ("Ana" NIL "ana" "example.org") →
// ("***" NIL "***" "example.org").
func maskEnvelope(s string) string {
	if !strings.Contains(s, "(") {
		return s
	}
	return imapAddrRE.ReplaceAllStringFunc(s, func(m string) string {
		g := imapAddrRE.FindStringSubmatch(m)
		return "(" + star(g[1]) + " " + g[2] + " " + star(g[3]) + " " + g[4] + ")"
	})
}

// star masks an IMAP nstring unless it is NIL.
func star(v string) string {
	if v == "NIL" {
		return v
	}
	return `"***"`
}
