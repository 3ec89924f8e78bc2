package gui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
)

// focusMarkWidth is the outline drawn round the pane that has the
// keyboard focus, in the theme's focus colour.
const focusMarkWidth = 2

// focusMarks are the outlines of the panes F6 goes through: the one round
// the pane that has the keyboard focus shows, the others are hidden, so the
// user sees where a key goes.
type focusMarks struct {
	folders, list, reader *canvas.Rectangle
}

func newFocusMarks() *focusMarks {
	return &focusMarks{folders: newFocusMark(), list: newFocusMark(), reader: newFocusMark()}
}

func newFocusMark() *canvas.Rectangle {
	r := canvas.NewRectangle(color.Transparent)
	r.StrokeWidth = focusMarkWidth
	r.Hide()
	return r
}

// framed draws mark over o, round its edge.
func framed(o fyne.CanvasObject, mark *canvas.Rectangle) fyne.CanvasObject {
	return container.NewStack(o, mark)
}

// show shows mark (nil: none) and hides the others; UI goroutine.
func (m *focusMarks) show(mark *canvas.Rectangle) {
	for _, r := range []*canvas.Rectangle{m.folders, m.list, m.reader} {
		if r != mark {
			r.Hide()
			continue
		}
		r.StrokeColor = theme.Color(theme.ColorNameFocus) // the theme may have changed
		r.Show()
		r.Refresh()
	}
}

// hide hides mark when it shows; UI goroutine.
func (m *focusMarks) hide(mark *canvas.Rectangle) {
	if mark.Visible() {
		mark.Hide()
	}
}

// markFocused shows the outline of the pane that holds f, the object
// given the focus; none when f is in no pane.
func (w *MainWindow) markFocused(f fyne.Focusable) {
	switch {
	case f == nil:
		w.marks.show(nil)
	case f == fyne.Focusable(w.folders.keys):
		w.marks.show(w.marks.folders)
	case f == fyne.Focusable(w.list.list):
		w.marks.show(w.marks.list)
	case holds(w.readerPane, f):
		w.marks.show(w.marks.reader)
	default:
		w.marks.show(nil)
	}
}

// holds tells whether o or one of the containers inside it is f.
func holds(o fyne.CanvasObject, f fyne.Focusable) bool {
	if o == nil {
		return false
	}
	if g, ok := o.(fyne.Focusable); ok && g == f {
		return true
	}
	switch x := o.(type) {
	case *fyne.Container:
		for _, c := range x.Objects {
			if holds(c, f) {
				return true
			}
		}
	case *container.Scroll:
		return holds(x.Content, f)
	case *container.ThemeOverride:
		return holds(x.Content, f)
	case *container.Split:
		return holds(x.Leading, f) || holds(x.Trailing, f)
	case *minBox:
		return holds(x.content, f)
	}
	return false
}

// FocusGained shows the list's focus mark.
func (l *keyList) FocusGained() {
	l.List.FocusGained()
	if l.focus != nil {
		l.focus(true)
	}
}

// FocusLost hides it.
func (l *keyList) FocusLost() {
	l.List.FocusLost()
	if l.focus != nil {
		l.focus(false)
	}
}

// FocusGained shows the folder pane's focus mark.
func (t *keyTree) FocusGained() {
	t.Tree.FocusGained()
	if t.focus != nil {
		t.focus(true)
	}
}

// FocusLost hides it.
func (t *keyTree) FocusLost() {
	t.Tree.FocusLost()
	if t.focus != nil {
		t.focus(false)
	}
}

// installFocusMarks shows the list's and the folder pane's marks as they
// gain and lose the focus, by keys or clicks; F6 shows the reader's.
func (w *MainWindow) installFocusMarks() {
	w.list.list.focus = func(in bool) {
		if in {
			w.marks.show(w.marks.list)
		} else {
			w.marks.hide(w.marks.list)
		}
	}
	w.folders.keys.focus = func(in bool) {
		if in {
			w.marks.show(w.marks.folders)
		} else {
			w.marks.hide(w.marks.folders)
		}
	}
}
