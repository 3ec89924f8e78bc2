package gui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
)

// columnLayout gives its objects a fixed width and their own heights,
// stacked: a readable column whatever the window's width.
type columnLayout struct{ width float32 }

func (c columnLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	h := float32(0)
	for _, o := range objs {
		if o.Visible() {
			o.Resize(fyne.NewSize(c.width, o.MinSize().Height))
			h += o.MinSize().Height
		}
	}
	return fyne.NewSize(c.width, h)
}

func (c columnLayout) Layout(objs []fyne.CanvasObject, _ fyne.Size) {
	y := float32(0)
	for _, o := range objs {
		if !o.Visible() {
			continue
		}
		// Wrapped text knows its height once it knows its width.
		o.Resize(fyne.NewSize(c.width, o.MinSize().Height))
		o.Resize(fyne.NewSize(c.width, o.MinSize().Height))
		o.Move(fyne.NewPos(0, y))
		y += o.MinSize().Height
	}
}

// reservedLayout keeps room for its objects even while they are hidden,
// so that showing one does not move what comes after.
type reservedLayout struct{}

func (reservedLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for _, o := range objs {
		s = s.Max(o.MinSize())
	}
	return s
}

func (reservedLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(fyne.NewSize(size.Width, o.MinSize().Height))
	}
}

// reserved wraps objs in a container that keeps their room while hidden.
func reserved(objs ...fyne.CanvasObject) *fyne.Container {
	return container.New(reservedLayout{}, objs...)
}
