package message

import (
	"strings"
	"unicode/utf8"
)

// flowWidth is where lines are wrapped (RFC 3676 section 4.2 recommends 72
// or fewer characters; 78 is the hard limit).
const flowWidth = 72

// maxWrappedQuote is the deepest quote prefix under which lines are still
// wrapped.
const maxWrappedQuote = flowWidth / 2

// Flow encodes text as format=flowed (RFC 3676): long lines are wrapped at
// spaces with a trailing space marking each soft break, lines that a reader
// could mistake for flowed or quoted are space-stuffed, and lines end in
// CRLF. Quoted lines ("> ...") keep their prefix on every wrapped piece.
func Flow(text string) string {
	text = strings.ReplaceAll(strings.ReplaceAll(text, "\r\n", "\n"), "\r", "\n")
	text = strings.TrimSuffix(text, "\n") // the last line's end is written below
	var b strings.Builder
	for _, line := range strings.Split(text, "\n") {
		if line == sigSeparator[:3] {
			// The signature separator is sent as it is: neither fixed
			// nor flowed (RFC 3676 section 4.3).
			b.WriteString(line + "\r\n")
			continue
		}
		// Trailing spaces would read as soft breaks: hard lines lose them.
		line = strings.TrimRight(line, " ")
		quote := ""
		for strings.HasPrefix(line, ">") {
			quote += ">"
			line = line[1:]
		}
		if quote != "" {
			line = strings.TrimPrefix(line, " ")
		}
		prefix := quote
		if quote != "" {
			prefix += " "
		}
		// A line quoted so deeply that little room is left is not
		// wrapped: each piece would repeat the quote marks.
		pieces := []string{line}
		if len(prefix) <= maxWrappedQuote {
			pieces = wrap(line, flowWidth-len(prefix))
		}
		for i, p := range pieces {
			if quote == "" && (strings.HasPrefix(p, " ") || strings.HasPrefix(p, ">") || strings.HasPrefix(p, "From ")) {
				p = " " + p // space-stuffing, RFC 3676 section 4.4
			}
			b.WriteString(prefix + p)
			if i < len(pieces)-1 {
				b.WriteString(" ") // soft break
			}
			b.WriteString("\r\n")
		}
	}
	return strings.TrimSuffix(b.String(), "\r\n") + "\r\n"
}

// wrap splits a line at spaces so pieces are at most width characters
// where possible; a word longer than width stays whole. The space at each
// break is dropped (Flow writes it back as the soft-break marker). Its
// cost is linear in the length of line.
func wrap(line string, width int) []string {
	left := utf8.RuneCountInString(line)
	if left <= width {
		return []string{line}
	}
	var out []string
	for left > width {
		cut, cutRunes := -1, 0
		n := 0
		for i, r := range line {
			if n > width {
				break
			}
			if r == ' ' && i > 0 {
				cut, cutRunes = i, n
			}
			n++
		}
		if cut < 0 {
			// No space within width: break at the next space, if any.
			next := strings.IndexByte(line, ' ')
			if next <= 0 {
				break
			}
			cut, cutRunes = next, utf8.RuneCountInString(line[:next])
		}
		out = append(out, line[:cut])
		line = line[cut+1:]
		left -= cutRunes + 1
	}
	return append(out, line)
}
