package message

import (
	"bytes"
	"errors"
	"fmt"
	"strings"

	"github.com/jhillyerd/enmime/v2/mediatype"
)

// MaxDepth is how deeply multiparts may nest in a message Tern reads as
// MIME. Real mail nests three or four levels; a message nested deeper is
// shown as it arrived, with a warning, because the MIME library's time
// grows with depth times size.
const MaxDepth = 50

// MaxHeaderBytes is the size beyond which a header block is cut before
// parsing: the fields that say who sent the message and how its body is
// built are kept, the rest of the excess is dropped.
const MaxHeaderBytes = 1 << 20

// errTooDeep and errBoundaryClash are the structures a message cannot be
// parsed safely with: it is then shown raw.
var (
	errTooDeep       = fmt.Errorf("its parts are nested more than %d levels deep", MaxDepth)
	errBoundaryClash = errors.New("a part's separator repeats the separator of a part around it")
)

// Warnings added when a message had to be mended before parsing.
const (
	warnUnclosed  = "Some parts of this message were not closed; they are shown up to the end of the message."
	warnHeaderCut = "The header of this message was over 1 MB and was cut."
)

// sanitize makes raw safe to hand to the MIME parser, in time linear in
// its size: a header block over MaxHeaderBytes is cut, and every multipart
// that lacks its closing delimiter (RFC 2046 section 5.1.1) gets one where
// its content ends, because the parser retries unclosed multiparts in a
// way whose cost doubles with each level of nesting. It returns raw itself
// when nothing needed mending, and an error when the structure is too
// deep or ambiguous to parse safely.
func sanitize(raw []byte) ([]byte, []string, error) {
	var warns []string
	raw, cut := cutHeader(raw)
	if cut {
		warns = append(warns, warnHeaderCut)
	}
	fixed, mended, err := closeMultiparts(raw)
	if err != nil {
		return raw, warns, err
	}
	if mended {
		warns = append(warns, warnUnclosed)
	}
	return fixed, warns, nil
}

// lines iterates over the lines of b, each with its line end.
type lines struct {
	b   []byte
	pos int
}

// next returns the next line and its offset, or false at the end.
func (l *lines) next() ([]byte, int, bool) {
	if l.pos >= len(l.b) {
		return nil, 0, false
	}
	start := l.pos
	if i := bytes.IndexByte(l.b[start:], '\n'); i >= 0 {
		l.pos = start + i + 1
	} else {
		l.pos = len(l.b)
	}
	return l.b[start:l.pos], start, true
}

// nextDash returns the next line that starts with "--", skipping the
// others with one fast search: most of a message's lines are content.
func (l *lines) nextDash() ([]byte, int, bool) {
	if l.pos >= len(l.b) {
		return nil, 0, false
	}
	if !bytes.HasPrefix(l.b[l.pos:], []byte("--")) {
		i := bytes.Index(l.b[l.pos:], []byte("\n--"))
		if i < 0 {
			l.pos = len(l.b)
			return nil, 0, false
		}
		l.pos += i + 1
	}
	return l.next()
}

// isSpaceByte reports whether c is white space as enmime tests the byte
// after a delimiter (unicode.IsSpace of the byte as a rune, so NEL and
// NBSP count).
func isSpaceByte(c byte) bool {
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f' || c == 0x85 || c == 0xA0
}

// blank reports whether line is empty apart from its line end.
func blank(line []byte) bool {
	return len(bytes.TrimRight(line, "\r\n")) == 0
}

// readBoundary reads a header block from l up to and including its blank
// line and returns the boundary of the multipart it starts, or "". It
// follows enmime: the first Content-Type field counts; the message itself
// is a multipart when its type is multipart/*, a part inside one whenever
// its type has a boundary parameter and is not text/plain or text/html.
func readBoundary(l *lines, root bool) string {
	var ct []byte
	inCT, found := false, false
	for {
		line, _, ok := l.next()
		if !ok || blank(line) {
			break
		}
		if line[0] == ' ' || line[0] == '\t' { // folded (RFC 5322 section 2.2.3)
			if inCT {
				ct = append(ct, bytes.TrimRight(line, "\r\n")...)
			}
			continue
		}
		inCT = !found && len(line) > 13 && strings.EqualFold(string(line[:13]), "content-type:")
		if inCT {
			found = true
			ct = append(ct[:0], bytes.TrimRight(line[13:], "\r\n")...)
		}
	}
	if len(ct) == 0 {
		return ""
	}
	// enmime's own reading of the field, which mends many broken ones, so
	// that both see the same multiparts.
	mt, params, _, err := mediatype.Parse(string(ct))
	if err != nil {
		return ""
	}
	mt = strings.ToLower(mt)
	if root && !strings.HasPrefix(mt, "multipart/") {
		return ""
	}
	if !root && (mt == "text/plain" || mt == "text/html") {
		return ""
	}
	return params["boundary"]
}

