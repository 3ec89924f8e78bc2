package message

import "strings"

// sigSeparator is the line above a signature (RFC 3676 section 4.3), which
// mail readers use to tell the signature from the text.
const sigSeparator = "-- \n"

// Sign lays out the text of a message: what the user wrote (own), then the
// signature sig under its separator line, then the original of a reply or
// forward (as Reply and Forward put it in Draft.Text), if any.
//
// The signature closes the user's own words: at the end of new mail, and
// between the reply and the quoted original, as people read a reply
// written above the quote. When own is empty (a composer opening) two
// empty lines are left at the top to write in. A sig that already starts
// with its separator line does not get a second one, a text that already
// carries sig does not get it twice, and an empty sig adds nothing.
func Sign(own, sig, original string) string {
	sig = strings.TrimSpace(strings.ReplaceAll(sig, "\r\n", "\n"))
	if s, ok := strings.CutPrefix(sig, "--"); ok && (strings.HasPrefix(s, "\n") || strings.HasPrefix(s, " \n")) {
		sig = strings.TrimSpace(s)
	}
	original = strings.TrimLeft(original, "\r\n")
	if sig != "" && strings.Contains("\n"+own+"\n"+original, "\n"+sigSeparator+sig+"\n") {
		sig = "" // signed already, e.g. a draft opened again
	}
	if sig == "" && original == "" {
		return own
	}
	var b strings.Builder
	b.WriteString(strings.TrimRight(own, "\r\n"))
	b.WriteString("\n\n")
	if sig != "" {
		b.WriteString(sigSeparator + sig + "\n")
		if original != "" {
			b.WriteString("\n")
		}
	}
	b.WriteString(original)
	return b.String()
}
