package message

import (
	"bytes"
	"errors"
	"fmt"
	"strings"

	"github.com/jhillyerd/enmime/v2/mediatype"

	"github.com/tern-mail/tern/assets/i18n"
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
// parsed safely with: it is then shown raw (and causeText says why).
var (
	errTooDeep       = fmt.Errorf("its parts are nested more than %d levels deep", MaxDepth)
	errBoundaryClash = errors.New("a part's separator repeats the separator of a part around it")
)

// sanitize makes raw safe to hand to the MIME parser, in time linear in
// its size: a header block over MaxHeaderBytes is cut, and every multipart
// that lacks its closing delimiter (RFC 2046 section 5.1.1) gets one where
// its content ends, because the parser retries unclosed multiparts in a
// way whose cost doubles with each level of nesting. It returns raw itself
// when nothing needed mending, and an error when the structure is too
// deep or ambiguous to parse safely.
func sanitize(raw []byte) ([]byte, []string, error) {
	s, err := prepare(raw)
	return s.src, s.warns, err
}

// sanitized is a message prepared for the MIME parser: its source, the
// warnings about what was mended and how many parts were left out past
// MaxParts.
type sanitized struct {
	src   []byte
	warns []string
	more  int
}

// prepare is sanitize, also cutting the parts past MaxParts and cleaning
// damaged base64 content (see budget.go).
func prepare(raw []byte) (sanitized, error) {
	var s sanitized
	raw, cut := cutHeader(raw)
	s.src = raw
	if cut {
		s.warns = append(s.warns, i18n.T("message.warning.header_cut"))
	}
	m, err := closeMultiparts(raw)
	if err != nil {
		return s, err
	}
	s.src, s.more = m.output(raw), m.more
	s.warns = append(s.warns, m.warnings()...)
	return s, nil
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

// partHead is what readHead learns of a part from its header block.
type partHead struct {
	boundary  string // of the multipart the part is, or ""
	mediaType string // lower case, without parameters
	base64    bool   // its Content-Transfer-Encoding is base64
	start     int    // offset of the header block
	body      int    // offset of the content, after the blank line
}

// readHead reads a header block from l up to and including its blank
// line. It follows enmime: the first Content-Type field counts; the
// message itself is a multipart when its type is multipart/*, a part
// inside one whenever its type has a boundary parameter and is not
// text/plain or text/html.
func readHead(l *lines, root bool) partHead {
	h := partHead{start: l.pos}
	var ct, cte []byte
	var cur *[]byte // the field being read, when it is one of those two
	for {
		line, _, ok := l.next()
		if !ok || blank(line) {
			break
		}
		if line[0] == ' ' || line[0] == '\t' { // folded (RFC 5322 section 2.2.3)
			if cur != nil {
				*cur = append(*cur, bytes.TrimRight(line, "\r\n")...)
			}
			continue
		}
		cur = nil
		if v, ok := fieldValue(line, "content-type:"); ok && ct == nil {
			ct, cur = v, &ct
		} else if v, ok := fieldValue(line, "content-transfer-encoding:"); ok && cte == nil {
			cte, cur = v, &cte
		}
	}
	h.body = l.pos
	h.base64 = strings.EqualFold(strings.TrimSpace(string(cte)), "base64")
	h.mediaType, h.boundary = boundaryOf(ct, root)
	return h
}

// fieldValue returns a copy of the value of line when it is the field
// named name (lower case, with its colon).
func fieldValue(line []byte, name string) ([]byte, bool) {
	if len(line) <= len(name) || !strings.EqualFold(string(line[:len(name)]), name) {
		return nil, false
	}
	return append([]byte{}, bytes.TrimRight(line[len(name):], "\r\n")...), true
}

// boundaryOf returns the media type a Content-Type value ct names and
// the boundary of the multipart it makes, if any.
func boundaryOf(ct []byte, root bool) (string, string) {
	if len(ct) == 0 {
		return "text/plain", ""
	}
	// enmime's own reading of the field, which mends many broken ones, so
	// that both see the same multiparts.
	mt, params, _, err := mediatype.Parse(string(ct))
	if err != nil {
		return "", ""
	}
	mt = strings.ToLower(mt)
	if root && !strings.HasPrefix(mt, "multipart/") {
		return mt, ""
	}
	if !root && (mt == "text/plain" || mt == "text/html") {
		return mt, ""
	}
	return mt, params["boundary"]
}

// closeMultiparts reads raw and returns what must change in it (see
// mender.output): the closing delimiter of every unclosed multipart
// inserted where its content ends, before the delimiter of a part around
// it or at the end of the message; the parts past MaxParts cut; damaged
// base64 content cleaned.
func closeMultiparts(raw []byte) (*mender, error) {
	m := &mender{l: &lines{b: raw}, eol: "\r\n", cutAt: -1}
	if h := readHead(m.l, true); h.boundary != "" {
		m.open = append(m.open, level{boundary: h.boundary})
	} else {
		m.part, m.pending = h, true
	}
	for len(m.open) > 0 {
		line, at, ok := m.nextLine()
		if !ok {
			break
		}
		if err := m.readLine(line, at); err != nil {
			return nil, err
		}
	}
	m.closeAtEnd(raw)
	return m, nil
}

// output returns raw with m's changes made, or raw itself when there are
// none.
func (m *mender) output(raw []byte) []byte {
	end := len(raw)
	if m.cutAt >= 0 {
		end = m.cutAt
	}
	if len(m.inserts) == 0 && end == len(raw) {
		return raw
	}
	return applyInserts(raw[:end], m.inserts)
}

// warnings says what m changed, in the person's language.
func (m *mender) warnings() []string {
	var w []string
	if m.unclosed {
		w = append(w, i18n.T("message.warning.unclosed"))
	}
	if m.damaged > 0 {
		w = append(w, i18n.T("message.warning.damaged"))
	}
	if m.more > 0 {
		w = append(w, i18n.N("message.warning.more_parts", m.more, i18n.Args{"Max": MaxParts}))
	}
	return w
}

// mender reads a message line by line for closeMultiparts, keeping the
// multiparts open at each point and the closing delimiters to insert.
type mender struct {
	l *lines
	// open are the multiparts being read, outermost first.
	open    []level
	inserts []insert
	// eol is the line end of the last line read, which inserted
	// delimiters copy.
	eol string
	// unclosed says whether a closing delimiter was missing.
	unclosed bool
	// part is the header of the last part started that is not a
	// multipart, whose content ends at the next delimiter; pending says
	// it has not ended yet.
	part    partHead
	pending bool
	// parts counts the parts met; past MaxParts the message is cut at
	// cutAt (-1 until then) and more counts the parts left out.
	parts, cutAt, more int
	// damaged counts base64 parts with bytes outside the alphabet.
	damaged int
}

// level is one open multipart; seen says whether a delimiter of it has
// been met (before that, its preamble is read).
type level struct {
	boundary string
	seen     bool
}

// insert is lines to insert at offset at of the message, followed by
// repl in place of the skip bytes from at.
type insert struct {
	at    int
	lines []string
	skip  int
	repl  []byte
}

// nextLine returns the next line that may matter: in a preamble every
// line, after a delimiter only lines that start with "--".
func (m *mender) nextLine() ([]byte, int, bool) {
	var line []byte
	var at int
	var ok bool
	if m.open[len(m.open)-1].seen {
		line, at, ok = m.l.nextDash()
	} else {
		line, at, ok = m.l.next() // a preamble: every line counts
	}
	if ok {
		m.eol = "\n"
		if bytes.HasSuffix(line, []byte("\r\n")) {
			m.eol = "\r\n"
		}
	}
	return line, at, ok
}

// readLine handles the line at offset at: a delimiter of an open
// multipart, or a line of the innermost one's preamble.
func (m *mender) readLine(line []byte, at int) error {
	top := len(m.open) - 1
	matched, err := m.delimiter(line, at)
	if err != nil || matched || m.open[top].seen {
		return err
	}
	return m.preambleLine(line, at, top)
}

// delimiter handles line when it is a delimiter (RFC 2046 section 5.1.1)
// of an open multipart, and reports whether it was.
func (m *mender) delimiter(line []byte, at int) (bool, error) {
	if !bytes.HasPrefix(line, []byte("--")) {
		return false, nil
	}
	// The outermost match wins: a parser reads inner parts through the
	// parts around them, and the outer one stops first.
	for k, o := range m.open {
		rest, ok := bytes.CutPrefix(line[2:], []byte(o.boundary))
		if !ok {
			continue
		}
		if bytes.HasPrefix(rest, []byte("--")) { // the end of level k
			m.closeAbove(k, at)
			m.open = m.open[:k]
			return true, nil
		}
		if len(rest) > 0 && !isSpaceByte(rest[0]) {
			continue // a longer boundary, not this one
		}
		return true, m.startPart(k, at)
	}
	return false, nil
}

// preambleLine handles a line of the preamble of level top. enmime takes
// the first delimiter of a multipart from anywhere in a line of its
// preamble, and its end likewise.
func (m *mender) preambleLine(line []byte, at, top int) error {
	b := []byte("--" + m.open[top].boundary)
	if bytes.Contains(line, append(b, '-', '-')) {
		m.open = m.open[:top]
		return nil
	}
	if i := bytes.Index(line, b); i >= 0 && i+len(b) < len(line) && isSpaceByte(line[i+len(b)]) {
		return m.startPart(top, at)
	}
	return nil
}

// closeAbove records that the multiparts nested inside level k end at
// offset at, and forgets them.
func (m *mender) closeAbove(k, at int) {
	m.finishPart(at)
	if len(m.open) <= k+1 {
		return
	}
	var ls []string
	for i := len(m.open) - 1; i > k; i-- {
		ls = append(ls, "--"+m.open[i].boundary+"--"+m.eol)
	}
	m.inserts = append(m.inserts, insert{at: at, lines: ls})
	m.open = m.open[:k+1]
	m.unclosed = true
}

// startPart handles a delimiter of level k: the header of a new part
// follows, which may open a multipart of its own.
func (m *mender) startPart(k, at int) error {
	if m.capParts(at) {
		return nil
	}
	m.closeAbove(k, at)
	m.open[k].seen = true
	h := readHead(m.l, false)
	nb := h.boundary
	if nb == "" {
		m.part, m.pending = h, true
		return nil
	}
	for _, o := range m.open {
		if strings.HasPrefix(nb, o.boundary) || strings.HasPrefix(o.boundary, nb) {
			return errBoundaryClash
		}
	}
	if len(m.open) >= MaxDepth {
		return errTooDeep
	}
	m.open = append(m.open, level{boundary: nb})
	return nil
}

// closeAtEnd closes, at the end of raw, the multiparts still open there,
// starting a line for the first delimiter when raw's last line has no end.
func (m *mender) closeAtEnd(raw []byte) {
	m.finishPart(len(raw))
	if len(m.open) == 0 {
		return
	}
	m.closeAbove(-1, len(raw))
	if n := len(m.inserts) - 1; len(raw) > 0 && raw[len(raw)-1] != '\n' {
		m.inserts[n].lines = append([]string{m.eol}, m.inserts[n].lines...)
	}
}

// applyInserts returns raw with inserts, in order of offset, inserted.
func applyInserts(raw []byte, inserts []insert) []byte {
	var b bytes.Buffer
	b.Grow(len(raw) + 64*len(inserts))
	from := 0
	for _, in := range inserts {
		b.Write(raw[from:in.at])
		for _, s := range in.lines {
			b.WriteString(s)
		}
		b.Write(in.repl)
		from = in.at + in.skip
	}
	b.Write(raw[from:])
	return b.Bytes()
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
	c := headerCut{raw: raw, cutAt: -1, field: -1}
	for {
		line, at, ok := l.next()
		if !ok {
			break
		}
		if blank(line) {
			if c.cutAt < 0 {
				return raw, false
			}
			c.flush(at)
			return c.join(at), true
		}
		if at+len(line) > MaxHeaderBytes && c.cutAt < 0 {
			c.cutAt = fieldStart(raw, at, line)
			// The field cut in its middle may be one to keep.
			l.pos = c.cutAt
			line, at, _ = l.next()
		}
		if c.cutAt >= 0 {
			c.beyond(line, at)
		}
	}
	if c.cutAt < 0 {
		return raw, false
	}
	c.flush(len(raw))
	// A header with no body.
	return append(append([]byte{}, raw[:c.cutAt]...), c.kept.Bytes()...), true
}

// headerCut is what cutHeader gathers of a header block over the limit.
type headerCut struct {
	raw   []byte
	cutAt int          // where the dropped part of the header starts
	field int          // start of the field being read beyond the limit, if kept
	kept  bytes.Buffer // the fields kept from beyond the limit
}

// beyond reads the line at offset at, beyond the limit: a field starts,
// or a folded one goes on (RFC 5322 section 2.2.3).
func (c *headerCut) beyond(line []byte, at int) {
	if line[0] == ' ' || line[0] == '\t' {
		return // part of the field being read
	}
	c.flush(at)
	if isKeptField(line) {
		c.field = at
	}
}

// flush keeps the field being read, which ends at end, unless it is over
// maxKeptField.
func (c *headerCut) flush(end int) {
	if c.field >= 0 && end-c.field <= maxKeptField {
		c.kept.Write(c.raw[c.field:end])
	}
	c.field = -1
}

// join returns the header up to the cut, the kept fields and the rest of
// the message from the blank line at offset at.
func (c *headerCut) join(at int) []byte {
	var b bytes.Buffer
	b.Grow(c.cutAt + c.kept.Len() + len(c.raw) - at)
	b.Write(c.raw[:c.cutAt])
	b.Write(c.kept.Bytes())
	b.Write(c.raw[at:])
	return b.Bytes()
}

// fieldStart returns where the field that line, at offset at, belongs to
// starts: at itself, or for a continuation line the start of the field it
// folds.
func fieldStart(raw []byte, at int, line []byte) int {
	if line[0] != ' ' && line[0] != '\t' {
		return at
	}
	start := bytes.LastIndexByte(raw[:at], '\n')
	for start > 0 && (raw[start+1] == ' ' || raw[start+1] == '\t') {
		start = bytes.LastIndexByte(raw[:start], '\n')
	}
	return start + 1
}

// isKeptField reports whether line starts one of keptFields.
func isKeptField(line []byte) bool {
	for _, f := range keptFields {
		if len(line) >= len(f) && strings.EqualFold(string(line[:len(f)]), f) {
			return true
		}
	}
	return false
}
