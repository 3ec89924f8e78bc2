package printout

import (
	"regexp"
	"strings"

	"github.com/tern-mail/tern/storage/message"
)

// textBlocks lays out a plain text body: one paragraph a line (a long
// one wraps), an empty line as space, quoted lines (">") in grey, and
// the addresses in the text as links.
func textBlocks(text string) *doc {
	d := &doc{}
	text = printable(message.CutLongLines(text, message.MaxDisplayLine))
	for _, line := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		st := spanStyle{gray: strings.HasPrefix(line, ">")}
		if strings.TrimSpace(line) == "" {
			line = " "
		}
		rest := line
		for {
			loc := urlPattern.FindStringIndex(rest)
			if loc == nil {
				break
			}
			d.add(rest[:loc[0]], st, "", block{pre: true})
			d.add(rest[loc[0]:loc[1]], st, rest[loc[0]:loc[1]], block{pre: true})
			rest = rest[loc[1]:]
		}
		d.add(rest, st, "", block{pre: true})
		d.end(false)
	}
	return d
}

// urlPattern finds web and mail addresses in plain text, as the reader
// does.
var urlPattern = regexp.MustCompile(`(?i)\b(https?://[^\s<>"]+[^\s<>".,;:!?)\]]|mailto:[^\s<>"@]+@[^\s<>"]*[^\s<>".,;:!?)])`)
