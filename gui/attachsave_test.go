package gui

import (
	"bytes"
	"encoding/base64"
	"image"
	"image/color"
	"image/png"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/tern-mail/tern/storage/message"
)

// Save as… is a save dialog with the name filled in; saving writes the
// file, remembers the folder and confirms with a Show in folder button.
func TestSaveAsUsesASaveDialogAndConfirms(t *testing.T) {
	w, _, _ := windowWith(t, attachMail)
	w.list.list.Select(0)
	var opened []string
	w.reader.openHook = func(u *url.URL) { opened = append(opened, u.Path) }
	a := message.Attachment{Filename: "report.pdf", ContentType: "application/pdf", Data: []byte("%PDF-1.4")}

	d := w.reader.saveDialog(a)
	d.Show()
	var named bool
	for _, e := range find[*widget.Entry](w.win.Canvas().Overlays().Top()) {
		named = named || e.Text == "report.pdf"
	}
	var saveButton bool
	for _, b := range find[*widget.Button](w.win.Canvas().Overlays().Top()) {
		saveButton = saveButton || b.Text == "Save"
	}
	if !named || !saveButton {
		t.Fatalf("the dialog is not a save dialog with the name filled in (name %v, Save %v): %s", named, saveButton,
			overlayText(w.win))
	}
	d.Hide()

	dir := t.TempDir()
	wr, err := storage.Writer(storage.NewFileURI(filepath.Join(dir, "report.pdf")))
	if err != nil {
		t.Fatal(err)
	}
	w.reader.savedAs(a, wr, nil)
	if b, err := os.ReadFile(filepath.Join(dir, "report.pdf")); err != nil || string(b) != "%PDF-1.4" {
		t.Fatalf("saved %q, %v", b, err)
	}
	if got := w.prefs.String(prefSaveFolder); got != dir {
		t.Fatalf("remembered folder %q", got)
	}
	if w.reader.saveFolder() != dir {
		t.Fatalf("next save starts in %q", w.reader.saveFolder())
	}
	if want := "Saved to " + filepath.Base(dir); w.reader.lastSaved != want || !strings.Contains(overlayText(w.win), want) {
		t.Fatalf("confirmation %q / %q", w.reader.lastSaved, overlayText(w.win))
	}
	for _, b := range find[*widget.Button](w.win.Canvas().Overlays().Top()) {
		if b.Text == "Show in folder" {
			test.Tap(b)
		}
	}
	if len(opened) != 1 || opened[0] != dir {
		t.Fatalf("Show in folder opened %v", opened)
	}
}

// Save all writes every attachment into one folder under safe names.
func TestSaveAllSavesEveryAttachment(t *testing.T) {
	w, _, _ := windowWith(t, attachMail)
	w.list.list.Select(0)
	dir := t.TempDir()
	atts := []message.Attachment{
		{Filename: "a.pdf", ContentType: "application/pdf", Data: []byte("one")},
		{Filename: "../../b.txt", ContentType: "text/plain", Data: []byte("two"), Index: 1},
	}
	w.reader.saveAllTo(dir, atts)
	names, _ := os.ReadDir(dir)
	if len(names) != 2 {
		t.Fatalf("saved %v", names)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "b.txt")); string(b) != "two" {
		t.Fatalf("b.txt holds %q", b)
	}
	if want := "Saved 2 attachments to " + filepath.Base(dir); w.reader.lastSaved != want {
		t.Fatalf("confirmation %q", w.reader.lastSaved)
	}
}

// pngOf is a w×h PNG.
func pngOf(t *testing.T, w, h int) []byte {
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for i := range img.Pix {
		img.Pix[i] = 0x80
	}
	img.Set(0, 0, color.Black)
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// Pictures among the attachments show as thumbnails under the message;
// an SVG never does.
func TestPicturesShowAsThumbnails(t *testing.T) {
	pic := base64.StdEncoding.EncodeToString(pngOf(t, 800, 600))
	const svg = "<svg xmlns=\"http://www.w3.org/2000/svg\"/>"
	raw := "From: Ana <ana@example.org>\r\nSubject: Holiday\r\nDate: Tue, 03 Nov 2026 09:30:00 +0000\r\n" +
		"MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n" +
		"--b\r\nContent-Type: text/plain\r\n\r\nLook!\r\n" +
		"--b\r\nContent-Type: image/png\r\nContent-Transfer-Encoding: base64\r\nContent-Disposition: attachment; filename=beach.png\r\n\r\n" + pic + "\r\n" +
		"--b\r\nContent-Type: image/svg+xml\r\nContent-Disposition: attachment; filename=x.svg\r\n\r\n" + svg + "\r\n--b--\r\n"
	watch := watchDecodes(t)
	w, _, _ := windowWith(t, raw)
	w.list.list.Select(0)
	// The PNG alone reaches a decoder; the SVG does not even have its
	// header read, and Fyne is handed none of it.
	watch.checkDecoded(t, [2]int{800, 600})
	checkNoSVGResource(t, w.reader.attachBox, []byte(svg))
	imgs := find[*canvas.Image](w.reader.attachBox)
	var thumbs []*canvas.Image
	for _, i := range imgs {
		if i.Image != nil && i.Resource == nil && i.File == "" {
			thumbs = append(thumbs, i)
		}
	}
	if len(thumbs) != 1 {
		t.Fatalf("%d thumbnails, want 1 (the PNG, not the SVG)", len(thumbs))
	}
	b := thumbs[0].Image.Bounds()
	if b.Dx() > thumbWidth || b.Dy() > thumbHeight || b.Dx() != thumbWidth {
		t.Fatalf("thumbnail %v", b)
	}
	if rows := strings.Join(labels(w.reader.attachBox), "\n"); !strings.Contains(rows, ".png — PNG picture") {
		t.Fatalf("the rows say %q", rows)
	}
}

// A system error is one plain sentence; the system's words are behind
// Details.
func TestSystemErrorsAreOneSentenceWithDetails(t *testing.T) {
	w, _, _ := windowWith(t, attachMail)
	err := &exec.Error{Name: "xdg-open", Err: exec.ErrNotFound}
	w.reader.showProblem("Tern could not open the attachment.", err)
	shown := overlayText(w.win)
	if !strings.Contains(shown, "Tern could not open the attachment. This computer has no program set up to open it.") {
		t.Fatalf("the dialog says %q", shown)
	}
	var details *widget.Label
	for _, l := range find[*widget.Label](w.win.Canvas().Overlays().Top()) {
		if l.Text == err.Error() {
			details = l
		}
	}
	if details == nil || details.Visible() {
		t.Fatal("the system's words are not hidden behind Details")
	}
	for _, b := range find[*dialogButton](w.win.Canvas().Overlays().Top()) {
		if b.Text == "Details" {
			test.Tap(b)
		}
	}
	if !details.Visible() {
		t.Fatal("Details does not show the system's words")
	}
}
