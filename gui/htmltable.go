package gui

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Limits of a table shown as a grid; anything else (layout tables of
// newsletters, above all) is shown as text, one line per row.
const (
	maxGridColumns = 6
	maxGridRows    = 100
)

// tableCell is one cell of a simple table.
type tableCell struct {
	text   string
	header bool // a <th>: shown bold
}

// simpleTable returns the cells of table, row by row, when it can be
// shown as a grid: 2 to maxGridColumns columns, at most maxGridRows rows,
// no table inside, no cell spanning several columns or rows, and no link
// or picture in a cell (those must stay tappable and named as they are in
// the text). ok is false otherwise.
func simpleTable(table *html.Node) (rows [][]tableCell, cols int, ok bool) {
	var trs []*html.Node
	for c := table.FirstChild; c != nil; c = c.NextSibling {
		switch c.DataAtom {
		case atom.Tr:
			trs = append(trs, c)
		case atom.Thead, atom.Tbody, atom.Tfoot:
			for r := c.FirstChild; r != nil; r = r.NextSibling {
				if r.DataAtom == atom.Tr {
					trs = append(trs, r)
				}
			}
		}
	}
	if len(trs) == 0 || len(trs) > maxGridRows {
		return nil, 0, false
	}
	for _, tr := range trs {
		var row []tableCell
		for c := tr.FirstChild; c != nil; c = c.NextSibling {
			if c.DataAtom != atom.Td && c.DataAtom != atom.Th {
				continue
			}
			if attr(c, "colspan") != "" && attr(c, "colspan") != "1" || attr(c, "rowspan") != "" && attr(c, "rowspan") != "1" ||
				contains(c, atom.Table, atom.A, atom.Img) {
				return nil, 0, false
			}
			row = append(row, tableCell{text: strings.TrimSpace(spaces.ReplaceAllString(textOf(c), " ")), header: c.DataAtom == atom.Th})
		}
		if len(row) > maxGridColumns {
			return nil, 0, false
		}
		cols = max(cols, len(row))
		rows = append(rows, row)
	}
	if cols < 2 {
		return nil, 0, false
	}
	return rows, cols, true
}

// contains says whether any element under n is one of as.
func contains(n *html.Node, as ...atom.Atom) bool {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		for _, a := range as {
			if c.DataAtom == a {
				return true
			}
		}
		if contains(c, as...) {
			return true
		}
	}
	return false
}

// tableSegment shows a simple table inside RichText as a grid of cells.
type tableSegment struct {
	rows [][]tableCell
	cols int
}

func (s *tableSegment) Inline() bool              { return false }
func (s *tableSegment) SelectedText() string      { return "" }
func (s *tableSegment) Select(_, _ fyne.Position) {}
func (s *tableSegment) Unselect()                 {}

// Textual is the table as text: cells joined by " · ", one row a line.
func (s *tableSegment) Textual() string {
	var lines []string
	for _, r := range s.rows {
		var cells []string
		for _, c := range r {
			cells = append(cells, c.text)
		}
		lines = append(lines, strings.Join(cells, " · "))
	}
	return strings.Join(lines, "\n")
}

func (s *tableSegment) Visual() fyne.CanvasObject {
	g := container.NewGridWithColumns(s.cols)
	s.fill(g)
	return g
}

func (s *tableSegment) Update(o fyne.CanvasObject) {
	if g, ok := o.(*fyne.Container); ok {
		s.fill(g)
		g.Refresh()
	}
}

// fill puts the cells in g, padding short rows with empty cells.
func (s *tableSegment) fill(g *fyne.Container) {
	g.Objects = nil
	for _, r := range s.rows {
		for i := 0; i < s.cols; i++ {
			l := widget.NewLabel("")
			if i < len(r) {
				l.SetText(r[i].text)
				l.TextStyle = fyne.TextStyle{Bold: r[i].header}
			}
			l.Wrapping = fyne.TextWrapWord
			g.Add(l)
		}
	}
}
