package gui

import (
	"bytes"
	"compress/zlib"
	"context"
	"encoding/base64"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/png"
	"strings"
	"sync"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/tern-mail/tern/accounts"
	"github.com/tern-mail/tern/accounts/engine"
	"github.com/tern-mail/tern/storage"
)

var (
	bombMu sync.Mutex
	bombs  = map[[2]int][]byte{}
)

// pngBomb returns a real PNG of w × h RGBA pixels, all zero: small on the
// wire (zeros compress about a thousandfold), w*h*4 bytes once decoded.
// Each size is made once per test run.
func pngBomb(w, h int) []byte {
	bombMu.Lock()
	defer bombMu.Unlock()
	if b, ok := bombs[[2]int{w, h}]; ok {
		return b
	}
	b := makePNGBomb(w, h)
	bombs[[2]int{w, h}] = b
	return b
}

func makePNGBomb(w, h int) []byte {
	var out bytes.Buffer
	out.WriteString("\x89PNG\r\n\x1a\n")
	chunk := func(typ string, data []byte) {
		binary.Write(&out, binary.BigEndian, uint32(len(data)))
		c := crc32.NewIEEE()
		c.Write([]byte(typ))
		c.Write(data)
		out.WriteString(typ)
		out.Write(data)
		binary.Write(&out, binary.BigEndian, c.Sum32())
	}
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], uint32(w))
	binary.BigEndian.PutUint32(ihdr[4:], uint32(h))
	ihdr[8], ihdr[9] = 8, 6 // 8 bits per sample, RGBA
	chunk("IHDR", ihdr)
	var z bytes.Buffer
	zw, _ := zlib.NewWriterLevel(&z, zlib.BestCompression)
	row := make([]byte, 1+w*4) // filter byte, then the pixels
	for y := 0; y < h; y++ {
		zw.Write(row)
	}
	zw.Close()
	chunk("IDAT", z.Bytes())
	chunk("IEND", nil)
	return out.Bytes()
}

// svgLoop is an SVG whose <use> refers to itself: Fyne's SVG renderer
// recurses until the stack overflows, which no Go program survives.
const svgLoop = `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="10" height="10">` +
	`<g id="a"><use xlink:href="#a"/></g></svg>`

func solidPNG(w, h int) []byte {
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for i := 0; i < len(img.Pix); i += 4 {
		copy(img.Pix[i:], []byte{30, 120, 200, 255})
	}
	var b bytes.Buffer
	png.Encode(&b, img)
	_ = color.White
	return b.Bytes()
}

// windowWith opens a window over one POP3 account holding the raw
// messages given, newest last.
func windowWith(t *testing.T, raws ...string) (*MainWindow, *engine.Engine, *accounts.Manager) {
	t.Helper()
	return windowWithOptions(t, engine.Options{}, raws...)
}

// windowWithOptions is windowWith over an engine made with opts.
func windowWithOptions(t *testing.T, opts engine.Options, raws ...string) (*MainWindow, *engine.Engine, *accounts.Manager) {
	t.Helper()
	a := test.NewTempApp(t)
	m := newManager(t)
	e := engine.New(m, opts)
	ctx := context.Background()
	acct, err := m.Add(ctx, accounts.Account{Address: "alice@example.org", Protocol: accounts.POP3,
		Incoming: accounts.Server{Host: "pop.example.org", Port: 995, Security: accounts.TLS}}, "pw")
	if err != nil {
		t.Fatal(err)
	}
	inbox, _ := m.Store().FolderByName(ctx, acct.ID, "INBOX")
	for i, raw := range raws {
		if _, err := m.Store().AddMessage(ctx, inbox.ID, storage.NewMessage{UIDL: "u" + itoa(int64(i)), Raw: []byte(raw)}); err != nil {
			t.Fatal(err)
		}
	}
	w := NewMainWindow(a, m, e, Info{Name: "Tern"})
	w.Window().Resize(fyne.NewSize(1100, 700))
	return w, e, m
}

// find returns every object of type T under o, dialogs' content included
// when o is a canvas overlay.
func find[T any](o fyne.CanvasObject) []T {
	var out []T
	var walk func(fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if v, ok := o.(T); ok {
			out = append(out, v)
		}
		switch v := o.(type) {
		case *fyne.Container:
			for _, c := range v.Objects {
				walk(c)
			}
		case fyne.Widget:
			for _, c := range test.WidgetRenderer(v).Objects() {
				walk(c)
			}
		}
	}
	walk(o)
	return out
}

// overlayText is every label's text in the window's top pop-up or dialog.
func overlayText(w fyne.Window) string {
	top := w.Canvas().Overlays().Top()
	if top == nil {
		return ""
	}
	var s string
	for _, l := range find[*widget.Label](top) {
		s += l.Text + "\n"
	}
	return s
}

func b64(b []byte) string {
	s := base64.StdEncoding.EncodeToString(b)
	var out strings.Builder
	for len(s) > 76 {
		out.WriteString(s[:76] + "\r\n")
		s = s[76:]
	}
	out.WriteString(s + "\r\n")
	return out.String()
}
