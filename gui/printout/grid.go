package printout

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Limits of a table printed as a grid, as the reader shows them; other
// tables (the layout tables of newsletters, above all) are printed as
// text, one line a row.
const (
	maxGridColumns = 6
	maxGridRows    = 100
)

// simpleTable returns the cells of table, row by row, when it can be
// printed as a grid: 2 to maxGridColumns columns, at most maxGridRows
// rows, no table inside, no cell spanning columns or rows, and no link
// or picture in a cell.
func simpleTable(table *html.Node) (rows [][]cell, ok bool) {
	trs := tableRows(table)
	if len(trs) == 0 || len(trs) > maxGridRows {
		return nil, false
	}
	cols := 0
	for _, tr := range trs {
		var row []cell
		for c := tr.FirstChild; c != nil; c = c.NextSibling {
			if c.DataAtom != atom.Td && c.DataAtom != atom.Th {
				continue
			}
			if spans(c) || contains(c, atom.Table, atom.A, atom.Img) {
				return nil, false
			}
			row = append(row, cell{text: strings.TrimSpace(spaces.ReplaceAllString(textOf(c), " ")), header: c.DataAtom == atom.Th})
		}
		if len(row) > maxGridColumns {
			return nil, false
		}
		cols = max(cols, len(row))
		rows = append(rows, row)
	}
	if cols < 2 {
		return nil, false
	}
	for i := range rows {
		for len(rows[i]) < cols {
			rows[i] = append(rows[i], cell{})
		}
	}
	return rows, true
}

// tableRows lists a table's rows, in its sections or not.
func tableRows(table *html.Node) []*html.Node {
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
	return trs
}

// spans says whether a cell spans several columns or rows.
func spans(c *html.Node) bool {
	cs, rs := attr(c, "colspan"), attr(c, "rowspan")
	return cs != "" && cs != "1" || rs != "" && rs != "1"
}

// contains says whether any element under n is one of as.
func contains(n *html.Node, as ...atom.Atom) bool {
	stack := []*html.Node{n}
	for len(stack) > 0 {
		c := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for k := c.FirstChild; k != nil; k = k.NextSibling {
			for _, a := range as {
				if k.DataAtom == a {
					return true
				}
			}
			stack = append(stack, k)
		}
	}
	return false
}
