package gui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
)

// showFooted is show with a row of buttons (footer) that is always in
// sight: under the screen's parts while they fit the window, and at the
// window's foot, under the scrolled parts, when they do not (a 1024×600
// screen, a long language). Below the parts there is room for room, one
// of them (nil: none), while it is hidden, so the buttons do not move when it shows.
func (w *wizard) showFooted(width float32, footer, room fyne.CanvasObject, parts ...fyne.CanvasObject) {
	col := container.New(columnLayout{width: width}, parts...)
	scroll := container.NewVScroll(container.NewCenter(container.NewPadded(col)))
	foot := container.NewCenter(container.NewPadded(container.New(columnLayout{width: width}, footer)))
	w.content.Objects = []fyne.CanvasObject{container.New(&footedLayout{content: col, room: room}, scroll, foot)}
	w.content.Refresh()
}

// footedLayout lays out a scroll and a footer: the scroll as tall as its
// content (content, padded, and room while it is hidden) or as the
// height left above the footer, the footer right under it, the pair
// centred in the height.
type footedLayout struct{ content, room fyne.CanvasObject }

func (l *footedLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	return objs[1].MinSize()
}

func (l *footedLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	scroll, foot := objs[0], objs[1]
	footH := foot.MinSize().Height
	want := container.NewPadded(l.content).MinSize().Height
	if l.room != nil && !l.room.Visible() {
		want += l.room.MinSize().Height
	}
	h := min(want, size.Height-footH)
	top := (size.Height - h - footH) / 2
	scroll.Move(fyne.NewPos(0, top))
	scroll.Resize(fyne.NewSize(size.Width, h))
	foot.Move(fyne.NewPos(0, top+h))
	foot.Resize(fyne.NewSize(size.Width, footH))
}
