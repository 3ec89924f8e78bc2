package printout

import (
	"strings"
	"unicode/utf8"
)

// wrap breaks spans into lines of at most width millimetres: at spaces,
// between East Asian characters, and inside a word longer than a line.
// pre keeps spaces at the start of a line.
func (l *layout) wrap(spans []span, width float64, pre bool) []line {
	var lines []line
	var cur line
	for _, p := range l.pieces(spans) {
		if p.brk {
			lines, cur = append(lines, l.finish(cur)), line{}
			continue
		}
		w := l.measure(p.text, p.face, p.st)
		inked := w
		if p.space {
			inked = l.measure(strings.TrimRight(p.text, " "), p.face, p.st)
		}
		if cur.w+inked > width && cur.w > 0 {
			lines, cur = append(lines, l.finish(cur)), line{}
			if strings.TrimSpace(p.text) == "" && !pre {
				continue // a space where the line broke
			}
		}
		for inked > width {
			head, rest := l.cutToWidth(p, width)
			cur.add(head, l.measure(head.text, head.face, head.st))
			lines, cur = append(lines, l.finish(cur)), line{}
			p = rest
			w = l.measure(p.text, p.face, p.st)
			inked = w
		}
		cur.add(p, w)
	}
	return append(lines, l.finish(cur))
}

// cutToWidth cuts a piece wider than a line: the head fits width (at
// least one letter), the rest goes on.
func (l *layout) cutToWidth(p piece, width float64) (head, rest piece) {
	n := 0
	for i := range p.text {
		if i > 0 && l.measure(p.text[:i], p.face, p.st) > width {
			break
		}
		n = i
	}
	if n == 0 {
		_, n = utf8.DecodeRuneInString(p.text)
	}
	head, rest = p, p
	head.text, head.space = p.text[:n], false
	rest.text = p.text[n:]
	return head, rest
}

// add appends a piece of width w to the line, to its last group when
// that has the same font, style and link.
func (ln *line) add(p piece, w float64) {
	if n := len(ln.groups); n > 0 {
		g := &ln.groups[n-1]
		if g.face == p.face && g.st == p.st && g.link == p.link {
			g.text += p.text
			g.w += w
			ln.w += w
			return
		}
	}
	ln.groups = append(ln.groups, group{text: p.text, face: p.face, st: p.st, link: p.link, w: w})
	ln.w += w
}

// finish gives a line its height, that of its largest text.
func (l *layout) finish(ln line) line {
	size := bodySize
	if len(ln.groups) > 0 {
		size = 0
		for _, g := range ln.groups {
			size = max(size, keyOf(g.face, g.st).size)
		}
	}
	ln.h = size * ptToMM * lineFactor
	return ln
}

// stand is what letters no font has are printed as: an ellipsis, where
// the main font has one.
func (s *fontSet) stand() string {
	if covers(s.faces[0].font, &s.buf, '…') {
		return "…"
	}
	return "..."
}
