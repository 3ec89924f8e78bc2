package gui

import (
	"bytes"
	"image"
	_ "image/gif" // decoders for pictures in mail; never SVG
	_ "image/jpeg"
	_ "image/png"
	"strings"

	"golang.org/x/image/draw"
	_ "golang.org/x/image/webp" // WebP pictures in mail

	"github.com/tern-mail/tern/assets/i18n"
)

// Limits for a picture from mail, inline or remote: beyond them it is not
// decoded at all.
const (
	maxPicturePixels = 40_000_000
	maxPictureBytes  = 20 << 20
	// maxMessagePixels bounds what all the pictures of one message may
	// decode to, together.
	maxMessagePixels = 120_000_000
	// maxImageWidth keeps pictures within the reading pane; maxImageHeight
	// keeps a very tall one from costing more than a few screens.
	maxImageWidth  = 560
	maxImageHeight = 2000
)

// picture is an image from mail ready for the screen — decoded after its
// size was checked, and scaled down to the size it is shown at — or the
// reason it is not shown.
type picture struct {
	img     image.Image // nil when refused
	refused string      // what the placeholder says instead
}

// pictureCodec is what reads a picture from mail: header reads its size
// from the header alone, pixels decodes the whole picture. Tests replace
// it to watch what reaches a decoder.
var pictureCodec = struct {
	header func(data []byte) (image.Config, error)
	pixels func(data []byte) (image.Image, error)
}{
	header: func(data []byte) (image.Config, error) {
		cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
		return cfg, err
	},
	pixels: func(data []byte) (image.Image, error) {
		img, _, err := image.Decode(bytes.NewReader(data))
		return img, err
	},
}

// pixelBudget is what is left of maxMessagePixels for one message.
type pixelBudget struct{ left int64 }

func newPixelBudget() *pixelBudget { return &pixelBudget{left: maxMessagePixels} }

// preparePicture checks and decodes data. SVG never reaches a decoder
// (Fyne's SVG renderer can be driven into unbounded recursion, which Go
// cannot recover from); other pictures are measured before they are
// decoded and refused over maxPicturePixels or maxPictureBytes, or when
// the message's budget is spent.
func preparePicture(data []byte, contentType, name string, budget *pixelBudget) picture {
	if isSVG(data, contentType, name) {
		return picture{refused: i18n.T("picture.svg")}
	}
	if len(data) > maxPictureBytes {
		return picture{refused: i18n.T("picture.too_large")}
	}
	cfg, err := pictureCodec.header(data)
	if err != nil || cfg.Width <= 0 || cfg.Height <= 0 {
		return picture{refused: i18n.T("picture.unreadable")}
	}
	px := int64(cfg.Width) * int64(cfg.Height)
	if px > maxPicturePixels {
		return picture{refused: i18n.T("picture.too_large.size", i18n.Args{"Width": cfg.Width, "Height": cfg.Height})}
	}
	if budget.left < px {
		return picture{refused: i18n.T("picture.too_many")}
	}
	budget.left -= px
	img, err := pictureCodec.pixels(data)
	if err != nil {
		return picture{refused: i18n.T("picture.unreadable")}
	}
	return picture{img: shrink(img, maxImageWidth, maxImageHeight)}
}

// shrink scales img down to fit w × h, keeping its proportions; smaller
// pictures are kept as they are.
func shrink(img image.Image, w, h int) image.Image {
	b := img.Bounds()
	sw, sh := b.Dx(), b.Dy()
	if sw <= w && sh <= h {
		return img
	}
	nw, nh := w, sh*w/sw
	if nh > h {
		nw, nh = sw*h/sh, h
	}
	nw, nh = max(nw, 1), max(nh, 1)
	dst := image.NewNRGBA(image.Rect(0, 0, nw, nh))
	draw.ApproxBiLinear.Scale(dst, dst.Bounds(), img, b, draw.Src, nil)
	return dst
}

// isSVG reports whether a picture is SVG by what it declares or by what
// its bytes look like (a stranger may declare anything).
func isSVG(data []byte, contentType, name string) bool {
	if strings.Contains(strings.ToLower(contentType), "svg") || strings.HasSuffix(strings.ToLower(name), ".svg") ||
		strings.HasSuffix(strings.ToLower(name), ".svgz") {
		return true
	}
	head := data
	if len(head) > 4096 {
		head = head[:4096]
	}
	if bytes.HasPrefix(head, []byte{0x1f, 0x8b}) {
		return true // gzip: svgz, or nothing a mail picture should be
	}
	return bytes.Contains(bytes.ToLower(head), []byte("<svg"))
}
