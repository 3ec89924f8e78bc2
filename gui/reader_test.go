package gui

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/tern-mail/tern/accounts"
	"github.com/tern-mail/tern/accounts/engine"
	"github.com/tern-mail/tern/accounts/remote"
	"github.com/tern-mail/tern/storage"
)

func TestHTMLMailFetchesNothingUntilAsked(t *testing.T) {
	var hits, pixelHits atomic.Int32
	img := image.NewRGBA(image.Rect(0, 0, 40, 30))
	for x := 0; x < 40; x++ {
		for y := 0; y < 30; y++ {
			img.Set(x, y, color.RGBA{200, 80, 40, 255})
		}
	}
	var pic bytes.Buffer
	png.Encode(&pic, img)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.Contains(r.URL.Path, "pixel") {
			pixelHits.Add(1)
		}
		hits.Add(1)
		w.Header().Set("Content-Type", "image/png")
		w.Write(pic.Bytes())
	}))
	defer srv.Close()

	a := test.NewTempApp(t)
	m := newManager(t)
	e := engine.New(m, engine.Options{Remote: remote.Options{Allow: allowServer(srv)}})
	ctx := context.Background()
	acct, err := m.Add(ctx, accounts.Account{Address: "alice@example.org", Protocol: accounts.POP3,
		Incoming: accounts.Server{Host: "pop.example.org", Port: 995, Security: accounts.TLS}}, "pw")
	if err != nil {
		t.Fatal(err)
	}
	inbox, _ := m.Store().FolderByName(ctx, acct.ID, "INBOX")
	raw := "From: News <news@example.com>\r\nSubject: Spring catalogue\r\nDate: Tue, 03 Nov 2026 09:30:00 +0000\r\n" +
		"MIME-Version: 1.0\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" +
		"<h1>Spring catalogue</h1><p>Hello <b>reader</b>, see <a href=\"https://shop.example/spring\">the shop</a>" +
		" or <a href=\"javascript:steal()\">this</a>.</p><ul><li>Tulips</li><li>Daffodils</li></ul>" +
		"<blockquote>Quoted words</blockquote><table><tr><td>Size</td><td>Price</td></tr></table>" +
		"<p><img src=\"" + srv.URL + "/cat.png\" alt=\"A cat\"></p><img src=\"" + srv.URL + "/pixel.gif\" width=\"1\" height=\"1\">" +
		"<div style=\"display:none\">hidden preheader</div>\r\n"
	if _, err := m.Store().AddMessage(ctx, inbox.ID, storage.NewMessage{UIDL: "h1", Raw: []byte(raw)}); err != nil {
		t.Fatal(err)
	}

	w := NewMainWindow(a, m, e, Info{Name: "Tern"})
	w.Window().Resize(fyne.NewSize(1100, 700))
	w.list.list.Select(0)
	body := w.reader.body.String()
	for _, want := range []string{"Spring catalogue", "Hello reader", "the shop", "Quoted words", "Size · Price", "[image: A cat]"} {
		if !strings.Contains(body, want) {
			t.Errorf("reader lacks %q:\n%s", want, body)
		}
	}
	if strings.Contains(body, "hidden preheader") {
		t.Error("hidden text shown")
	}
	lists := 0
	for _, s := range w.reader.body.Segments {
		if l, ok := s.(*widget.ListSegment); ok && len(l.Items) == 2 && l.Items[0].Textual() == "Tulips" {
			lists++
		}
	}
	if lists != 1 {
		t.Error("the list is not shown as a list")
	}
	links := 0
	for _, s := range w.reader.body.Segments {
		if l, ok := s.(*widget.HyperlinkSegment); ok {
			links++
			if l.URL.Scheme != "https" {
				t.Errorf("link with scheme %q", l.URL.Scheme)
			}
		}
	}
	if links != 1 {
		t.Errorf("%d links, want only the https one", links)
	}
	if hits.Load() != 0 {
		t.Fatalf("%d requests before the user asked", hits.Load())
	}
	if !w.reader.loadImages.Visible() {
		t.Fatal("no Load images button")
	}
	msgs, _ := m.Store().ListMessages(ctx, storage.ListQuery{})
	if !msgs[0].Flags.Seen {
		t.Error("opening the message did not mark it read")
	}
	test.AssertObjectRendersToMarkup(t, "reader_html.xml", w.reader.widget())

	watch := watchDecodes(t)
	test.Tap(w.reader.loadImages)
	watch.checkDecoded(t, [2]int{40, 30}) // the cat, and nothing else
	if hits.Load() != 1 || pixelHits.Load() != 0 {
		t.Fatalf("after Load images: %d requests, %d for the tracking pixel", hits.Load(), pixelHits.Load())
	}
	found := false
	for _, s := range w.reader.body.Segments {
		if _, ok := s.(*imageSegment); ok {
			found = true
		}
	}
	if !found || w.reader.loadImages.Visible() {
		t.Fatal("the picture is not shown after loading")
	}
}

func TestPlainTextLinksAndAttachments(t *testing.T) {
	segs := renderText("See https://example.org/page, or write to mailto:bob@example.org.\n> quoted https://x.example\nfile:///etc/passwd stays text", nil)
	var links []string
	for _, s := range segs {
		if l, ok := s.(*widget.HyperlinkSegment); ok {
			links = append(links, l.URL.String())
		}
	}
	if strings.Join(links, " ") != "https://example.org/page mailto:bob@example.org https://x.example" {
		t.Fatalf("links %v", links)
	}

	dir := t.TempDir()
	got := writtenAttachment(t, dir, "../../escape.txt")
	if got != dir+"/escape.txt" {
		t.Fatalf("saved to %s", got)
	}
}
