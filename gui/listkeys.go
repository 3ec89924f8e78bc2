package gui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"github.com/tern-mail/tern/storage"
)

// pageKey moves the selection by the keys that jump: PageUp and PageDown
// by a screenful of rows, Home to the first message and End to the last.
// It reports whether it used the key; UI goroutine.
func (l *messageList) pageKey(name fyne.KeyName) bool {
	if len(l.rows) == 0 {
		return name == fyne.KeyPageUp || name == fyne.KeyPageDown || name == fyne.KeyHome || name == fyne.KeyEnd
	}
	from := l.selected
	if from < 0 {
		from = 0
	}
	switch name {
	case fyne.KeyPageDown:
		l.jumpTo(from + l.pageRows())
	case fyne.KeyPageUp:
		l.jumpTo(from - l.pageRows())
	case fyne.KeyHome:
		l.jumpTo(0)
	case fyne.KeyEnd:
		l.jumpTo(len(l.rows) - 1)
	default:
		return false
	}
	return true
}

// jumpTo selects row i, kept inside the list, shows it and opens it, as an
// arrow key does.
func (l *messageList) jumpTo(i int) {
	l.cancelSelectAll()
	i = max(0, min(i, len(l.rows)-1))
	l.list.Select(i)
	l.list.ScrollTo(i)
}

// pageRows is how many rows a page key moves: the rows that fit in the
// list's height less one, so the row selected last stays in sight, and at
// least one.
func (l *messageList) pageRows() int {
	step := l.list.CreateItem().MinSize().Height + theme.Padding()
	if step <= 0 {
		return 1
	}
	return max(1, int(l.list.Size().Height/step)-1)
}

// nextAfterGone is the row of rows to select once the message shown (at
// row at of old) is gone from the list: the first message after the block
// that went with it, as Thunderbird and Apple Mail do, or when nothing
// follows, the nearest before it; -1 for none. gone tells the messages
// that were selected together (nil: only the one shown).
func nextAfterGone(old, rows []storage.MessageSummary, at int, gone map[int64]bool) int {
	where := map[int64]int{}
	for i, m := range rows {
		where[m.ID] = i
	}
	last, first := at, at
	for i, m := range old {
		if gone[m.ID] {
			last, first = max(last, i), min(first, i)
		}
	}
	if last < 0 || last >= len(old) {
		return -1
	}
	for i := last + 1; i < len(old); i++ {
		if j, ok := where[old[i].ID]; ok {
			return j
		}
	}
	for i := min(first, len(old)) - 1; i >= 0; i-- {
		if j, ok := where[old[i].ID]; ok {
			return j
		}
	}
	return -1
}
