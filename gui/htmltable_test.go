package gui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// tables returns the grid tables among segs.
func tables(segs []widget.RichTextSegment) []*tableSegment {
	var out []*tableSegment
	for _, s := range segs {
		if t, ok := s.(*tableSegment); ok {
			out = append(out, t)
		}
	}
	return out
}

// A simple table is shown as a grid, cell by cell, headers bold.
func TestSimpleTablesAreGrids(t *testing.T) {
	test.NewTempApp(t)
	src := `<p>Your order:</p><table><thead><tr><th>Item</th><th>Qty</th><th>Price</th></tr></thead>
<tbody><tr><td>Tea</td><td>2</td><td>4.00</td></tr><tr><td>Cups</td><td>6</td><td>12.00</td></tr></tbody></table><p>Thanks</p>`
	segs, _ := renderHTML(src, nil, nil, nil)
	ts := tables(segs)
	if len(ts) != 1 || ts[0].cols != 3 || len(ts[0].rows) != 3 {
		t.Fatalf("tables %+v", ts)
	}
	if got := ts[0].Textual(); got != "Item · Qty · Price\nTea · 2 · 4.00\nCups · 6 · 12.00" {
		t.Fatalf("table text %q", got)
	}
	g := ts[0].Visual().(*fyne.Container)
	if len(g.Objects) != 9 {
		t.Fatalf("%d cells drawn", len(g.Objects))
	}
	if l := g.Objects[0].(*widget.Label); l.Text != "Item" || !l.TextStyle.Bold {
		t.Fatalf("header cell %q bold %v", l.Text, l.TextStyle.Bold)
	}
	if l := g.Objects[4].(*widget.Label); l.Text != "2" || l.TextStyle.Bold {
		t.Fatalf("cell %q bold %v", l.Text, l.TextStyle.Bold)
	}
	rt := widget.NewRichText(segs...)
	if !strings.Contains(rt.String(), "Thanks") {
		t.Fatalf("text after the table lost: %q", rt.String())
	}
}

// Layout tables, wide ones, nested ones, and tables with links stay text.
func TestOtherTablesStayText(t *testing.T) {
	test.NewTempApp(t)
	for name, src := range map[string]string{
		"nested":  `<table><tr><td><table><tr><td>a</td><td>b</td></tr></table></td><td>c</td></tr></table>`,
		"wide":    `<table><tr><td>1</td><td>2</td><td>3</td><td>4</td><td>5</td><td>6</td><td>7</td></tr></table>`,
		"one col": `<table><tr><td>Hello</td></tr><tr><td>World</td></tr></table>`,
		"link":    `<table><tr><td><a href="https://example.org/">Pay</a></td><td>now</td></tr></table>`,
		"span":    `<table><tr><td colspan="2">Title</td></tr><tr><td>a</td><td>b</td></tr></table>`,
	} {
		segs, _ := renderHTML(src, nil, nil, nil)
		if ts := tables(segs); len(ts) != 0 {
			t.Errorf("%s: shown as a grid: %+v", name, ts[0].rows)
		}
	}
}
