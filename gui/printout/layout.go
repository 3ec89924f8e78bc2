package printout

import (
	"context"
	"strings"
	"unicode"

	"codeberg.org/go-pdf/fpdf"
)

// Measures of the page, in millimetres, and of its text, in points.
const (
	marginSide       = 18.0
	marginTop        = 16.0
	marginBottom     = 20.0
	footerFromBottom = 10.0
	indentStep       = 6.0
	bodySize         = 10.5
	footerSize       = 8.5
	lineFactor       = 1.35 // line height per font size
	ptToMM           = 25.4 / 72
	cellPad          = 1.5
	gapAfter         = 2.2 // space after a paragraph
)

// opKind says what an op draws.
type opKind int

const (
	opText opKind = iota
	opLine
	opBox
	opImage
)

// op is one thing drawn on a page, at x, y (the baseline for text).
type op struct {
	kind       opKind
	x, y, w, h float64
	text       string
	face       int
	st         spanStyle
	link       string
	pic        *picture
}

// group is text of one font, style and link on one line.
type group struct {
	text string
	face int
	st   spanStyle
	link string
	w    float64
}

// line is a wrapped line: its groups and its height.
type line struct {
	groups []group
	h      float64
	w      float64
}

// layout places a printout's blocks on pages. It measures with the PDF's
// fonts but draws nothing: the pages are drawn once their number is
// known, for the footer's "Page 1 of 2".
type layout struct {
	pdf          *fpdf.Fpdf
	fonts        *fontSet
	pages        [][]op
	y            float64
	pageW, pageH float64
	font         fontKey
}

// fontKey is the PDF's current font, to set it only when it changes.
type fontKey struct {
	face int
	bold bool
	size float64
}

func newLayout(pdf *fpdf.Fpdf, fonts *fontSet) *layout {
	w, h := pdf.GetPageSize()
	l := &layout{pdf: pdf, fonts: fonts, pageW: w, pageH: h, font: fontKey{face: -1}}
	l.newPage()
	return l
}

func (l *layout) newPage() {
	l.pages = append(l.pages, nil)
	l.y = marginTop
}

func (l *layout) emit(o op) { l.pages[len(l.pages)-1] = append(l.pages[len(l.pages)-1], o) }

func (l *layout) left() float64  { return marginSide }
func (l *layout) width() float64 { return l.pageW - 2*marginSide }
func (l *layout) bottom() float64 {
	return l.pageH - marginBottom
}

// room makes sure h millimetres fit below y, starting a page if not (a
// page that is still empty keeps what does not fit anywhere).
func (l *layout) room(h float64) {
	if l.y+h > l.bottom() && l.y > marginTop {
		l.newPage()
	}
}

// setFont makes the PDF's font the one k names.
func (l *layout) setFont(k fontKey) {
	if k == l.font {
		return
	}
	l.font = k
	style := ""
	if k.bold && l.fonts.faces[k.face].bold {
		style = "B"
	}
	l.pdf.SetFont(l.fonts.faces[k.face].family, style, k.size)
}

func keyOf(face int, st spanStyle) fontKey {
	size := st.size
	if size == 0 {
		size = bodySize
	}
	return fontKey{face: face, bold: st.bold, size: size}
}

func (l *layout) measure(text string, face int, st spanStyle) float64 {
	l.setFont(keyOf(face, st))
	return l.pdf.GetStringWidth(text)
}

// blocks lays out the body's blocks.
func (l *layout) blocks(ctx context.Context, bs []block) error {
	for i := range bs {
		if err := ctx.Err(); err != nil {
			return err
		}
		b := &bs[i]
		switch b.kind {
		case paraBlock:
			l.paragraph(b)
		case gridBlock:
			l.grid(b)
		case imageBlock:
			l.image(b)
		case ruleBlock:
			l.rule()
		}
	}
	return nil
}

// paragraph places a paragraph's lines, its marker left of the first.
func (l *layout) paragraph(b *block) {
	indent := float64(b.indent) * indentStep
	x := l.left() + indent
	for i, ln := range l.wrap(b.spans, l.width()-indent, b.pre) {
		l.room(ln.h)
		base := l.y + ln.h*0.78
		if i == 0 && b.bullet != "" {
			bw := l.measure(b.bullet, 0, spanStyle{})
			l.emit(op{kind: opText, x: x - bw - 1.5, y: base, text: b.bullet, st: spanStyle{}})
		}
		if b.quote {
			l.emit(op{kind: opLine, x: x - 3, y: l.y, w: 0, h: ln.h})
		}
		l.place(ln, x, base)
		l.y += ln.h
	}
	if b.gap {
		l.y += gapAfter
	}
}

