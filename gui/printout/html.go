package printout

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/tern-mail/tern/assets/i18n"
)

// maxHTMLDepth bounds how deep the walk follows nested elements; deeper
// content is printed as plain text, so no message can exhaust the stack.
const maxHTMLDepth = 256

// Sizes of headings, in points (the body's is bodySize).
const (
	h1Size = 17
	h2Size = 14.5
	h3Size = 12.5
)

var spaces = regexp.MustCompile(`\s+`)

// htmlDoc lays out sanitised HTML as the reader shows it: paragraphs,
// headings, lists, simple tables as grids (other tables one line a row),
// links as their text followed by their address, and the pictures pics
// has.
type htmlDoc struct {
	d      *doc
	pics   *pictures
	bold   int
	gray   int
	quote  int
	pre    int
	size   float64
	depth  int
	tables int
	link   string
	lists  []listState
	bullet string // the marker of the list item whose text comes next
}

// listState is a list being walked: ordered ones count their items.
type listState struct {
	ordered bool
	n       int
}

// htmlBlocks lays out src.
func htmlBlocks(src string, pics *pictures) *doc {
	d := &doc{}
	node, err := html.Parse(strings.NewReader(src))
	if err != nil {
		d.add(i18n.T("print.html_failed"), spanStyle{gray: true}, "", block{})
		d.end(true)
		d.add(htmlWords(src), spanStyle{}, "", block{})
		d.end(true)
		return d
	}
	h := &htmlDoc{d: d, pics: pics}
	h.walk(node)
	d.end(true)
	return d
}

// shape is the block a paragraph starting now gets.
func (h *htmlDoc) shape() block {
	b := block{indent: len(h.lists) + h.quote, quote: h.quote > 0, pre: h.pre > 0, bullet: h.bullet}
	h.bullet = ""
	return b
}

func (h *htmlDoc) style() spanStyle {
	return spanStyle{bold: h.bold > 0 || h.size > 0, gray: h.gray > 0 || h.quote > 0, size: h.size}
}

func (h *htmlDoc) write(t string) {
	h.d.add(t, h.style(), h.link, h.shape())
}

func (h *htmlDoc) text(t string) {
	t = printable(t)
	if h.pre > 0 {
		h.preText(t)
		return
	}
	t = spaces.ReplaceAllString(t, " ")
	if h.d.atLineStart() {
		t = strings.TrimLeft(t, " ")
	}
	if t != "" {
		h.write(t)
	}
}

// preText writes preformatted text, one paragraph a line.
func (h *htmlDoc) preText(t string) {
	lines := strings.Split(t, "\n")
	for i, l := range lines {
		if i > 0 {
			h.lineBreak()
		}
		if l != "" {
			h.write(l)
		}
	}
}

// lineBreak ends the line; at a line's start it leaves an empty one.
func (h *htmlDoc) lineBreak() {
	if h.d.atLineStart() {
		h.write(" ")
	}
	h.d.end(false)
}

func (h *htmlDoc) walk(n *html.Node) {
	switch n.Type {
	case html.TextNode:
		h.text(n.Data)
	case html.ElementNode:
		h.element(n)
	default:
		h.children(n)
	}
}

func (h *htmlDoc) children(n *html.Node) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		h.walk(c)
	}
}

func (h *htmlDoc) element(n *html.Node) {
	if h.depth >= maxHTMLDepth {
		h.text(textOf(n))
		return
	}
	h.depth++
	defer func() { h.depth-- }()
	if h.leaf(n) {
		return
	}
	if n.DataAtom == atom.Table {
		if rows, ok := simpleTable(n); ok && h.tables == 0 {
			h.d.put(block{kind: gridBlock, rows: rows, indent: len(h.lists) + h.quote})
			return
		}
		h.tables++ // a table inside this one is nested: never a grid
		defer func() { h.tables-- }()
	}
	h.container(n)
}

// leaf handles the elements printed otherwise than as their children,
// and reports whether n was one.
func (h *htmlDoc) leaf(n *html.Node) bool {
	switch n.DataAtom {
	case atom.Script, atom.Style, atom.Head, atom.Title, atom.Template, atom.Noscript:
	case atom.Br:
		h.lineBreak()
	case atom.Hr:
		h.d.put(block{kind: ruleBlock})
	case atom.Img:
		h.image(n)
	case atom.A:
		return h.anchor(n)
	case atom.Ul, atom.Ol:
		h.list(n)
	default:
		return false
	}
	return true
}

// container walks n's children in the style n gives them, in a
// paragraph of their own when n is a block.
func (h *htmlDoc) container(n *html.Node) {
	block := isBlock(n.DataAtom)
	if block {
		h.d.end(true)
	}
	defer h.styled(n.DataAtom)()
	if (n.DataAtom == atom.Td || n.DataAtom == atom.Th) && !h.d.atLineStart() {
		h.write(" · ") // a table that is not a grid: one line a row
	}
	h.children(n)
	if block {
		h.d.end(n.DataAtom != atom.Tr && n.DataAtom != atom.Li)
	}
}

