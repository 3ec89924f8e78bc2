package message

import (
	"strings"

	"github.com/tern-mail/tern/assets/i18n"
)

// MaxDisplayLine is the length in bytes beyond which a line of a
// message's text is cut for display: laying out or printing one line of
// tens of megabytes takes seconds and hundreds of megabytes, and nobody
// reads it. Saving keeps the whole text.
const MaxDisplayLine = 16 << 10

// DisplayText returns CleanText(s) with every line longer than
// MaxDisplayLine cut there and a note saying how much was left out.
func DisplayText(s string) string {
	return CleanText(CutLongLines(s, MaxDisplayLine))
}

// CutLongLines cuts each line of s longer than limit bytes, at a
// character boundary, and notes how much of it was left out. A window
// that wraps lines needs a lower limit than a terminal: laying out a
// wrapped line costs time growing with the square of its length.
func CutLongLines(s string, limit int) string {
	if !hasLongLine(s, limit) {
		return s
	}
	var b strings.Builder
	for len(s) > 0 {
		line, rest, found := strings.Cut(s, "\n")
		s = rest
		if len(line) > limit {
			end := limit
			for end > 0 && !isRuneStart(line[end]) {
				end--
			}
			b.WriteString(line[:end] + " … " + i18n.T("message.line_cut", i18n.Args{"Size": SizeText(len(line) - end)}))
		} else {
			b.WriteString(line)
		}
		if found {
			b.WriteByte('\n')
		}
	}
	return b.String()
}

// hasLongLine reports whether a line of s is over limit bytes.
func hasLongLine(s string, limit int) bool {
	for len(s) > limit {
		i := strings.IndexByte(s[:limit+1], '\n')
		if i < 0 {
			return true
		}
		s = s[i+1:]
	}
	return false
}

// isRuneStart reports whether c starts a UTF-8 character.
func isRuneStart(c byte) bool { return c&0xC0 != 0x80 }
