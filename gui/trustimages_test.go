package gui

import (
	"bytes"
	"image"
	"image/png"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/tern-mail/tern/accounts/engine"
	"github.com/tern-mail/tern/accounts/remote"
)

// "Always load images from" a sender loads them now and for that
// sender's next messages, until Preferences stops it.
func TestAlwaysLoadImagesFromASender(t *testing.T) {
	var hits atomic.Int32
	var pic bytes.Buffer
	png.Encode(&pic, image.NewRGBA(image.Rect(0, 0, 20, 10)))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Header().Set("Content-Type", "image/png")
		w.Write(pic.Bytes())
	}))
	defer srv.Close()
	mail := func(subject, day string) string {
		return "From: News <News@Example.com>\r\nSubject: " + subject + "\r\nDate: Tue, " + day + " Nov 2026 09:30:00 +0000\r\n" +
			"MIME-Version: 1.0\r\nContent-Type: text/html\r\n\r\n<p>Hi</p><img src=\"" + srv.URL + "/" + subject + ".png\" alt=\"x\">\r\n"
	}
	w, _, _ := windowWithOptions(t, engine.Options{Remote: remote.Options{Allow: allowServer(srv)}}, mail("first", "03"), mail("second", "04"))
	w.list.list.Select(1) // first
	r := w.reader
	if !r.alwaysImages.Visible() || r.alwaysImages.Text != "Always load images from this sender" || hits.Load() != 0 {
		t.Fatalf("offer %q visible %v, %d requests", r.alwaysImages.Text, r.alwaysImages.Visible(), hits.Load())
	}
	test.Tap(r.alwaysImages)
	if hits.Load() != 1 || !w.prefs.trustsImagesFrom("news@example.com") {
		t.Fatalf("%d requests, trusted %v", hits.Load(), w.prefs.trustsImagesFrom("news@example.com"))
	}
	if !strings.Contains(r.notes.Text, "1 picture loaded.") {
		t.Fatalf("notes %q", r.notes.Text)
	}
	w.list.list.Select(0) // second: loads at once
	if hits.Load() != 2 || r.loadImages.Visible() || r.alwaysImages.Visible() {
		t.Fatalf("the next message from the sender: %d requests, buttons %v %v", hits.Load(), r.loadImages.Visible(), r.alwaysImages.Visible())
	}

	p := w.showPreferences()
	if got := strings.Join(labels(p.senders), "|"); got != "news@example.com" {
		t.Fatalf("Preferences lists %q", got)
	}
	for _, b := range find[*widget.Button](p.senders) {
		if b.Text == "Stop" {
			test.Tap(b)
		}
	}
	if w.prefs.trustsImagesFrom("news@example.com") {
		t.Fatal("Stop did not revoke")
	}
	if got := strings.Join(labels(p.senders), "|"); got != "Pictures load only when you ask." {
		t.Fatalf("Preferences after Stop %q", got)
	}
	w.list.list.Select(1)
	if hits.Load() != 2 || !r.loadImages.Visible() {
		t.Fatalf("after Stop: %d requests, Load images shown %v", hits.Load(), r.loadImages.Visible())
	}
}
