package message

import (
	"bytes"
	"strconv"
	"strings"
	"sync"

	"github.com/microcosm-cc/bluemonday"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

var (
	policyOnce sync.Once
	policy     *bluemonday.Policy
)

// htmlPolicy is the sanitising policy for received HTML: the user-generated
// content policy (no scripts, styles, forms, frames or event handlers), with
// links limited to http, https and mailto, and images allowed to point at
// cid: parts of the same message besides http(s). Remote images stay in the
// markup so the reader can offer to load them; it never fetches them itself.
func htmlPolicy() *bluemonday.Policy {
	policyOnce.Do(func() {
		p := bluemonday.UGCPolicy()
		p.AllowURLSchemes("http", "https", "mailto", "cid")
		p.RequireNoFollowOnLinks(false)
		p.AllowAttrs("width", "height", "alt").OnElements("img")
		p.AllowAttrs("align").OnElements("td", "th", "p", "div")
		policy = p
	})
	return policy
}

// SanitizeHTML returns html with everything dangerous removed (scripts,
// event handlers, styles, forms, frames, links with other schemes) and
// what the sender hid from the reader dropped: hidden elements and
// tracking pixels.
func SanitizeHTML(src string) string {
	return htmlPolicy().Sanitize(dropHidden(src))
}

// dropHidden removes elements marked hidden (the hidden attribute,
// display:none, visibility:hidden, zero or one pixel sizes) and images of
// one pixel or less, which exist only to tell the sender the mail was
// opened. It must run before sanitising, which strips the style
// attributes that say so.
func dropHidden(src string) string {
	doc, err := html.Parse(strings.NewReader(src))
	if err != nil {
		return src
	}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil; {
			next := c.NextSibling
			if c.Type == html.ElementNode && hidden(c) {
				n.RemoveChild(c)
			} else {
				walk(c)
			}
			c = next
		}
	}
	walk(doc)
	var b bytes.Buffer
	if err := html.Render(&b, doc); err != nil {
		return src
	}
	return b.String()
}

func hidden(n *html.Node) bool {
	var w, h = -1, -1
	for _, a := range n.Attr {
		switch strings.ToLower(a.Key) {
		case "hidden":
			return true
		case "aria-hidden":
			if a.Val == "true" && n.DataAtom != atom.Img {
				return true
			}
		case "style":
			s := strings.ToLower(strings.ReplaceAll(a.Val, " ", ""))
			if strings.Contains(s, "display:none") || strings.Contains(s, "visibility:hidden") ||
				strings.Contains(s, "max-height:0") || strings.Contains(s, "opacity:0;") || strings.HasSuffix(s, "opacity:0") {
				return true
			}
		case "width":
			w = atoiPx(a.Val)
		case "height":
			h = atoiPx(a.Val)
		}
	}
	if n.DataAtom == atom.Img && ((w >= 0 && w <= 1) || (h >= 0 && h <= 1)) {
		return true // a tracking pixel
	}
	return false
}

func atoiPx(s string) int {
	n, err := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(s), "px"))
	if err != nil {
		return -1
	}
	return n
}
