package gui

import (
	"bytes"
	"context"
	"encoding/base64"
	"image"
	"image/color"
	"image/png"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/tern-mail/tern/accounts"
	"github.com/tern-mail/tern/accounts/engine"
	"github.com/tern-mail/tern/storage"
)

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
	msgs := make([]storage.NewMessage, len(raws))
	for i, raw := range raws {
		msgs[i] = storage.NewMessage{UIDL: "u" + itoa(int64(i)), Raw: []byte(raw)}
	}
	return windowWithMessages(t, opts, msgs...)
}

// windowWithMessages opens a window over one POP3 account whose Inbox
// holds msgs, stored as given.
func windowWithMessages(t *testing.T, opts engine.Options, msgs ...storage.NewMessage) (*MainWindow, *engine.Engine, *accounts.Manager) {
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
	for _, nm := range msgs {
		if _, err := m.Store().AddMessage(ctx, inbox.ID, nm); err != nil {
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