// place emits a line's groups from x, on the baseline base.
func (l *layout) place(ln line, x, base float64) {
	for _, g := range ln.groups {
		if strings.TrimSpace(g.text) != "" {
			l.emit(op{kind: opText, x: x, y: base, w: g.w, h: ln.h, text: g.text, face: g.face, st: g.st, link: g.link})
		}
		x += g.w
	}
}

// rule draws a line across the page.
func (l *layout) rule() {
	l.room(4)
	l.y += 1.5
	l.emit(op{kind: opLine, x: l.left(), y: l.y, w: l.width(), h: 0})
	l.y += 2.5
}

// image places a picture at its size on a 96 dpi screen, within the
// page.
func (l *layout) image(b *block) {
	p := b.pic
	indent := float64(b.indent) * indentStep
	w := float64(p.w) * 25.4 / 96
	w = min(w, l.width()-indent)
	h := w * float64(p.h) / float64(p.w)
	if maxH := l.bottom() - marginTop; h > maxH {
		h, w = maxH, maxH*float64(p.w)/float64(p.h)
	}
	l.room(h)
	l.emit(op{kind: opImage, x: l.left() + indent, y: l.y, w: w, h: h, pic: p})
	l.y += h + gapAfter
}

// grid draws a simple table: columns of equal width, each row as tall
// as its fullest cell.
func (l *layout) grid(b *block) {
	indent := float64(b.indent) * indentStep
	cols := len(b.rows[0])
	colW := (l.width() - indent) / float64(cols)
	for _, row := range b.rows {
		cells := make([][]line, cols)
		rowH := 0.0
		for c, cl := range row {
			cells[c] = l.wrap([]span{{text: cl.text, style: spanStyle{bold: cl.header}}}, colW-2*cellPad, false)
			h := 0.0
			for _, ln := range cells[c] {
				h += ln.h
			}
			rowH = max(rowH, h+2*cellPad)
		}
		l.room(rowH)
		for c := range row {
			x := l.left() + indent + float64(c)*colW
			l.emit(op{kind: opBox, x: x, y: l.y, w: colW, h: rowH})
			y := l.y + cellPad
			for _, ln := range cells[c] {
				l.place(ln, x+cellPad, y+ln.h*0.78)
				y += ln.h
			}
		}
		l.y += rowH
	}
	l.y += gapAfter
}

// piece is a unit of wrapping: a word with the space after it, or one
// East Asian character, which may break anywhere.
type piece struct {
	text  string
	space bool // ends in a space, which may be where the line breaks
	brk   bool // a line break
	face  int
	st    spanStyle
	link  string
}

// pieces cuts spans into pieces, each in the font that draws it.
// Letters no font has become one "…" a run.
func (l *layout) pieces(spans []span) []piece {
	var out []piece
	for _, s := range spans {
		for _, r := range l.fonts.runs(s.text) {
			if r.face < 0 {
				out = append(out, piece{text: l.fonts.stand(), st: s.style, link: s.link})
				continue
			}
			out = append(out, split(r.text, r.face, s)...)
		}
	}
	return out
}

// split cuts one font's run of text into pieces.
func split(text string, face int, s span) []piece {
	var out []piece
	start := 0
	flush := func(end int, space bool) {
		if end > start {
			out = append(out, piece{text: text[start:end], space: space, face: face, st: s.style, link: s.link})
		}
		start = end
	}
	for i, r := range text {
		switch {
		case r == '\n':
			flush(i, false)
			out = append(out, piece{brk: true})
			start = i + 1
		case r == ' ':
			flush(i+1, true)
		case breaksAnywhere(r):
			flush(i, false)
			flush(i+len(string(r)), false)
		}
	}
	flush(len(text), false)
	return out
}

// breaksAnywhere is true for the letters of scripts written without
// spaces, between which a line may break.
func breaksAnywhere(r rune) bool {
	return r >= 0x2E80 && unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul) ||
		r >= 0x3000 && r <= 0x303F || r >= 0xFF00 && r <= 0xFFEF
}
