package gui

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"

	"github.com/tern-mail/tern/assets/i18n"
	"github.com/tern-mail/tern/storage"
)

// Dragging messages: a row of the list is fyne.Draggable. Fyne has no drop
// targets, so when the drag ends the folder pane looks for the folder row
// under the pointer's absolute position.

// Dragged starts or continues dragging the selection (or this row, when it
// is not part of the selection).
func (r *msgRow) Dragged(ev *fyne.DragEvent) {
	l := r.list
	if !l.dragging {
		l.dragging = true
		if !l.marked[l.idAt(r.index)] && r.index != l.selected {
			l.list.Select(r.index)
		}
	}
	l.dragPos = ev.AbsolutePosition
}

// DragEnd drops the selection where the pointer is: Ctrl (Alt on macOS
// works too) copies instead of moving.
func (r *msgRow) DragEnd() {
	l := r.list
	if !l.dragging {
		return
	}
	l.dragging = false
	var mods fyne.KeyModifier
	if d, ok := fyne.CurrentApp().Driver().(desktop.Driver); ok {
		mods = d.CurrentKeyModifiers()
	}
	if l.onDrop != nil {
		l.onDrop(l.dragPos, mods&(fyne.KeyModifierShortcutDefault|fyne.KeyModifierAlt) != 0)
	}
}

// folderAt returns the folder whose row is at the absolute position pos.
func (p *folderPane) folderAt(pos fyne.Position) (storage.Folder, bool) {
	d := fyne.CurrentApp().Driver()
	treePos := d.AbsolutePositionForObject(p.tree)
	ts := p.tree.Size()
	if pos.X < treePos.X || pos.Y < treePos.Y || pos.X >= treePos.X+ts.Width || pos.Y >= treePos.Y+ts.Height {
		return storage.Folder{}, false
	}
	for _, r := range p.rows {
		f, ok := p.byID[r.node]
		if !ok || !r.Visible() {
			continue
		}
		at, size := d.AbsolutePositionForObject(r), r.Size()
		if at.Y < treePos.Y || at.Y >= treePos.Y+ts.Height {
			continue // a row the tree keeps but does not show
		}
		if pos.X >= at.X && pos.X < at.X+size.Width && pos.Y >= at.Y && pos.Y < at.Y+size.Height {
			return f, true
		}
	}
	return storage.Folder{}, false
}

// dropOn moves (or copies) the selected messages to the folder under pos.
func (w *MainWindow) dropOn(pos fyne.Position, copy bool) {
	f, ok := w.folders.folderAt(pos)
	ids := w.selectedIDs()
	if !ok || len(ids) == 0 || w.engine == nil {
		return
	}
	m, _ := w.selected()
	if m.AccountID != "" && m.AccountID != f.AccountID {
		showInfo(i18n.T("move.title"), i18n.T("move.other_account"), w.win)
		return
	}
	if copy {
		w.run(func(ctx context.Context) error { return w.engine.CopyTo(ctx, ids, f.ID) })
		return
	}
	w.runAction(func(ctx context.Context, ids []int64) (storage.Undo, error) {
		return w.engine.MoveTo(ctx, ids, f.ID)
	}, func(n int) string { return i18n.N("undo.moved", n, i18n.Args{"Folder": displayName(f)}) })
}
