package gui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"
	"github.com/go-gl/glfw/v3.3/glfw"
)

// Window sizes.
const (
	screenShare = 0.9 // the most of the screen a window opens at
	prefFolders = "view.folderPane.hidden"
)

// Smallest sizes of the panes, so none is squeezed out of use.
var (
	minFolderPane = fyne.NewSize(150, 0)
	minListPane   = fyne.NewSize(260, 0)
	minReaderPane = fyne.NewSize(300, 0)
)

// fitSize reduces want to at most screenShare of screen; a zero screen
// (not known) leaves want as it is.
func fitSize(want, screen fyne.Size) fyne.Size {
	if screen.Width <= 0 || screen.Height <= 0 {
		return want
	}
	maxW, maxH := screen.Width*screenShare, screen.Height*screenShare
	if want.Width > maxW {
		want.Width = maxW
	}
	if want.Height > maxH {
		want.Height = maxH
	}
	return want
}

// screenSize is the size of the primary monitor in the window's units, or
// zero when it cannot be known. Fyne does not tell it, so it asks GLFW,
// which Fyne's desktop driver runs; it must be called on the main
// goroutine once the app runs (a lifecycle callback or fyne.Do).
func screenSize(win fyne.Window) fyne.Size {
	if _, ok := fyne.CurrentApp().Driver().(desktop.Driver); !ok {
		return fyne.Size{}
	}
	m := glfw.GetPrimaryMonitor()
	if m == nil {
		return fyne.Size{}
	}
	mode := m.GetVideoMode()
	scale := win.Canvas().Scale()
	if mode == nil || scale <= 0 {
		return fyne.Size{}
	}
	return fyne.NewSize(float32(mode.Width)/scale, float32(mode.Height)/scale)
}

// fitScreen shrinks the window to fit the screen: the first window opens
// at most at 90% of it (and on a large screen at about 70%, centred), and
// a remembered size that no longer fits (a smaller screen, a bigger zoom)
// is reduced.
func (w *MainWindow) fitScreen() {
	s, screen := w.win.Canvas().Size(), screenSize(w.win)
	if fit := fitSize(s, screen); fit != s {
		w.win.Resize(fit)
	}
	w.placeFirstWindow(screen)
	w.fitPanes()
}

// minBox is a container whose minimum size is at least min (times the
// zoom, see paneSized).
type minBox struct {
	widget.BaseWidget
	content fyne.CanvasObject
	min     fyne.Size
	zoom    func() float32 // scales min; nil: 1
}

// CreateRenderer shows the content.
func (b *minBox) CreateRenderer() fyne.WidgetRenderer {
	return &minBoxRenderer{b}
}

type minBoxRenderer struct{ b *minBox }

func (r *minBoxRenderer) Destroy()                     {}
func (r *minBoxRenderer) Layout(s fyne.Size)           { r.b.content.Resize(s) }
func (r *minBoxRenderer) MinSize() fyne.Size           { return r.b.content.MinSize().Max(r.b.leastSize()) }
func (r *minBoxRenderer) Objects() []fyne.CanvasObject { return []fyne.CanvasObject{r.b.content} }
func (r *minBoxRenderer) Refresh()                     { r.b.content.Refresh() }

// folderPaneShown tells whether the folder pane is open.
func (w *MainWindow) folderPaneShown() bool { return !w.prefs.Bool(prefFolders) }

// showFolderPane opens or collapses the folder pane (View > Folder pane,
// F9) and remembers it: on a small screen the list and the reader get the
// room.
func (w *MainWindow) showFolderPane(show bool) {
	w.prefs.SetBool(prefFolders, !show)
	w.layoutFolderPane()
}

// layoutFolderPane puts the folder split, or only the list and reader, in
// the middle of the window.
func (w *MainWindow) layoutFolderPane() {
	middle := fyne.CanvasObject(w.folderSplit)
	if !w.folderPaneShown() {
		middle = w.listSplit
	}
	w.middle.Objects = []fyne.CanvasObject{middle}
	w.middle.Refresh()
}
