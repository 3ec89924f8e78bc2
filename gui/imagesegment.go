package gui

import (
	"image"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
)

// imageSegment is a picture from mail (an inline part, or a remote image
// the user asked to load) inside RichText. It holds pixels that
// preparePicture already checked and scaled, so Fyne never decodes
// anything from mail itself: Fyne's own ImageSegment reads a URI, which
// for a remote picture would mean fetching it, and picks its decoder
// (SVG included) from what the data claims to be.
type imageSegment struct {
	img   image.Image
	title string
}

func (s *imageSegment) Inline() bool              { return false }
func (s *imageSegment) Textual() string           { return s.title }
func (s *imageSegment) SelectedText() string      { return "" }
func (s *imageSegment) Select(_, _ fyne.Position) {}
func (s *imageSegment) Unselect()                 {}

func (s *imageSegment) Visual() fyne.CanvasObject {
	img := canvas.NewImageFromImage(s.img)
	img.FillMode = canvas.ImageFillContain
	b := s.img.Bounds()
	img.SetMinSize(fyne.NewSize(float32(b.Dx()), float32(b.Dy())))
	return img
}

func (s *imageSegment) Update(o fyne.CanvasObject) {
	if img, ok := o.(*canvas.Image); ok {
		img.Image = s.img
		img.Resource = nil
		img.Refresh()
	}
}
