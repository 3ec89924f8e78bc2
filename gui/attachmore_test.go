package gui

import (
	"encoding/base64"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/tern-mail/tern/internal/hostile"
	"github.com/tern-mail/tern/storage"
	"github.com/tern-mail/tern/storage/message"
)

// queueBackground makes r's work off the window's thread wait in a queue
// the test runs when it chooses.
func queueBackground(r *reader) *[]func() {
	var q []func()
	r.bg = func(f func()) { q = append(q, f) }
	return &q
}

// runQueue runs and empties q.
func runQueue(q *[]func()) {
	for len(*q) > 0 {
		f := (*q)[0]
		*q = (*q)[1:]
		f()
	}
}

// Opening a message of 20,000 attachments keeps the window answering:
// what runs on the window's thread stays within a small budget of
// processor time, a click on another message is answered at once, and
// Show all lists every one of the 20,000 in a list that lays out only
// what is on screen.
func TestManyAttachmentsKeepTheWindowAnswering(t *testing.T) {
	w, _, _ := windowWith(t, string(hostile.ManyAttachments(20000)),
		"From: b@example.org\r\nSubject: Lunch\r\nDate: Tue, 03 Nov 2026 09:30:00 +0000\r\n\r\nNoon?\r\n")
	q := queueBackground(w.reader)
	big := 0
	if w.list.rows[0].Subject != "Many attachments 20000" {
		big = 1
	}
	w.list.list.Select(big)
	if len(*q) != 1 {
		t.Fatalf("opening queued %d jobs, want the message's loading", len(*q))
	}
	// The loading is not the window's; what it hands the window is.
	f := (*q)[0]
	*q = nil
	start := processTime()
	f()
	onWindow := processTime() - start
	t.Logf("loading and showing the message: %v of processor time", onWindow)
	if w.reader.subject.Text != "Many attachments 20000" {
		t.Fatalf("the reader shows %q", w.reader.subject.Text)
	}
	// A click on the other message is answered.
	start = processTime()
	w.list.list.Select(1 - big)
	runQueue(q)
	click := processTime() - start
	if w.reader.subject.Text != "Lunch" {
		t.Fatalf("the click on the other message was not answered: the reader shows %q", w.reader.subject.Text)
	}
	if click > time.Second {
		t.Errorf("answering the click took %v of processor time (budget 1 s)", click)
	}
	// Back to the big message, and Show all.
	w.list.list.Select(big)
	runQueue(q)
	start = processTime()
	for _, b := range find[*keyButton](w.reader.attachBox) {
		if b.Text == "Show all" {
			test.Tap(b)
		}
	}
	if d := processTime() - start; d > time.Second {
		t.Errorf("opening Show all took %v of processor time on the window's thread (budget 1 s)", d)
	}
	runQueue(q)
	lists := find[*widget.List](w.win.Canvas().Overlays().Top())
	if len(lists) != 1 || lists[0].Length() != 20000 {
		t.Fatalf("Show all lists %d lists, want one of 20000", len(lists))
	}
	if text := overlayText(w.win); !strings.Contains(text, "20,000 attachments") {
		t.Errorf("Show all says %q", text)
	}
}

// Save all writes every attachment, also those past the ones read for
// showing, one at a time, from the stored message.
func TestSaveAllStreamsEveryAttachment(t *testing.T) {
	raw := hostile.ManyAttachments(3000)
	w, _, _ := windowWith(t, string(raw))
	w.list.list.Select(0)
	dir := t.TempDir()
	w.reader.saveStreamed(dir, w.reader.current.source)
	names, _ := os.ReadDir(dir)
	if len(names) != 3000 {
		t.Fatalf("saved %d files, want 3000", len(names))
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "f02999.txt")); string(b) != "2999" {
		t.Fatalf("f02999.txt holds %q", b)
	}
	if want := "Saved 3,000 attachments to " + filepath.Base(dir); w.reader.lastSaved != want {
		t.Fatalf("confirmation %q", w.reader.lastSaved)
	}
}

