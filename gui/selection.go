package gui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// msgRow is one row of the message list. It reads the modifier keys held
// when pressed (the list's own tap has none), so Shift-click and Ctrl-click
// select ranges and several messages, and offers the message menu on a
// right-click.
type msgRow struct {
	widget.BaseWidget
	content fyne.CanvasObject
	bg      *canvas.Rectangle
	list    *messageList
	index   int
}

func newMsgRow(l *messageList, content fyne.CanvasObject) *msgRow {
	r := &msgRow{content: content, bg: canvas.NewRectangle(theme.Color(theme.ColorNameSelection)), list: l}
	r.bg.Hide()
	r.ExtendBaseWidget(r)
	return r
}

// CreateRenderer implements fyne.Widget.
func (r *msgRow) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(container.NewStack(r.bg, r.content))
}

// MouseDown records the modifiers for the tap that follows.
func (r *msgRow) MouseDown(ev *desktop.MouseEvent) {
	if ev.Button == desktop.MouseButtonPrimary {
		r.list.mods = ev.Modifier
	}
}

// Tapped selects the row (with the modifiers held at the press) and gives
// the list the keyboard focus, so Delete acts on the selection.
func (r *msgRow) Tapped(ev *fyne.PointEvent) {
	l := r.list
	if l.arrowTapped(r.index, ev.Position.X) {
		return
	}
	if c := fyne.CurrentApp().Driver().CanvasForObject(r); c != nil {
		c.Focus(l.list)
	}
	if r.index != l.selected {
		l.list.Select(r.index)
		return
	}
	// The list does not report a tap on the row it has selected already.
	wasMany := l.marked != nil
	if l.clicked(r.index) && wasMany {
		l.onOpen(l.idAt(r.index))
	}
}

// MouseUp implements desktop.Mouseable.
func (r *msgRow) MouseUp(*desktop.MouseEvent) {}

// TappedSecondary shows the message menu for the row.
func (r *msgRow) TappedSecondary(ev *fyne.PointEvent) {
	if r.list.onMenu == nil {
		return
	}
	if !r.list.marked[r.list.idAt(r.index)] {
		r.list.list.Select(r.index)
	}
	r.list.onMenu(ev.AbsolutePosition)
}

// idAt is the id of row i, or 0.
func (l *messageList) idAt(i int) int64 {
	if i < 0 || i >= len(l.rows) {
		return 0
	}
	return l.rows[i].ID
}

// clicked updates the selection for a click on row i with the modifiers
// held: Ctrl (Cmd) adds or removes the row, Shift selects the range from
// the last plain click, nothing selects the row alone. It reports whether
// the reader should open row i (one message selected). UI goroutine.
func (l *messageList) clicked(i int) bool {
	l.cancelSelectAll()
	mods := l.mods
	l.mods = 0
	id := l.idAt(i)
	switch {
	case mods&fyne.KeyModifierShift != 0 && l.anchor >= 0 && l.anchor < len(l.rows):
		lo, hi := l.anchor, i
		if lo > hi {
			lo, hi = hi, lo
		}
		l.marked = map[int64]bool{}
		for j := lo; j <= hi; j++ {
			l.marked[l.rows[j].ID] = true
		}
	case mods&fyne.KeyModifierShortcutDefault != 0:
		cur := l.selected
		if cur < 0 {
			cur = l.prev
		}
		if len(l.marked) == 0 && cur >= 0 && cur != i {
			l.marked = map[int64]bool{l.idAt(cur): true}
		}
		if l.marked == nil {
			l.marked = map[int64]bool{}
		}
		if l.marked[id] && len(l.marked) > 1 {
			delete(l.marked, id)
		} else {
			l.marked[id] = true
		}
		l.anchor = i
	default:
		l.marked = nil
		l.anchor = i
	}
	if len(l.marked) <= 1 {
		l.marked = nil
	}
	l.list.Refresh()
	if l.marked != nil {
		l.onMany(len(l.marked))
		return false
	}
	return true
}

// selectAll selects every message of the folder or the search (Ctrl+A);
// UI goroutine. When only some pages are read, it reads the rest first and
// selects once they are listed: "all" means all, not the rows seen so far.
func (l *messageList) selectAll() {
	if l.more {
		l.mu.Lock()
		if l.query != "" {
			l.searchWant = allRows
		} else {
			l.want = allRows
		}
		l.selectAllRead = true
		l.mu.Unlock()
		l.bg(l.reload)
		return
	}
	if len(l.rows) == 0 {
		return
	}
	if len(l.rows) == 1 {
		l.list.Select(0)
		return
	}
	l.marked = map[int64]bool{}
	for _, m := range l.rows {
		l.marked[m.ID] = true
	}
	l.list.Refresh()
	l.onMany(len(l.marked))
}

// cancelSelectAll forgets a Select all still waiting for its rows: the
// user chose something else meanwhile.
func (l *messageList) cancelSelectAll() {
	l.mu.Lock()
	l.selectAllRead = false
	l.mu.Unlock()
}

// markedIDs returns the ids selected together, in list order.
func (l *messageList) markedIDs() []int64 {
	var out []int64
	for _, m := range l.rows {
		if l.marked[m.ID] {
			out = append(out, m.ID)
		}
	}
	return out
}

// keepMarked drops from the selection the messages no longer listed.
func (l *messageList) keepMarked() {
	if l.marked == nil {
		return
	}
	have := map[int64]bool{}
	for _, m := range l.rows {
		have[m.ID] = true
	}
	for id := range l.marked {
		if !have[id] {
			delete(l.marked, id)
		}
	}
	if len(l.marked) <= 1 {
		l.marked = nil
	}
}
