package gui

import (
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"
)

// installKeyboard makes the window usable without a mouse: F6 and
// Shift+F6 move between the folders, the list and the reader, F10 opens
// the menu bar, Ctrl+1..9 jump to folders and Escape closes a dialog.
func (w *MainWindow) installKeyboard() {
	w.win.Canvas().SetOnTypedKey(func(ev *fyne.KeyEvent) { w.windowKey(ev) })
	w.list.onKey = w.windowKey
	w.folders.onKey = w.windowKey
	w.search.key = w.windowKey
	w.installFocusMarks()
	if sc, ok := w.win.Canvas().(fyne.Shortcutable); ok {
		w.search.shortcut = sc.TypedShortcut
	}
	for i := 1; i <= 9; i++ {
		n := i
		sc := &desktop.CustomShortcut{KeyName: fyne.KeyName(strconv.Itoa(n)), Modifier: fyne.KeyModifierShortcutDefault}
		w.win.Canvas().AddShortcut(sc, func(fyne.Shortcut) { w.jumpToFolder(n) })
	}
}

// windowKey handles the keys that work wherever the focus is, then the
// list's keys; it reports whether it used the key.
func (w *MainWindow) windowKey(ev *fyne.KeyEvent) bool {
	switch ev.Name {
	case fyne.KeyF6:
		if w.modifiers()&fyne.KeyModifierShift != 0 {
			w.cycleFocus(-1)
		} else {
			w.cycleFocus(1)
		}
		return true
	case fyne.KeyF10:
		// The in-window menu bar of Fyne's desktop driver; Alt opens it too.
		if m, ok := w.win.Canvas().(interface{ ToggleMenu() }); ok {
			m.ToggleMenu()
			return true
		}
		return false
	case fyne.KeyEscape:
		return closeTopOverlay(w.win.Canvas())
	}
	return w.listKey(ev)
}

// focusStops are the panes F6 goes through, in order: the folders (when
// shown), the list and the reader (when it has something to focus).
func (w *MainWindow) focusStops() []fyne.Focusable {
	var stops []fyne.Focusable
	if w.folderPaneShown() {
		stops = append(stops, w.folders.keys)
	}
	stops = append(stops, w.list.list)
	if f := firstFocusable(w.reader.widget()); f != nil {
		stops = append(stops, f)
	}
	return stops
}

// cycleFocus moves the keyboard focus to the next (d=1) or previous
// (d=-1) pane.
func (w *MainWindow) cycleFocus(d int) {
	stops := w.focusStops()
	cur := w.win.Canvas().Focused()
	at := -1
	for i, s := range stops {
		if s == cur {
			at = i
		}
	}
	next := 0
	switch {
	case at >= 0:
		next = (at + d + len(stops)) % len(stops)
	case d < 0:
		next = len(stops) - 1
	}
	w.win.Canvas().Focus(stops[next])
	w.markFocused(stops[next])
}

// firstFocusable finds the first visible object inside o's containers
// that takes the keyboard focus.
func firstFocusable(o fyne.CanvasObject) fyne.Focusable {
	if o == nil || !o.Visible() {
		return nil
	}
	if f, ok := o.(fyne.Focusable); ok {
		if d, ok := o.(fyne.Disableable); !ok || !d.Disabled() {
			return f
		}
	}
	switch x := o.(type) {
	case *fyne.Container:
		for _, c := range x.Objects {
			if f := firstFocusable(c); f != nil {
				return f
			}
		}
	case *container.Scroll:
		return firstFocusable(x.Content)
	case *container.ThemeOverride:
		return firstFocusable(x.Content)
	case *container.Split:
		if f := firstFocusable(x.Leading); f != nil {
			return f
		}
		return firstFocusable(x.Trailing)
	}
	return nil
}

// jumpToFolder selects the nth folder of the folder pane (1-based), in
// the order shown, and gives the list the focus.
func (w *MainWindow) jumpToFolder(n int) {
	nodes := w.folders.selectable()
	if n < 1 || n > len(nodes) {
		return
	}
	w.folders.tree.Select(nodes[n-1])
	w.folders.tree.ScrollTo(nodes[n-1])
	w.win.Canvas().Focus(w.list.list)
}

// selectable lists the nodes that show mail, in the order the tree shows
// them: All Inboxes, Outbox, then each account's folders.
func (p *folderPane) selectable() []string {
	var out []string
	var walk func(id string)
	walk = func(id string) {
		for _, c := range p.children[id] {
			if _, ok := p.byID[c]; ok || c == allInboxes || c == outboxNode {
				out = append(out, c)
			}
			walk(c)
		}
	}
	walk("")
	return out
}

// keyTree is the folder tree, passing the keys it has no use of (F6,
// F9, F10, Escape) to the window.
type keyTree struct {
	widget.Tree
	key   func(*fyne.KeyEvent) bool
	focus func(in bool) // the tree gained (in) or lost the focus; may be nil
}

// TypedKey gives the window its keys and the tree the others.
func (t *keyTree) TypedKey(ev *fyne.KeyEvent) {
	switch ev.Name {
	case fyne.KeyF6, fyne.KeyF9, fyne.KeyF10, fyne.KeyEscape:
		if t.key != nil && t.key(ev) {
			return
		}
	}
	t.Tree.TypedKey(ev)
}
