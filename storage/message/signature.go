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
// with its separator line does not get a second one, own words that
// already carry sig (a draft opened again) do not get it twice, and an
// empty sig adds nothing.
func Sign(own, sig, original string) string {
	sig = cleanSignature(sig)
	original = strings.TrimLeft(original, "\r\n")
	if sig != "" && strings.Contains("\n"+own+"\n", "\n"+sigSeparator+sig+"\n") {
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

// Resign changes the signature of text, laid out by Sign, from old to sig:
// for a composer whose sender changes after the text was begun. The old
// signature block is replaced where it is, or removed when sig is empty.
// A text without a signature gets sig where Sign puts it: above original
// (what Sign was given as the original), when the text still holds it. A
// signature the user has edited is left alone.
func Resign(text, old, sig, original string) string {
	old, sig = cleanSignature(old), cleanSignature(sig)
	if old == sig {
		return text
	}
	if old != "" {
		block := sigSeparator + old + "\n"
		if i := strings.Index("\n"+text, "\n"+block); i >= 0 {
			return Sign(text[:i], sig, text[i+len(block):])
		}
	}
	own, rest := text, ""
	if o := strings.TrimLeft(original, "\r\n"); o != "" {
		if i := strings.Index(text, o); i >= 0 {
			own, rest = text[:i], text[i:]
		}
	}
	if strings.Contains("\n"+own, "\n"+sigSeparator) {
		return text // a signature the user edited is theirs to change
	}
	return Sign(own, sig, rest)
}

// cleanSignature trims a signature and drops a separator line typed in
// front of it.
func cleanSignature(sig string) string {
	sig = strings.TrimSpace(strings.ReplaceAll(sig, "\r\n", "\n"))
	if s, ok := strings.CutPrefix(sig, "--"); ok && (strings.HasPrefix(s, "\n") || strings.HasPrefix(s, " \n")) {
		sig = strings.TrimSpace(s)
	}
	return sig
}
