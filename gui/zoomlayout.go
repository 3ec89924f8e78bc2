package gui

import "fyne.io/fyne/v2"

// paneSized keeps o at least min wide (or tall) times the zoom, so a pane
// grows with its text instead of cutting every name short: the splits
// between the panes give it that room.
func (w *MainWindow) paneSized(o fyne.CanvasObject, min fyne.Size) fyne.CanvasObject {
	b := &minBox{content: o, min: min, zoom: func() float32 { return float32(w.zoom()) }}
	b.ExtendBaseWidget(b)
	return b
}

// leastSize is the box's smallest size at the zoom of now.
func (b *minBox) leastSize() fyne.Size {
	if b.zoom == nil {
		return b.min
	}
	z := b.zoom()
	return fyne.NewSize(b.min.Width*z, b.min.Height*z)
}

// threePanesWidth is how wide the window must be to show the folders (when
// shown), the list and the reader side by side at the zoom of now.
func (w *MainWindow) threePanesWidth() float32 {
	need := minListPane.Width + minReaderPane.Width
	if w.folderPaneShown() {
		need += minFolderPane.Width
	}
	return need * float32(w.zoom())
}

// fitPanes lays the panes out again for the zoom: the reading pane goes
// below the list while the window is too narrow for it beside the list,
// and back where the user put it when there is room; the toolbar's names
// likewise (fitToolbar). UI goroutine.
func (w *MainWindow) fitPanes() {
	if w.listSplit == nil {
		return
	}
	beside := !w.prefs.Bool(prefReaderBelow)
	if width := w.win.Canvas().Size().Width; beside && width > 0 && width < w.threePanesWidth() {
		beside = false
	}
	if w.listSplit.Horizontal != beside {
		w.listSplit.Horizontal = beside
	}
	w.listSplit.Refresh()
	w.folderSplit.Refresh()
	w.fitToolbar()
}

// fitToolbar shows the names under the toolbar's icons, as the user
// chose, while they fit in the window's width: zoomed in, or in a
// language of long words, the bare icons stay instead of the window
// growing past the screen's edge. UI goroutine.
func (w *MainWindow) fitToolbar() {
	if w.bar == nil {
		return
	}
	labels := !w.prefs.Bool(prefToolbarNoLabels)
	w.bar.setLabels(labels)
	if width := w.win.Canvas().Size().Width; labels && width > 0 && w.bar.box.MinSize().Width > width {
		w.bar.setLabels(false)
	}
}
