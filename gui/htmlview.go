package gui

import (
	"net/url"
	"regexp"
	"strings"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/tern-mail/tern/assets/i18n"
)

// htmlView turns sanitised HTML into RichText segments. Remote images are
// never fetched here: they show as a placeholder with their alt text
// unless images (loaded on the user's request) has them.
type htmlView struct {
	images map[string]picture // remote URL → loaded picture
	cid    map[string]picture // Content-ID → inline part
	links  linkOpener         // what a tapped link does; nil: Fyne's default

	segs   []widget.RichTextSegment
	remote []string // remote image URLs, in order, once each
	seen   map[string]bool
	bold   int
	italic int
	quote  int
	size   fyne.ThemeSizeName
	depth  int
	tables int // tables shown as text that the walk is inside
}

// maxHTMLDepth bounds how deep the walk follows nested elements; deeper
// content is shown as plain text, so no message can exhaust the stack.
const maxHTMLDepth = 256

// linkOpener is called when the user taps a link in a message.
type linkOpener func(text string, u *url.URL)

func renderHTML(src string, images, cid map[string]picture, links linkOpener) (segs []widget.RichTextSegment, remote []string) {
	doc, err := html.Parse(strings.NewReader(src))
	if err != nil {
		// Too deeply nested to build a tree: show its words only.
		return renderText(i18n.T("html.layout_failed")+"\n\n"+htmlWords(src), links), nil
	}
	v := &htmlView{images: images, cid: cid, links: links, seen: map[string]bool{}}
	v.walk(doc)
	v.flush()
	return v.segs, v.remote
}

var spaces = regexp.MustCompile(`\s+`)

func (v *htmlView) style() widget.RichTextStyle {
	s := widget.RichTextStyleInline
	if v.quote > 0 {
		s = widget.RichTextStyleBlockquote
		s.Inline = true
	}
	s.TextStyle = fyne.TextStyle{Bold: v.bold > 0, Italic: v.italic > 0 || v.quote > 0}
	if v.size != "" {
		s.SizeName = v.size
		s.TextStyle.Bold = true
	}
	return s
}

func (v *htmlView) text(t string) {
	t = spaces.ReplaceAllString(t, " ")
	if t == "" || (t == " " && v.atLineStart()) {
		return
	}
	if v.atLineStart() {
		t = strings.TrimLeft(t, " ")
	}
	v.segs = append(v.segs, &widget.TextSegment{Text: t, Style: v.style()})
}

// atLineStart reports whether nothing inline is pending.
func (v *htmlView) atLineStart() bool {
	if len(v.segs) == 0 {
		return true
	}
	return !v.segs[len(v.segs)-1].Inline()
}

// flush ends the current paragraph.
func (v *htmlView) flush() {
	if v.atLineStart() {
		return
	}
	switch s := v.segs[len(v.segs)-1].(type) {
	case *widget.TextSegment:
		s.Text = strings.TrimRight(s.Text, " ")
		s.Style.Inline = false
	default:
		v.segs = append(v.segs, &widget.TextSegment{Style: widget.RichTextStyleParagraph})
	}
}

// walk shows the node n and what it holds.
func (v *htmlView) walk(n *html.Node) {
	switch n.Type {
	case html.TextNode:
		v.text(n.Data)
	case html.ElementNode:
		v.element(n)
	default:
		v.children(n)
	}
}

// children walks the children of n.
func (v *htmlView) children(n *html.Node) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		v.walk(c)
	}
}

// element shows the element n: as plain text past maxHTMLDepth, as a
// segment of its own (a break, a picture, a link, a list, a grid), or as
// its children in the style it gives them.
func (v *htmlView) element(n *html.Node) {
	if v.depth >= maxHTMLDepth {
		v.text(textOf(n))
		return
	}
	v.depth++
	defer func() { v.depth-- }()
	if v.leaf(n) {
		return
	}
	if n.DataAtom == atom.Table {
		if rows, cols, ok := simpleTable(n); ok && v.tables == 0 {
			v.flush()
			v.segs = append(v.segs, &tableSegment{rows: rows, cols: cols})
			return
		}
		v.tables++ // a table inside this one is nested: never a grid
		defer func() { v.tables-- }()
	}
	v.container(n)
}

