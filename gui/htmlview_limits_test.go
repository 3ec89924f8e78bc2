package gui

import (
	"strings"
	"testing"
)

func TestDeepHTMLShowsItsWords(t *testing.T) {
	src := strings.Repeat("<div><b><i>", 20000) + "deep words" + strings.Repeat("</i></b></div>", 20000)
	segs, _ := renderHTML(src, nil, nil, nil)
	var text strings.Builder
	for _, s := range segs {
		text.WriteString(s.Textual())
	}
	if !strings.Contains(text.String(), "deep words") || strings.Contains(text.String(), "<div>") || text.Len() > 1000 {
		t.Fatalf("deep HTML shown as %d characters: %.200q", text.Len(), text.String())
	}
}

func TestHugeTextIsCut(t *testing.T) {
	segs := renderText(strings.Repeat("é word ", 200000), nil)
	n := 0
	for _, s := range segs {
		n += len(s.Textual())
	}
	if n > maxShownText+200 {
		t.Fatalf("%d bytes laid out, limit %d", n, maxShownText)
	}
	if !strings.Contains(segs[len(segs)-1].Textual(), "too long to show") {
		t.Fatal("no note that the text was cut")
	}
}