// Thumbnails are decoded off the window's thread once the message is
// shown, and not at all when the user has left it first.
func TestThumbnailsAreDecodedOnlyWhenShown(t *testing.T) {
	pic := base64.StdEncoding.EncodeToString(pngOf(t, 800, 600))
	raw := "From: Ana <ana@example.org>\r\nSubject: Holiday\r\nDate: Tue, 03 Nov 2026 09:30:00 +0000\r\n" +
		"MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n" +
		"--b\r\nContent-Type: text/plain\r\n\r\nLook!\r\n" +
		"--b\r\nContent-Type: image/png\r\nContent-Transfer-Encoding: base64\r\nContent-Disposition: attachment; filename=beach.png\r\n\r\n" + pic + "\r\n--b--\r\n"
	w, _, _ := windowWith(t, raw, "From: b@example.org\r\nSubject: Lunch\r\n\r\nNoon?\r\n")
	holiday := 0
	if w.list.rows[0].Subject != "Holiday" {
		holiday = 1
	}
	thumbs := func() int {
		n := 0
		for _, i := range find[*canvas.Image](w.reader.attachBox) {
			if i.Image != nil && i.Resource == nil && i.File == "" {
				n++
			}
		}
		return n
	}
	q := queueBackground(w.reader)
	w.list.list.Select(holiday)
	(*q)[0]()
	*q = (*q)[1:]
	if n := thumbs(); n != 0 || len(*q) != 1 {
		t.Fatalf("%d thumbnails decoded with the message, %d jobs queued", n, len(*q))
	}
	runQueue(q)
	if n := thumbs(); n != 1 {
		t.Fatalf("%d thumbnails once shown, want 1", n)
	}
	// Left before its pictures were decoded: none is.
	watch := watchDecodes(t)
	w.list.list.Select(1 - holiday)
	runQueue(q)
	w.list.list.Select(holiday)
	(*q)[0]() // the message is loaded and shown; its thumbnail waits
	*q = (*q)[1:]
	w.list.list.Select(1 - holiday)
	if len(*q) != 2 {
		t.Fatalf("%d jobs queued, want the thumbnail's and the other message's", len(*q))
	}
	(*q)[1]() // the other message is shown first
	(*q)[0]()
	*q = nil
	watch.checkDecoded(t)
	if w.reader.subject.Text != "Lunch" || thumbs() != 0 {
		t.Fatalf("the reader shows %q with %d thumbnails", w.reader.subject.Text, thumbs())
	}
}

// A message past the parse budget is shown as plain text with one line
// saying why, and offers Save all, which saves its attachments from the
// source.
func TestPastParseBudgetIsPlainTextWithSaveAll(t *testing.T) {
	raw := hostile.GarbagePicture(message.MaxParseBytes + 1<<20)
	raw = append(raw[:len(raw)-len("--pic--\r\n")], "--pic\r\nContent-Disposition: attachment; filename=\"a.txt\"\r\n\r\nhello\r\n--pic--\r\n"...)
	w, _, _ := windowWith(t, "From: b@example.org\r\nSubject: Lunch\r\n\r\nNoon?\r\n")
	v := viewOf(0, &storage.StoredMessage{Raw: raw})
	w.reader.display(v)
	if !strings.Contains(w.reader.notes.Text, "too large for Tern to read in full") || len(v.text) > 2<<20 || v.html != "" {
		t.Fatalf("notes %q, %d bytes of text, html %d", w.reader.notes.Text, len(v.text), len(v.html))
	}
	var save *keyButton
	for _, b := range find[*keyButton](w.reader.attachBox) {
		if b.Text == "Save all…" {
			save = b
		}
	}
	if save == nil {
		t.Fatal("no Save all")
	}
	dir := t.TempDir()
	w.reader.saveStreamed(dir, v.source)
	if b, _ := os.ReadFile(filepath.Join(dir, "a.txt")); string(b) != "hello" {
		t.Fatalf("a.txt holds %q", b)
	}
}