// leaf shows the elements whose children are not walked, and reports
// whether n was one: hidden ones (scripts, styles, the head), breaks,
// rules, pictures, links and lists.
func (v *htmlView) leaf(n *html.Node) bool {
	switch n.DataAtom {
	case atom.Script, atom.Style, atom.Head, atom.Title:
	case atom.Br:
		v.flush()
	case atom.Hr:
		v.flush()
		v.segs = append(v.segs, &widget.SeparatorSegment{})
	case atom.Img:
		v.image(n)
	case atom.A:
		u := linkURL(attr(n, "href"))
		if u == nil {
			return false // an anchor, or a link Tern does not follow: its text
		}
		t := strings.TrimSpace(spaces.ReplaceAllString(textOf(n), " "))
		if t == "" {
			t = u.String()
		}
		v.link(t, u)
	case atom.Ul, atom.Ol:
		v.list(n)
	default:
		return false
	}
	return true
}

// list shows a list's items, as text, in a paragraph of its own.
func (v *htmlView) list(n *html.Node) {
	v.flush()
	l := &widget.ListSegment{Ordered: n.DataAtom == atom.Ol}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.DataAtom != atom.Li {
			continue
		}
		if t := strings.TrimSpace(spaces.ReplaceAllString(textOf(c), " ")); t != "" {
			l.Items = append(l.Items, &widget.TextSegment{Text: t, Style: widget.RichTextStyleParagraph})
		}
	}
	if len(l.Items) > 0 {
		v.segs = append(v.segs, l)
	}
}

// container walks the children of n in the style n gives them, in a
// paragraph of their own when n is a block.
func (v *htmlView) container(n *html.Node) {
	block := isBlock(n.DataAtom)
	if block {
		v.flush()
	}
	defer v.styled(n.DataAtom)()
	if (n.DataAtom == atom.Td || n.DataAtom == atom.Th) && !v.atLineStart() {
		v.text(" · ") // tables are flattened: one line per row
	}
	v.children(n)
	if block {
		v.flush()
	}
}

// styled applies the style an element a gives its text (bold, italic,
// quoted, a heading) and returns what takes it off again.
func (v *htmlView) styled(a atom.Atom) (restore func()) {
	switch a {
	case atom.B, atom.Strong:
		v.bold++
		return func() { v.bold-- }
	case atom.I, atom.Em:
		v.italic++
		return func() { v.italic-- }
	case atom.Blockquote:
		v.quote++
		return func() { v.quote-- }
	case atom.H1, atom.H2:
		v.size = "headingText"
		return func() { v.size = "" }
	case atom.H3, atom.H4, atom.H5, atom.H6:
		v.size = "subHeadingText"
		return func() { v.size = "" }
	}
	return func() {}
}

// image shows an inline (cid:) picture, a loaded remote one, or a
// placeholder that names it.
func (v *htmlView) image(n *html.Node) {
	src, alt := attr(n, "src"), strings.TrimSpace(attr(n, "alt"))
	if strings.HasPrefix(src, "cid:") {
		if p, ok := v.cid[strings.TrimPrefix(src, "cid:")]; ok {
			v.picture(p, alt)
			return
		}
	}
	if u, err := url.Parse(src); err == nil && (u.Scheme == "http" || u.Scheme == "https") {
		if !v.seen[src] {
			v.seen[src] = true
			v.remote = append(v.remote, src)
		}
		if p, ok := v.images[src]; ok {
			v.picture(p, alt)
			return
		}
	}
	v.placeholder(imageLabel(alt, ""))
}

