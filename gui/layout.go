package gui

import "fyne.io/fyne/v2"

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
