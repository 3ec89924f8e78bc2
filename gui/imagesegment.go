package gui

import (
	"bytes"
	"image"
	_ "image/gif" // decoders for pictures in mail
	_ "image/jpeg"
	_ "image/png"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
)

// maxImageWidth keeps pictures in mail within the reading pane.
const maxImageWidth = 560

// imageSegment is a picture held in memory (an inline part, or a remote
// image the user asked to load) inside RichText. Fyne's own ImageSegment
// reads a URI itself, which for a remote picture would mean fetching it.
type imageSegment struct {
	res   fyne.Resource
	title string
}

func (s *imageSegment) Inline() bool              { return false }
func (s *imageSegment) Textual() string           { return s.title }
func (s *imageSegment) SelectedText() string      { return "" }
func (s *imageSegment) Select(_, _ fyne.Position) {}
func (s *imageSegment) Unselect()                 {}

func (s *imageSegment) Visual() fyne.CanvasObject {
	img := canvas.NewImageFromResource(s.res)
	img.FillMode = canvas.ImageFillContain
	if cfg, _, err := image.DecodeConfig(bytes.NewReader(s.res.Content())); err == nil && cfg.Width > 0 {
		w, h := float32(cfg.Width), float32(cfg.Height)
		if w > maxImageWidth {
			h, w = h*maxImageWidth/w, maxImageWidth
		}
		img.SetMinSize(fyne.NewSize(w, h))
	} else {
		img.SetMinSize(fyne.NewSize(64, 64))
	}
	return img
}

func (s *imageSegment) Update(o fyne.CanvasObject) {
	if img, ok := o.(*canvas.Image); ok {
		img.Resource = s.res
		img.Refresh()
	}
}