// styled applies what element a does to its text and returns what undoes it.
func (h *htmlDoc) styled(a atom.Atom) (restore func()) {
	switch a {
	case atom.B, atom.Strong, atom.Th:
		h.bold++
		return func() { h.bold-- }
	case atom.Blockquote:
		h.quote++
		return func() { h.quote-- }
	case atom.Pre:
		h.pre++
		return func() { h.pre-- }
	case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
		old := h.size
		h.size = map[atom.Atom]float64{atom.H1: h1Size, atom.H2: h2Size}[a]
		if h.size == 0 {
			h.size = h3Size
		}
		return func() { h.size = old }
	}
	return func() {}
}

// list prints a list's items, each with its marker.
func (h *htmlDoc) list(n *html.Node) {
	h.d.end(true)
	h.lists = append(h.lists, listState{ordered: n.DataAtom == atom.Ol})
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.DataAtom != atom.Li {
			h.walk(c)
			continue
		}
		l := &h.lists[len(h.lists)-1]
		l.n++
		h.d.end(false)
		h.bullet = "•"
		if l.ordered {
			h.bullet = fmt.Sprintf("%d.", l.n)
		}
		h.children(c)
		h.d.end(false)
		h.bullet = ""
	}
	h.lists = h.lists[:len(h.lists)-1]
	h.d.end(true)
	if n := len(h.d.blocks); n > 0 && len(h.lists) == 0 {
		h.d.blocks[n-1].gap = true
	}
}

// anchor prints a link's content as a link, followed by its address in
// brackets when the text does not already say it. Links Tern does not
// follow (anchors, javascript:) are their text only.
func (h *htmlDoc) anchor(n *html.Node) bool {
	u := linkURL(attr(n, "href"))
	if u == nil || h.link != "" {
		return false
	}
	addr := u.String()
	if strings.EqualFold(u.Scheme, "mailto") {
		addr = u.Opaque
	}
	h.link = u.String()
	h.children(n)
	h.link = ""
	text := strings.TrimSpace(spaces.ReplaceAllString(textOf(n), " "))
	switch {
	case text == "" && !contains(n, atom.Img):
		h.write(addr)
	case !sameAddress(text, addr):
		h.d.add(" ("+addr+")", spanStyle{gray: true, bold: h.bold > 0}, "", h.shape())
	}
	return true
}

// sameAddress says whether a link's text is its address, give or take
// the scheme and a final slash.
func sameAddress(text, addr string) bool {
	norm := func(s string) string {
		s = strings.ToLower(strings.TrimSuffix(s, "/"))
		for _, p := range []string{"https://", "http://", "mailto:", "www."} {
			s = strings.TrimPrefix(s, p)
		}
		return s
	}
	return norm(text) == norm(addr)
}

// image prints an inline (cid:) picture, a remote one the reader
// loaded, or a placeholder that names it.
func (h *htmlDoc) image(n *html.Node) {
	src, alt := attr(n, "src"), strings.TrimSpace(printable(attr(n, "alt")))
	if p := h.pics.forSource(src); p != nil {
		h.d.put(block{kind: imageBlock, pic: p, indent: len(h.lists) + h.quote})
		return
	}
	label := i18n.T("print.image")
	if alt != "" {
		label = i18n.T("print.image.alt", i18n.Args{"Alt": alt})
	}
	st := h.style()
	st.gray = true
	h.d.add(label, st, "", h.shape())
}

func isBlock(a atom.Atom) bool {
	switch a {
	case atom.P, atom.Div, atom.Blockquote, atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6,
		atom.Tr, atom.Table, atom.Pre, atom.Section, atom.Article, atom.Header, atom.Footer, atom.Li, atom.Center,
		atom.Dl, atom.Dt, atom.Dd, atom.Address, atom.Figure, atom.Caption:
		return true
	}
	return false
}

// linkURL accepts only http, https and mailto links.
func linkURL(href string) *url.URL {
	u, err := url.Parse(strings.TrimSpace(href))
	if err != nil {
		return nil
	}
	switch strings.ToLower(u.Scheme) {
	case "http", "https":
		return u
	case "mailto":
		if u.Opaque != "" {
			return u
		}
	}
	return nil
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// textOf is the text under n, iteratively: n may be nested deep.
func textOf(n *html.Node) string {
	var b strings.Builder
	stack := []*html.Node{n}
	for len(stack) > 0 && b.Len() < maxBodyText {
		c := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if c.Type == html.TextNode {
			b.WriteString(c.Data)
		}
		for k := c.LastChild; k != nil; k = k.PrevSibling {
			stack = append(stack, k)
		}
	}
	return printable(b.String())
}

// htmlWords is the text of HTML read without building a tree, for HTML
// too deeply nested to parse.
func htmlWords(src string) string {
	var b strings.Builder
	z := html.NewTokenizer(strings.NewReader(src))
	skip := 0
	for b.Len() < maxBodyText {
		switch z.Next() {
		case html.ErrorToken:
			return printable(b.String())
		case html.StartTagToken:
			if n, _ := z.TagName(); string(n) == "script" || string(n) == "style" {
				skip++
			}
		case html.EndTagToken:
			if n, _ := z.TagName(); (string(n) == "script" || string(n) == "style") && skip > 0 {
				skip--
			}
		case html.TextToken:
			if skip == 0 {
				b.WriteString(spaces.ReplaceAllString(string(z.Text()), " "))
			}
		}
	}
	return printable(b.String())
}