// imageLabel is the placeholder of a picture not shown, named by its alt
// text ("[image: A cat]"), with why it was refused, if it was.
func imageLabel(alt, refused string) string {
	switch {
	case alt == "" && refused == "":
		return i18n.T("html.image")
	case alt == "":
		return i18n.T("html.image.refused", i18n.Args{"Reason": refused})
	case refused == "":
		return i18n.T("html.image.alt", i18n.Args{"Alt": alt})
	}
	return i18n.T("html.image.alt_refused", i18n.Args{"Alt": alt, "Reason": refused})
}

// picture shows a checked picture, or a placeholder saying why not.
func (v *htmlView) picture(p picture, alt string) {
	if p.img == nil {
		v.placeholder(imageLabel(alt, p.refused))
		return
	}
	v.flush()
	v.segs = append(v.segs, &imageSegment{img: p.img, title: alt})
}

func (v *htmlView) placeholder(label string) {
	s := v.style()
	s.TextStyle.Italic = true
	s.ColorName = theme.ColorNamePlaceHolder
	v.segs = append(v.segs, &widget.TextSegment{Text: label, Style: s})
}

// link shows a link; when its text is not its address, the real host
// follows it, and a link whose text names another site is marked.
func (v *htmlView) link(text string, u *url.URL) {
	segs := linkSegments(text, u, v.style(), v.links)
	if len(segs) == 1 {
		v.segs = append(v.segs, segs...)
		return
	}
	// A link with its host stands on its own line, where it fits.
	v.flush()
	v.segs = append(v.segs, segs...)
	v.flush()
}

func isBlock(a atom.Atom) bool {
	switch a {
	case atom.P, atom.Div, atom.Blockquote, atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6,
		atom.Tr, atom.Table, atom.Pre, atom.Section, atom.Article, atom.Header, atom.Footer, atom.Li, atom.Center:
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
	case "http", "https", "mailto":
		return u
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

func textOf(n *html.Node) string {
	var b strings.Builder
	var f func(*html.Node)
	f = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			f(c)
		}
	}
	f(n)
	return b.String()
}

// urlPattern finds links in plain text.
var urlPattern = regexp.MustCompile(`(?i)\b(https?://[^\s<>"]+[^\s<>".,;:!?)\]]|mailto:[^\s<>"@]+@[^\s<>"]*[^\s<>".,;:!?)])`)

// maxShownText bounds the text laid out in the reading pane: laying out
// many megabytes would stall the window.
const maxShownText = 512 << 10

// htmlWords returns the text of HTML without building a tree, in one
// pass whatever its nesting.
func htmlWords(src string) string {
	var b strings.Builder
	z := html.NewTokenizer(strings.NewReader(src))
	skip := 0
	for b.Len() < maxShownText {
		switch z.Next() {
		case html.ErrorToken:
			return b.String()
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
	return b.String()
}

// renderText shows plain text with its links clickable.
func renderText(text string, links linkOpener) []widget.RichTextSegment {
	if len(text) > maxShownText {
		cut := maxShownText
		for cut > 0 && !utf8.RuneStart(text[cut]) {
			cut--
		}
		text = text[:cut] + "\n\n" + i18n.T("html.too_long")
	}
	var segs []widget.RichTextSegment
	for _, line := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		style := widget.RichTextStyleInline
		if strings.HasPrefix(line, ">") {
			style = widget.RichTextStyleBlockquote
			style.Inline = true
		}
		rest := line
		for {
			loc := urlPattern.FindStringIndex(rest)
			if loc == nil {
				break
			}
			if loc[0] > 0 {
				segs = append(segs, &widget.TextSegment{Text: rest[:loc[0]], Style: style})
			}
			if u := linkURL(rest[loc[0]:loc[1]]); u != nil {
				segs = append(segs, linkSegments(rest[loc[0]:loc[1]], u, style, links)...)
			}
			rest = rest[loc[1]:]
		}
		end := style
		end.Inline = false
		segs = append(segs, &widget.TextSegment{Text: rest, Style: end})
	}
	return segs
}
