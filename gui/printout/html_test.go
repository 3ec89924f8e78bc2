package printout

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tern-mail/tern/assets/i18n"
	"github.com/tern-mail/tern/internal/testenv"
	"github.com/tern-mail/tern/storage/message"
)

// TestHTMLLayout: headings, lists, links with their address, a grid and
// the placeholder of a picture not loaded read back in order.
func TestHTMLLayout(t *testing.T) {
	i18n.Use("en")
	html := `<h1>Welcome</h1><p>Read <a href="https://example.org/terms">our terms</a> or write to <a href="mailto:help@example.org">help@example.org</a>.</p>
<ol><li>First step</li><li>Second step</li></ol><ul><li>A point</li></ul>
<table><tr><th>Item</th><th>Price</th></tr><tr><td>Tea</td><td>3.50</td></tr></table>
<img src="https://tracker.example/pixel.png" alt="Logo"><script>document.write("no")</script>`
	text, _ := pdfText(t, Message{Subject: "Layout", HTML: html}, Options{})
	got := flat(text)
	for _, want := range []string{"Welcome", "Read our terms (https://example.org/terms) or write to help@example.org.",
		"1. First step", "2. Second step", "• A point", "Item", "Price", "Tea", "3.50", "[picture: Logo]"} {
		if !strings.Contains(got, want) {
			t.Errorf("the printout lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(got, "document.write") {
		t.Errorf("a script's text was printed:\n%s", text)
	}
	order := []string{"Welcome", "First step", "A point", "Tea", "[picture: Logo]"}
	for i := 1; i < len(order); i++ {
		if strings.Index(got, order[i-1]) > strings.Index(got, order[i]) {
			t.Errorf("%q printed after %q:\n%s", order[i-1], order[i], text)
		}
	}
}

// pictureCount is how many pictures a PDF has (poppler's pdfimages).
func pictureCount(t *testing.T, pdf []byte) int {
	t.Helper()
	if _, err := exec.LookPath("pdfimages"); err != nil {
		testenv.Missing(t, "pdfimages (Debian package poppler-utils)")
	}
	f := filepath.Join(t.TempDir(), "p.pdf")
	if err := writeFile(f, pdf); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdfimages", "-list", f).CombinedOutput()
	if err != nil {
		t.Fatalf("pdfimages: %v %s", err, out)
	}
	return strings.Count(strings.TrimSpace(string(out)), "\n") - 1
}

// TestPicturesShownAreDrawn: an inline picture the message has is
// drawn; a remote one only when the reader loaded it; an SVG never.
func TestPicturesShownAreDrawn(t *testing.T) {
	img := image.NewRGBA(image.Rect(0, 0, 40, 30))
	for x := 0; x < 40; x++ {
		img.Set(x, x%30, color.RGBA{200, 0, 0, 255})
	}
	var b bytes.Buffer
	png.Encode(&b, img)
	html := `<p>Inline:</p><img src="cid:pic1"><p>Remote:</p><img src="https://example.org/r.png" alt="remote">` +
		`<img src="cid:vector" alt="drawing">`
	m := Message{Subject: "Pictures", HTML: html, Attachments: []message.Attachment{
		{ContentID: "pic1", ContentType: "image/png", Inline: true, Data: b.Bytes(), Filename: "pic1.png"},
		{ContentID: "vector", ContentType: "image/svg+xml", Inline: true, Data: []byte("<svg/>"), Filename: "v.svg"}}}
	text, pdf := pdfText(t, m, Options{})
	if n := pictureCount(t, pdf); n != 1 {
		t.Errorf("%d pictures drawn, want the inline one", n)
	}
	if got := flat(text); !strings.Contains(got, "[picture: remote]") || !strings.Contains(got, "[picture: drawing]") {
		t.Errorf("placeholders missing:\n%s", text)
	}
	_, pdf = pdfText(t, m, Options{RemoteImages: map[string][]byte{"https://example.org/r.png": b.Bytes()}})
	if n := pictureCount(t, pdf); n != 2 {
		t.Errorf("%d pictures drawn with the remote one loaded, want 2", n)
	}
}

// TestLongTextMakesNumberedPages: a long message runs over pages, each
// numbered "Page n of N".
func TestLongTextMakesNumberedPages(t *testing.T) {
	i18n.Use("en")
	var b strings.Builder
	for i := 0; i < 300; i++ {
		b.WriteString("A line of the long message, written out to fill the page.\n")
	}
	text, _ := pdfText(t, Message{Subject: "Long", Text: b.String()}, Options{Paper: "A4"})
	pages := strings.Count(text, "\f")
	if pages < 4 {
		t.Fatalf("%d pages", pages)
	}
	for _, want := range []string{"Page 1 of ", "Page 2 of "} {
		if !strings.Contains(text, want+itoa(pages)) {
			t.Errorf("no %q%d", want, pages)
		}
	}
}

// TestDeepHTMLIsText: HTML nested deeper than the walk goes is printed
// as text, without exhausting the stack.
func TestDeepHTMLIsText(t *testing.T) {
	html := strings.Repeat("<div>", 5000) + "deep words" + strings.Repeat("</div>", 5000)
	text, _ := pdfText(t, Message{Subject: "Deep", HTML: html}, Options{})
	if !strings.Contains(flat(text), "deep words") {
		t.Errorf("the printout reads:\n%s", text)
	}
}
