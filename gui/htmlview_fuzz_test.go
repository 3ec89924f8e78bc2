package gui

import (
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/tern-mail/tern/internal/testenv"
)

func FuzzRenderHTML(f *testing.F) {
	for _, s := range []string{
		"<p>Hello <b>reader</b></p>",
		`<a href="https://evil.example">https://www.paypal.com</a>`,
		`<a href="mailto:a@b.example?subject=x">write</a><img src="cid:x" alt="a"><img src="https://x.example/p.png">`,
		"<ul><li>one<li>two</ul><table><tr><td>a<td>b</table><blockquote>q</blockquote><h1>t</h1><hr><br>",
		strings.Repeat("<div>", 5000) + "deep" + strings.Repeat("</div>", 5000),
		strings.Repeat("<b><i>", 3000) + "nested",
		strings.Repeat("<table><tr><td>", 500),
		strings.Repeat("<a href=\"https://x.example\">", 2000),
		"<svg><use href=\"#a\" id=\"a\"/></svg>",
	} {
		f.Add(s)
	}
	pics := map[string]picture{"x": {refused: "SVG picture not shown"}}
	f.Fuzz(func(t *testing.T, src string) {
		// While fuzzing, converting one input may take at most
		// testenv.FuzzInputBudget of processor time, however it was made.
		defer testenv.FuzzBudget(t)()
		segs, remote := renderHTML(src, nil, pics, func(string, *url.URL) {})
		for _, s := range segs {
			if !utf8.ValidString(s.Textual()) && utf8.ValidString(src) {
				t.Fatalf("segment %q is not valid UTF-8", s.Textual())
			}
		}
		for _, u := range remote {
			if p, err := url.Parse(u); err != nil || (p.Scheme != "http" && p.Scheme != "https") {
				t.Fatalf("remote picture %q is not a web address", u)
			}
		}
	})
}
