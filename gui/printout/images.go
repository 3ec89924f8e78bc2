package printout

import (
	"bytes"
	"image"
	"image/color"
	_ "image/gif" // decoders for pictures in mail; never SVG
	"image/jpeg"
	_ "image/png"
	"strconv"
	"strings"

	"golang.org/x/image/draw"
	_ "golang.org/x/image/webp" // WebP pictures in mail
)

// Limits for a picture from mail, as the reader has them: beyond them
// it is named, not decoded.
const (
	maxPicturePixels = 40_000_000
	maxPictureBytes  = 20 << 20
	maxMessagePixels = 120_000_000
	// A picture is printed at most this many pixels across and down
	// (some 200 dots an inch across the page).
	maxPrintWidth  = 1600
	maxPrintHeight = 2400
)

// picture is a picture ready for the page: JPEG on white, w × h pixels.
type picture struct {
	jpeg []byte
	w, h int
	name string // how the PDF knows it
}

// pictures are the pictures a printout may draw: the message's inline
// parts, by Content-ID, and the remote ones the reader loaded, by
// address. Each is decoded once, after its size was checked.
type pictures struct {
	cid    map[string]inlinePart
	remote map[string][]byte
	budget int64
	done   map[string]*picture
}

// inlinePart is an inline part's content and what its sender says it is.
type inlinePart struct {
	data        []byte
	contentType string
	name        string
}

func newPictures(cid map[string]inlinePart, remote map[string][]byte) *pictures {
	return &pictures{cid: cid, remote: remote, budget: maxMessagePixels, done: map[string]*picture{}}
}

// forSource is the picture an <img src> shows, nil when there is none
// to print: remote pictures only when the reader loaded them.
func (p *pictures) forSource(src string) *picture {
	if p == nil {
		return nil
	}
	if got, ok := p.done[src]; ok {
		return got
	}
	var pic *picture
	switch {
	case strings.HasPrefix(src, "cid:"):
		if part, ok := p.cid[strings.TrimPrefix(src, "cid:")]; ok {
			pic = p.prepare(part.data, part.contentType, part.name)
		}
	case strings.HasPrefix(src, "http://") || strings.HasPrefix(src, "https://"):
		if data, ok := p.remote[src]; ok {
			pic = p.prepare(data, "", src)
		}
	}
	if pic != nil {
		pic.name = "img" + strconv.Itoa(len(p.done))
	}
	p.done[src] = pic
	return pic
}

// prepare checks and decodes a picture and makes it a JPEG on white.
// SVG is never decoded; pictures over the limits, or past the message's
// budget, are not either.
func (p *pictures) prepare(data []byte, contentType, name string) *picture {
	if isSVG(data, contentType, name) || len(data) > maxPictureBytes {
		return nil
	}
	cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil || cfg.Width <= 0 || cfg.Height <= 0 {
		return nil
	}
	px := int64(cfg.Width) * int64(cfg.Height)
	if px > maxPicturePixels || px > p.budget {
		return nil
	}
	p.budget -= px
	img, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil
	}
	flat := onWhite(img, maxPrintWidth, maxPrintHeight)
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, flat, &jpeg.Options{Quality: 88}); err != nil {
		return nil
	}
	return &picture{jpeg: buf.Bytes(), w: cfg.Width, h: cfg.Height}
}

// onWhite draws img on white, scaled down to fit w × h.
func onWhite(img image.Image, w, h int) image.Image {
	b := img.Bounds()
	nw, nh := b.Dx(), b.Dy()
	if nw > w {
		nw, nh = w, max(nh*w/nw, 1)
	}
	if nh > h {
		nw, nh = max(nw*h/nh, 1), h
	}
	dst := image.NewRGBA(image.Rect(0, 0, nw, nh))
	draw.Draw(dst, dst.Bounds(), image.NewUniform(color.White), image.Point{}, draw.Src)
	draw.ApproxBiLinear.Scale(dst, dst.Bounds(), img, b, draw.Over, nil)
	return dst
}

// isSVG reports whether a picture is SVG by what it declares or by what
// its bytes look like.
func isSVG(data []byte, contentType, name string) bool {
	lower := strings.ToLower(name)
	if strings.Contains(strings.ToLower(contentType), "svg") || strings.HasSuffix(lower, ".svg") || strings.HasSuffix(lower, ".svgz") {
		return true
	}
	head := data[:min(len(data), 4096)]
	if bytes.HasPrefix(head, []byte{0x1f, 0x8b}) {
		return true // gzip: svgz, or nothing a mail picture should be
	}
	return bytes.Contains(bytes.ToLower(head), []byte("<svg"))
}