// closeMultiparts returns raw with the closing delimiter of every unclosed
// multipart inserted where its content ends: before the delimiter of a
// part around it, or at the end of the message. mended says whether any
// was missing.
func closeMultiparts(raw []byte) (out []byte, mended bool, err error) {
	l := &lines{b: raw}
	// The multiparts being read, outermost first; seen says whether a
	// delimiter of it has been met (before that, its preamble is read).
	type level struct {
		boundary string
		seen     bool
	}
	var open []level
	if b := readBoundary(l, true); b != "" {
		open = append(open, level{boundary: b})
	}
	type insert struct {
		at    int
		lines []string
	}
	var inserts []insert
	eol := "\r\n"
	// closeAbove records that the multiparts nested inside level k end at
	// offset at, and forgets them.
	closeAbove := func(k, at int) {
		if len(open) > k+1 {
			var ls []string
			for i := len(open) - 1; i > k; i-- {
				ls = append(ls, "--"+open[i].boundary+"--"+eol)
			}
			inserts = append(inserts, insert{at, ls})
			open = open[:k+1]
		}
	}
	// startPart handles a delimiter of level k: the header of a new part
	// follows, which may open a multipart of its own.
	startPart := func(k, at int) error {
		closeAbove(k, at)
		open[k].seen = true
		nb := readBoundary(l, false)
		if nb == "" {
			return nil
		}
		for _, o := range open {
			if strings.HasPrefix(nb, o.boundary) || strings.HasPrefix(o.boundary, nb) {
				return errBoundaryClash
			}
		}
		if len(open) >= MaxDepth {
			return errTooDeep
		}
		open = append(open, level{boundary: nb})
		return nil
	}
	for len(open) > 0 {
		top := len(open) - 1
		var line []byte
		var at int
		var ok bool
		if open[top].seen {
			line, at, ok = l.nextDash()
		} else {
			line, at, ok = l.next() // a preamble: every line counts
		}
		if !ok {
			break
		}
		if bytes.HasSuffix(line, []byte("\r\n")) {
			eol = "\r\n"
		} else {
			eol = "\n"
		}
		matched := false
		if bytes.HasPrefix(line, []byte("--")) {
			// The outermost match wins: a parser reads inner parts
			// through the parts around them, and the outer one stops
			// first.
			for k, o := range open {
				rest, ok := bytes.CutPrefix(line[2:], []byte(o.boundary))
				if !ok {
					continue
				}
				if bytes.HasPrefix(rest, []byte("--")) { // the end of level k
					closeAbove(k, at)
					open = open[:k]
					matched = true
					break
				}
				if len(rest) > 0 && !isSpaceByte(rest[0]) {
					continue // a longer boundary, not this one
				}
				if err := startPart(k, at); err != nil {
					return raw, false, err
				}
				matched = true
				break
			}
		}
		if matched || open[top].seen {
			continue
		}
		// enmime takes the first delimiter of a multipart from anywhere in
		// a line of its preamble, and its end likewise.
		b := []byte("--" + open[top].boundary)
		if bytes.Contains(line, append(b, '-', '-')) {
			open = open[:top]
			continue
		}
		if i := bytes.Index(line, b); i >= 0 && i+len(b) < len(line) && isSpaceByte(line[i+len(b)]) {
			if err := startPart(top, at); err != nil {
				return raw, false, err
			}
		}
	}
	if len(open) > 0 {
		closeAbove(-1, len(raw))
		if n := len(inserts) - 1; len(raw) > 0 && raw[len(raw)-1] != '\n' {
			inserts[n].lines = append([]string{eol}, inserts[n].lines...)
		}
	}
	if len(inserts) == 0 {
		return raw, false, nil
	}
	var b bytes.Buffer
	b.Grow(len(raw) + 64*len(inserts))
	from := 0
	for _, in := range inserts {
		b.Write(raw[from:in.at])
		for _, s := range in.lines {
			b.WriteString(s)
		}
		from = in.at
	}
	b.Write(raw[from:])
	return b.Bytes(), true, nil
}

// keptFields are the header fields kept from the part of a header block
// beyond MaxHeaderBytes: who sent the message, when, and how to read its
// body.
var keptFields = []string{"from:", "to:", "cc:", "reply-to:", "subject:", "date:", "message-id:",
	"in-reply-to:", "references:", "mime-version:", "content-type:", "content-transfer-encoding:"}

// maxKeptField bounds each field kept from beyond the limit.
const maxKeptField = 16 << 10

// cutHeader returns raw with its header block cut to MaxHeaderBytes, and
// whether it was cut.
func cutHeader(raw []byte) ([]byte, bool) {
	l := &lines{b: raw}
	var kept bytes.Buffer
	cutAt := -1 // where the dropped part of the header starts
	field := -1 // start of the field being read beyond the limit, if kept
	flush := func(end int) {
		if field >= 0 && end-field <= maxKeptField {
			kept.Write(raw[field:end])
		}
		field = -1
	}
	for {
		line, at, ok := l.next()
		if !ok {
			flush(len(raw))
			break
		}
		if blank(line) {
			if cutAt < 0 {
				return raw, false
			}
			flush(at)
			var b bytes.Buffer
			b.Grow(cutAt + kept.Len() + len(raw) - at)
			b.Write(raw[:cutAt])
			b.Write(kept.Bytes())
			b.Write(raw[at:])
			return b.Bytes(), true
		}
		if at+len(line) > MaxHeaderBytes && cutAt < 0 {
			if line[0] == ' ' || line[0] == '\t' {
				// Cut a folded field at its start.
				cutAt = bytes.LastIndexByte(raw[:at], '\n')
				for cutAt > 0 && (raw[cutAt+1] == ' ' || raw[cutAt+1] == '\t') {
					cutAt = bytes.LastIndexByte(raw[:cutAt], '\n')
				}
				cutAt++
			} else {
				cutAt = at
			}
			// The field cut in its middle may be one to keep.
			l2 := &lines{b: raw, pos: cutAt}
			line, at, _ = l2.next()
			l.pos = l2.pos
		}
		if cutAt < 0 {
			continue
		}
		if line[0] == ' ' || line[0] == '\t' {
			continue // part of the field being read
		}
		flush(at)
		for _, f := range keptFields {
			if len(line) >= len(f) && strings.EqualFold(string(line[:len(f)]), f) {
				field = at
				break
			}
		}
	}
	if cutAt < 0 {
		return raw, false
	}
	// A header with no body.
	out := append(append([]byte{}, raw[:cutAt]...), kept.Bytes()...)
	return out, true
}
