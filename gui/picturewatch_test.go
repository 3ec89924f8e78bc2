package gui

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"sync"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
)

// decodeWatch records what reaches a picture decoder during a test: every
// header read and every decode, each measured by its header alone
// (image.DecodeConfig, which reads no pixels). It decodes only pictures
// within the limits, so that a check gone missing shows as a recorded
// decode rather than as gigabytes of pixels.
type decodeWatch struct {
	mu      sync.Mutex
	headers []decodeCall // header reads
	decodes []decodeCall // whole decodes
}

// decodeCall is one picture handed to a decoder.
type decodeCall struct {
	data          []byte
	width, height int // from the header; 0 when it has none
}

func (c decodeCall) pixels() int64 { return int64(c.width) * int64(c.height) }

func (c decodeCall) String() string {
	return fmt.Sprintf("%d × %d, %d bytes", c.width, c.height, len(c.data))
}

// looksSVG is the test's own idea of an SVG (or svgz) picture.
func (c decodeCall) looksSVG() bool {
	return bytes.Contains(bytes.ToLower(c.data), []byte("<svg")) || bytes.HasPrefix(c.data, []byte{0x1f, 0x8b})
}

// watchDecodes replaces pictureCodec until the test ends.
func watchDecodes(t *testing.T) *decodeWatch {
	t.Helper()
	w := &decodeWatch{}
	saved := pictureCodec
	t.Cleanup(func() { pictureCodec = saved })
	measure := func(data []byte) decodeCall {
		c := decodeCall{data: data}
		if cfg, _, err := image.DecodeConfig(bytes.NewReader(data)); err == nil {
			c.width, c.height = cfg.Width, cfg.Height
		}
		return c
	}
	pictureCodec.header = func(data []byte) (image.Config, error) {
		w.mu.Lock()
		w.headers = append(w.headers, measure(data))
		w.mu.Unlock()
		return saved.header(data)
	}
	pictureCodec.pixels = func(data []byte) (image.Image, error) {
		c := measure(data)
		w.mu.Lock()
		w.decodes = append(w.decodes, c)
		w.mu.Unlock()
		if c.looksSVG() || c.pixels() > maxPicturePixels || len(data) > maxPictureBytes {
			return nil, errors.New("not decoded by the test")
		}
		return saved.pixels(data)
	}
	return w
}

// calls returns the header reads and the decodes so far.
func (w *decodeWatch) calls() (headers, decodes []decodeCall) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]decodeCall(nil), w.headers...), append([]decodeCall(nil), w.decodes...)
}

// checkLimits fails the test if an SVG reached any decoder, even for its
// header, or if a picture over maxPicturePixels or maxPictureBytes was
// decoded. It returns the decodes.
func (w *decodeWatch) checkLimits(t *testing.T) []decodeCall {
	t.Helper()
	headers, decodes := w.calls()
	for _, c := range headers {
		if c.looksSVG() {
			t.Errorf("an SVG reached a decoder (%d bytes)", len(c.data))
		}
	}
	for _, c := range decodes {
		if c.looksSVG() {
			t.Errorf("an SVG was decoded (%d bytes)", len(c.data))
		}
		if c.pixels() > maxPicturePixels || len(c.data) > maxPictureBytes {
			t.Errorf("a picture over the limits was decoded: %v", c)
		}
	}
	return decodes
}

// checkDecoded fails the test unless exactly the pictures of the sizes
// given were decoded, in that order, within the limits.
func (w *decodeWatch) checkDecoded(t *testing.T, sizes ...[2]int) {
	t.Helper()
	decodes := w.checkLimits(t)
	got := make([][2]int, len(decodes))
	for i, c := range decodes {
		got[i] = [2]int{c.width, c.height}
	}
	if fmt.Sprint(got) != fmt.Sprint(sizes) {
		t.Errorf("decoded %v, want %v", got, sizes)
	}
}

// checkNoSVGResource fails the test if an image in obj is drawn from a
// resource or a file whose content is svg: that is where Fyne would
// rasterise an SVG.
func checkNoSVGResource(t *testing.T, obj fyne.CanvasObject, svg []byte) {
	t.Helper()
	for _, img := range find[*canvas.Image](obj) {
		if img.File != "" {
			t.Errorf("an image is drawn from the file %s", img.File)
		}
		if img.Resource != nil && bytes.Equal(img.Resource.Content(), svg) {
			t.Errorf("the SVG from mail is handed to Fyne as %q", img.Resource.Name())
		}
	}
}
