package printout

import (
	"strings"
	"unicode"
)

// spanStyle is how a piece of text is drawn.
type spanStyle struct {
	bold bool
	gray bool    // placeholders and quoted text
	size float64 // in points; 0 is the body's
}

// span is a piece of text in one style, a link's when link is set.
type span struct {
	text  string
	style spanStyle
	link  string
}

// blockKind says what a block is.
type blockKind int

const (
	paraBlock  blockKind = iota // text, wrapped
	gridBlock                   // a simple table, drawn as a grid
	imageBlock                  // a picture
	ruleBlock                   // a line across the page
)

// cell is one cell of a grid.
type cell struct {
	text   string
	header bool
}

// block is one paragraph, grid, picture or rule of the printout.
type block struct {
	kind   blockKind
	spans  []span
	indent int    // depth of lists and quotes it is in
	bullet string // a list item's marker, drawn left of the text
	quote  bool   // a bar left of it
	gap    bool   // space after it (a paragraph's end, not a line break)
	pre    bool   // spaces kept as they are
	rows   [][]cell
	pic    *picture
}

// doc collects the blocks of a printout's body.
type doc struct {
	blocks []block
	cur    *block // the paragraph being filled, nil at a line's start
	chars  int    // text so far, bounded by maxBodyText
	cut    bool   // text past maxBodyText was left out
}

// maxBodyText bounds the text printed of one message (a message of
// many megabytes would make thousands of pages).
const maxBodyText = 1 << 20

// add appends text in style to the current paragraph, starting one
// with the given shape when there is none.
func (d *doc) add(text string, st spanStyle, link string, shape block) {
	if d.chars >= maxBodyText {
		d.cut = true
		return
	}
	if d.chars+len(text) > maxBodyText {
		text, d.cut = cutUTF8(text, maxBodyText-d.chars), true
	}
	d.chars += len(text)
	if d.cur == nil {
		shape.kind = paraBlock
		d.blocks = append(d.blocks, shape)
		d.cur = &d.blocks[len(d.blocks)-1]
	}
	if n := len(d.cur.spans); n > 0 && d.cur.spans[n-1].style == st && d.cur.spans[n-1].link == link {
		d.cur.spans[n-1].text += text
		return
	}
	d.cur.spans = append(d.cur.spans, span{text: text, style: st, link: link})
}

// end ends the current paragraph; gap puts space after it.
func (d *doc) end(gap bool) {
	if d.cur == nil {
		return
	}
	last := &d.cur.spans[len(d.cur.spans)-1]
	if !d.cur.pre {
		last.text = strings.TrimRightFunc(last.text, unicode.IsSpace)
	}
	d.cur.gap = gap
	d.cur = nil
	// A block appended later may move the slice: cur never outlives it.
}

// put appends a block that is not a paragraph.
func (d *doc) put(b block) {
	d.end(true)
	d.blocks = append(d.blocks, b)
}

// atLineStart says whether nothing is pending on the current line.
func (d *doc) atLineStart() bool { return d.cur == nil }

// cutUTF8 cuts s to at most n bytes at a character boundary.
func cutUTF8(s string, n int) string {
	if n >= len(s) {
		return s
	}
	for n > 0 && s[n]&0xC0 == 0x80 {
		n--
	}
	return s[:n]
}

// printable drops what a page cannot show: control characters (a tab
// becomes a space) and bidirectional controls.
func printable(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\t':
			return ' '
		case r == '\n':
			return r
		case unicode.IsControl(r), r >= 0x202A && r <= 0x202E, r >= 0x2066 && r <= 0x2069, r == 0x200E, r == 0x200F:
			return -1
		case r == 0xFEFF:
			return -1
		}
		return r
	}, strings.ToValidUTF8(s, "\uFFFD"))
}
