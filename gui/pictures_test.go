package gui

import (
	"image"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/tern-mail/tern/accounts/engine"
	"github.com/tern-mail/tern/accounts/remote"
	"github.com/tern-mail/tern/internal/hostile"
)

// overPixelCap is a PNG just over maxPicturePixels (6325 × 6325 is
// 40,005,625 pixels) yet within a message's budget: only the pixel cap
// stands between it and a decoder.
func overPixelCap() []byte { return hostile.PNGBomb(6325, 6325) }

// overByteCap is a plain 10 × 10 PNG followed by padding up to one byte
// over maxPictureBytes: its header reads fine, and only the byte cap
// stands between it and a decoder.
func overByteCap() []byte {
	small := solidPNG(10, 10)
	return append(small, make([]byte, maxPictureBytes+1-len(small))...)
}

func TestPicturesAreCheckedBeforeDecoding(t *testing.T) {
	bomb := hostile.PNGBomb(12000, 12000)
	if len(bomb) > 2<<20 {
		t.Fatalf("the bomb is %d bytes; it should be small on the wire", len(bomb))
	}
	if _, _, err := image.Decode(strings.NewReader(hostile.SelfReferencingSVG)); err == nil {
		t.Fatal("an SVG decoder is registered with package image")
	}
	cases := []struct {
		name, ct string
		data     []byte
	}{
		{"loop.svg", "image/svg+xml", []byte(hostile.SelfReferencingSVG)},
		{"innocent.png", "image/png", []byte(hostile.SelfReferencingSVG)}, // declared PNG, is SVG
		{"x", "", []byte("\x1f\x8b\x08\x00")},                             // gzip: svgz
		{"bomb.png", "image/png", bomb},
		{"over-cap.png", "image/png", overPixelCap()},
		{"padded.png", "image/png", overByteCap()},
		{"huge.png", "image/png", make([]byte, maxPictureBytes+1)},
		{"broken.png", "image/png", []byte("\x89PNG\r\n\x1a\nnothing")},
	}
	for _, c := range cases {
		w := watchDecodes(t)
		p := preparePicture(c.data, c.ct, c.name, newPixelBudget())
		if p.img != nil || p.refused == "" {
			t.Errorf("%s: shown; want a placeholder", c.name)
		}
		if _, decodes := w.calls(); len(decodes) != 0 {
			t.Errorf("%s: handed to the decoder: %v", c.name, decodes)
		}
		w.checkLimits(t)
	}

	w := watchDecodes(t)
	p := preparePicture(solidPNG(2000, 1000), "image/png", "wide.png", newPixelBudget())
	if p.img == nil {
		t.Fatalf("a plain picture was refused: %s", p.refused)
	}
	if b := p.img.Bounds(); b.Dx() != maxImageWidth || b.Dy() != maxImageWidth/2 {
		t.Fatalf("shown at %v, want scaled to %d wide", b, maxImageWidth)
	}
	if b := preparePicture(solidPNG(200, 9000), "image/png", "tall.png", newPixelBudget()).img.Bounds(); b.Dy() != maxImageHeight {
		t.Fatalf("tall picture shown at %v", b)
	}
	if b := preparePicture(solidPNG(40, 30), "image/png", "small.png", newPixelBudget()).img.Bounds(); b.Dx() != 40 || b.Dy() != 30 {
		t.Fatalf("small picture resized to %v", b)
	}
	w.checkDecoded(t, [2]int{2000, 1000}, [2]int{200, 9000}, [2]int{40, 30})
}

func TestAMessagesPicturesShareOneBudget(t *testing.T) {
	big := hostile.PNGBomb(6000, 6000) // 36 million pixels: allowed alone
	w := watchDecodes(t)
	budget := newPixelBudget()
	shown := 0
	for i := 0; i < 5; i++ {
		if p := preparePicture(big, "image/png", "big.png", budget); p.img != nil {
			shown++
		}
	}
	decodes := w.checkLimits(t)
	var pixels int64
	for _, c := range decodes {
		pixels += c.pixels()
	}
	want := maxMessagePixels / 36_000_000
	if shown != want || len(decodes) != want || pixels > maxMessagePixels {
		t.Fatalf("%d large pictures shown, %d decoded (%d pixels); want %d, at most %d pixels",
			shown, len(decodes), pixels, want, maxMessagePixels)
	}
}

const hostileInline = "From: Stranger <stranger@example.com>\r\nSubject: Pictures\r\nDate: Tue, 03 Nov 2026 09:30:00 +0000\r\n" +
	"MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=b\r\n\r\n" +
	"--b\r\nContent-Type: text/html\r\n\r\n<p>Look</p><img src=\"cid:loop\" alt=\"logo\"><img src=\"cid:bomb\" alt=\"photo\"><img src=\"cid:ok\" alt=\"fine\">\r\n" +
	"--b\r\nContent-Type: image/svg+xml\r\nContent-ID: <loop>\r\nContent-Disposition: inline\r\n\r\n" + hostile.SelfReferencingSVG + "\r\n"

