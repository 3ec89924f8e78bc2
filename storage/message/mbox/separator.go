package mbox

import (
	"bytes"
	"strings"
	"time"
)

// maxFieldPeek is how far past a "From " line the reader looks for the
// header field that shows a message begins there.
const maxFieldPeek = 256

// isFromLine reports whether line begins like a From_ line.
func isFromLine(line []byte) bool { return bytes.HasPrefix(line, []byte("From ")) }

// isBlank reports whether line is empty but for its line break.
func isBlank(line []byte) bool {
	return len(line) == 1 && line[0] == '\n' || len(line) == 2 && line[0] == '\r' && line[1] == '\n'
}

// fromText is a From_ line's text after "From ", without its line break.
func fromText(line []byte) string {
	return strings.TrimRight(string(line[len("From "):]), "\r\n")
}

// separates decides whether the "From " line begins a new message, given
// the bytes after it (next) and whether a blank line came before it.
// mboxo and mboxrd writers quote a body's "From " lines, but not every
// program does (mutt relies on Content-Length, a hand-made file on
// nothing), so a "From " line only separates when a header field follows
// it and, unless a blank line came before, it carries an envelope date as
// a From_ line does ("From sender Mon Jan  2 15:04:05 2006").
func separates(line, next []byte, prevBlank bool) bool {
	if !startsHeader(next) {
		return false
	}
	if prevBlank {
		return true
	}
	_, ok := FromLineDate(fromText(line))
	return ok
}

// startsHeader reports whether b begins with a header field ("Name:"),
// or with a ">From " line some programs keep as the first.
func startsHeader(b []byte) bool {
	if bytes.HasPrefix(b, []byte(">From ")) {
		return true
	}
	for i, c := range b {
		switch {
		case c == ':':
			return i > 0
		case c <= ' ' || c > '~':
			return false
		}
	}
	return false
}

// separatorIn returns where in data a From_ line begins a new message,
// or -1. prevBlank says whether the line before data was blank.
func separatorIn(data []byte, prevBlank bool) int {
	for start := 0; start < len(data); {
		end := bytes.IndexByte(data[start:], '\n')
		if end < 0 {
			end = len(data)
		} else {
			end += start + 1
		}
		line := data[start:end]
		if isFromLine(line) && end < len(data) && separates(line, data[end:min(len(data), end+maxFieldPeek)], prevBlank) {
			return start
		}
		prevBlank = isBlank(line)
		start = end
	}
	return -1
}

// fromDateLayouts are the forms of a From_ line's date: asctime's, with
// a zone name or offset (before the year, as Google Takeout writes it),
// and without seconds.
var fromDateLayouts = []string{
	"Mon Jan 2 15:04:05 2006",
	"Mon Jan 2 15:04:05 -0700 2006",
	"Mon Jan 2 15:04:05 MST 2006",
	"Mon Jan 2 15:04 2006",
	"Mon Jan 2 15:04:05 2006 -0700",
}

// FromLineDate reads the time a From_ line's text (Message.From) gives,
// when it gives one: "sender Mon Jan  2 15:04:05 2006". A time without a
// zone is taken as UTC.
func FromLineDate(from string) (time.Time, bool) {
	f := strings.Fields(from)
	if len(f) < 2 {
		return time.Time{}, false
	}
	f = f[1:]
	for n := min(len(f), 6); n >= 5; n-- {
		s := strings.Join(f[:n], " ")
		for _, layout := range fromDateLayouts {
			if t, err := time.Parse(layout, s); err == nil {
				return t, true
			}
		}
	}
	return time.Time{}, false
}

// body gathers a message's lines, up to max bytes; past that it keeps the
// header and counts.
type body struct {
	max        int64
	buf        []byte
	size       int64
	headerEnd  int // len(buf) once the header is read
	headerDone bool
	truncated  bool
	tail       [4]byte // the last bytes added, kept when truncated
	ntail      int
}

func (b *body) add(p []byte) {
	b.size += int64(len(p))
	for _, c := range p[max(0, len(p)-len(b.tail)):] {
		copy(b.tail[:], b.tail[1:])
		b.tail[len(b.tail)-1] = c
	}
	b.ntail = min(len(b.tail), b.ntail+len(p))
	if b.truncated {
		return
	}
	if int64(len(b.buf))+int64(len(p)) > b.max {
		b.truncated = true
		b.buf = b.buf[:b.headerLen()]
		return
	}
	b.buf = append(b.buf, p...)
	if !b.headerDone {
		b.headerEnd = len(b.buf)
	}
}

// headerLen is how much of buf is header (all of it, while the header
// is being read).
func (b *body) headerLen() int {
	if b.headerDone {
		return b.headerEnd
	}
	return len(b.buf)
}

// endsBlank reports whether the last line added is blank.
func (b *body) endsBlank() bool {
	s := b.buf
	return isBlank(s) || bytes.HasSuffix(s, []byte("\n\n")) || bytes.HasSuffix(s, []byte("\n\r\n"))
}

// finish returns the message: the blank line before the next From_ line
// taken off, quoting undone when quoted.
func (b *body) finish(quoted bool) (raw []byte, size int64, truncated bool) {
	raw = b.buf
	if b.truncated {
		b.size -= int64(trailingSeparator(b.tail[len(b.tail)-b.ntail:]))
	} else {
		n := trailingSeparator(raw)
		raw = raw[:len(raw)-n]
		b.size -= int64(n)
	}
	if quoted {
		raw = Unquote(raw)
	}
	if raw == nil {
		raw = []byte{}
	}
	return raw, b.size, b.truncated
}

// trailingSeparator is how many bytes at the end of raw are the blank
// line a writer puts between messages: "\r\n" after a line ending in
// "\r\n", "\n" after one ending in "\n", none when the last line is not
// blank (a message written without the blank line).
func trailingSeparator(raw []byte) int {
	switch {
	case bytes.HasSuffix(raw, []byte("\r\n\r\n")):
		return 2
	case bytes.HasSuffix(raw, []byte("\n\n")):
		return 1
	}
	return 0
}

// Unquote undoes mboxrd quoting in raw, in place: one ">" is taken from
// every line that is ">From ", ">>From " and so on. (mboxo quoting, which
// quoted "From " lines only, is undone too; a ">From " line it left
// alone loses its ">", mboxo's known loss.)
func Unquote(raw []byte) []byte {
	if !bytes.Contains(raw, []byte(">From ")) {
		return raw
	}
	out := raw[:0]
	for start := 0; start < len(raw); {
		end := bytes.IndexByte(raw[start:], '\n')
		if end < 0 {
			end = len(raw)
		} else {
			end += start + 1
		}
		line := raw[start:end]
		if quotedFrom(line) {
			line = line[1:]
		}
		out = append(out, line...)
		start = end
	}
	return out
}

// quotedFrom reports whether line is ">…>From ".
func quotedFrom(line []byte) bool {
	i := 0
	for i < len(line) && line[i] == '>' {
		i++
	}
	return i > 0 && bytes.HasPrefix(line[i:], []byte("From "))
}
