package message

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// CleanHeader returns decoded header text fit to show on one line: C0 and
// C1 control characters (ESC, BEL, CR, LF …), bidirectional embeddings,
// overrides and isolates and invisible characters are removed; line and
// tab characters become spaces, so a folded header reads as unfolded
// (RFC 5322 section 2.2.3: a line break before white space is removed);
// runs of spaces collapse to one and the ends are trimmed; invalid UTF-8
// becomes U+FFFD.
//
// Parse applies it to every header it returns, so a newline in a display
// name cannot draw a forged header line and an escape sequence in a
// subject cannot reach a terminal.
func CleanHeader(s string) string {
	if isClean(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	space := false // a space is pending
	for _, r := range strings.ToValidUTF8(s, "\uFFFD") {
		switch {
		case unicode.IsSpace(r):
			space = b.Len() > 0
			continue
		case isControl(r) || isBidiControl(r) || isInvisible(r):
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

// isClean reports whether CleanHeader would return s unchanged: the
// common case, checked without allocating.
func isClean(s string) bool {
	prevSpace := true // a leading space is not clean
	for _, r := range s {
		if r == ' ' {
			if prevSpace {
				return false
			}
			prevSpace = true
			continue
		}
		prevSpace = false
		if r == utf8.RuneError || r < 0x20 || r == 0x7f || (r >= 0x80 && (r <= 0xA0 || unicode.IsSpace(r) ||
			isBidiControl(r) || isInvisible(r))) {
			return false
		}
	}
	return !prevSpace || s == ""
}

// isControl reports whether r is a C0 or C1 control character or DEL.
func isControl(r rune) bool {
	return r < 0x20 || (r >= 0x7f && r <= 0x9f)
}

// isBidiControl reports whether r changes the direction of the text
// around it (Unicode Bidirectional Algorithm, UAX #9): marks, embeddings,
// overrides and isolates. "exe.pdf" after U+202E shows as "fdp.exe".
func isBidiControl(r rune) bool {
	switch {
	case r == 0x061C, r == 0x200E, r == 0x200F:
		return true
	case r >= 0x202A && r <= 0x202E:
		return true
	case r >= 0x2066 && r <= 0x2069:
		return true
	}
	return false
}

// isInvisible reports whether r is drawn as nothing and so can hide or
// pad text: zero-width spaces and joiners used outside words, word
// joiners, invisible operators, the byte order mark, soft hyphens,
// variation-free fillers and tag characters. The zero-width joiner and
// non-joiner are kept: emoji sequences and several scripts need them.
func isInvisible(r rune) bool {
	switch {
	case r == 0x00AD, r == 0x034F, r == 0x115F, r == 0x1160, r == 0x17B4, r == 0x17B5,
		r == 0x180E, r == 0x200B, r == 0x3164, r == 0xFEFF, r == 0xFFA0:
		return true
	case r >= 0x2060 && r <= 0x2064:
		return true
	case r >= 0xFFF9 && r <= 0xFFFB: // interlinear annotation
		return true
	case r >= 0xE0000 && r <= 0xE007F: // tags
		return true
	}
	return false
}

// CleanText returns body text fit to print on a terminal: control
// characters other than line ends and tabs are removed, as are
// bidirectional controls. The command line prints message bodies through
// it.
func CleanText(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\n' || r == '\t':
			return r
		case r == '\r':
			return -1
		case isControl(r), isBidiControl(r):
			return -1
		case r == 0x2028 || r == 0x2029:
			return '\n'
		}
		return r
	}, strings.ToValidUTF8(s, "\uFFFD"))
}