func TestInlineSVGAndBombShowAsPlaceholders(t *testing.T) {
	bomb := overPixelCap() // over the cap, within the budget: only the cap refuses it
	raw := hostileInline + "--b\r\nContent-Type: image/png\r\nContent-ID: <bomb>\r\nContent-Transfer-Encoding: base64\r\n\r\n" + b64(bomb) +
		"--b\r\nContent-Type: image/png\r\nContent-ID: <ok>\r\nContent-Transfer-Encoding: base64\r\n\r\n" + b64(solidPNG(900, 300)) + "--b--\r\n"
	watch := watchDecodes(t)
	w, _, _ := windowWith(t, raw)
	w.list.list.Select(0)
	// Only the plain picture reaches a decoder; the SVG does not even
	// have its header read.
	watch.checkDecoded(t, [2]int{900, 300})
	body := w.reader.body.String()
	for _, want := range []string{"[image: logo", "[image: photo"} {
		if !strings.Contains(body, want) {
			t.Errorf("no placeholder %q in the reader:\n%s", want, body)
		}
	}
	shown := 0
	for _, s := range w.reader.body.Segments {
		if img, ok := s.(*imageSegment); ok {
			shown++
			if img.img.Bounds().Dx() != maxImageWidth {
				t.Errorf("picture handed to Fyne at %v", img.img.Bounds())
			}
		}
	}
	if shown != 1 {
		t.Fatalf("%d pictures shown, want the one plain picture", shown)
	}
	// Drawing the window is where Fyne would decode a resource: it has
	// none from mail to decode, only pixels already checked.
	if img := w.Window().Canvas().Capture(); img.Bounds().Dx() < 1000 {
		t.Fatalf("window drawn at %v", img.Bounds())
	}
	checkNoSVGResource(t, w.Window().Content(), []byte(hostile.SelfReferencingSVG))
	watch.checkDecoded(t, [2]int{900, 300})
}

func TestLoadedPicturesFollowTheSameRules(t *testing.T) {
	bomb := overPixelCap() // over the cap, within the budget: only the cap refuses it
	srv := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/bomb.png":
			rw.Header().Set("Content-Type", "image/png")
			rw.Write(bomb)
		case "/loop.png": // SVG under a picture's name and type
			rw.Header().Set("Content-Type", "image/png")
			rw.Write([]byte(hostile.SelfReferencingSVG))
		default:
			rw.Header().Set("Content-Type", "image/png")
			rw.Write(solidPNG(1200, 600))
		}
	}))
	defer srv.Close()
	raw := "From: News <news@example.com>\r\nSubject: Remote\r\nMIME-Version: 1.0\r\nContent-Type: text/html\r\n\r\n" +
		"<img src=\"" + srv.URL + "/bomb.png\" alt=\"bomb\"><img src=\"" + srv.URL + "/loop.png\" alt=\"loop\"><img src=\"" + srv.URL + "/ok.png\" alt=\"ok\"><img src=\"http://10.0.0.1/inside.png\" alt=\"inside\">\r\n"
	watch := watchDecodes(t)
	w, _, _ := windowWithOptions(t, engine.Options{Remote: remote.Options{Allow: allowServer(srv)}}, raw)
	w.list.list.Select(0)
	test.Tap(w.reader.loadImages)
	watch.checkDecoded(t, [2]int{1200, 600})
	if headers, _ := watch.calls(); len(headers) != 2 {
		t.Errorf("%d headers read, want 2 (the bomb's and the plain picture's)", len(headers))
	}
	body := w.reader.body.String()
	for _, want := range []string{"[image: bomb", "[image: loop"} {
		if !strings.Contains(body, want) {
			t.Errorf("no placeholder %q in the reader:\n%s", want, body)
		}
	}
	checkNoSVGResource(t, w.Window().Content(), []byte(hostile.SelfReferencingSVG))
	n := 0
	for _, s := range w.reader.body.Segments {
		if img, ok := s.(*imageSegment); ok {
			n++
			if img.img.Bounds().Dx() != maxImageWidth {
				t.Errorf("loaded picture handed to Fyne at %v", img.img.Bounds())
			}
		}
	}
	if n != 1 {
		t.Fatalf("%d loaded pictures shown, want 1", n)
	}
	if !w.reader.notes.Visible() || !strings.Contains(w.reader.notes.Text, "1 picture loaded; could not load 3: not on the public web") {
		t.Fatalf("notes: %q", w.reader.notes.Text)
	}
}

func TestLeavingAMessageStopsItsPictures(t *testing.T) {
	w, _, _ := windowWith(t, "From: a@example.com\r\nSubject: one\r\n\r\nx\r\n", "From: b@example.com\r\nSubject: two\r\n\r\ny\r\n")
	w.list.list.Select(0)
	stopped := false
	w.reader.stopFetch = func() { stopped = true }
	w.list.list.Select(1)
	if !stopped {
		t.Fatal("opening another message did not cancel the pictures of the first")
	}
}
