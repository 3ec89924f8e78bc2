package hostile

import (
	"bytes"
	"image/png"
	"io"
	"net/mail"
	"strings"
	"testing"
)

func TestHugeIsExactAndStreamed(t *testing.T) {
	for _, size := range []int64{2000, 2001, 2077, HugeSize} {
		n, err := Huge(io.Discard, size)
		if err != nil || n != size {
			t.Errorf("Huge(%d) wrote %d bytes, %v", size, n, err)
		}
	}
	var b bytes.Buffer
	Huge(&b, 4096)
	if !bytes.HasPrefix(b.Bytes(), HugeHeader()) || !bytes.HasSuffix(b.Bytes(), []byte("--huge--\r\n")) {
		t.Error("Huge does not start with HugeHeader and end with its closing delimiter")
	}
}

func TestPNGBombDeclaresItsSize(t *testing.T) {
	img := PNGBomb(12000, 12000)
	cfg, err := png.DecodeConfig(bytes.NewReader(img))
	if err != nil || cfg.Width != 12000 || cfg.Height != 12000 {
		t.Fatalf("DecodeConfig = %+v, %v", cfg, err)
	}
	if len(img) > 1<<20 {
		t.Errorf("the bomb is %d bytes; it should be small", len(img))
	}
	small, err := png.Decode(bytes.NewReader(PNGBomb(3, 2)))
	if err != nil || small.Bounds().Dx() != 3 || small.Bounds().Dy() != 2 {
		t.Errorf("a small one does not decode: %v", err)
	}
}

func TestCorpusMessagesHaveHeaders(t *testing.T) {
	for name, raw := range All() {
		m, err := mail.ReadMessage(bytes.NewReader(raw))
		if err != nil || m.Header.Get("Subject") == "" {
			t.Errorf("%s: %v", name, err)
		}
	}
	if !strings.Contains(string(PaddedExecutable()), PaddedExecutableName) {
		t.Error("the padded name is not in its message")
	}
	if !strings.Contains(string(InlineSVGLoop()), "image/svg+xml") {
		t.Error("no SVG part")
	}
}
