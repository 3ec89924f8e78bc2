package gui

import (
	"context"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"github.com/tern-mail/tern/storage"
)

// rowsThatFit is how many whole rows of the message list its pane shows.
func rowsThatFit(w *MainWindow) int {
	h := w.list.list.CreateItem().MinSize().Height
	sep := theme.SeparatorThicknessSize()
	return int((w.list.list.Size().Height + sep) / (h + sep))
}

// shownRow finds the drawn row of the message with subject.
func shownRow(t *testing.T, w *MainWindow, subject string) *rowView {
	t.Helper()
	var found *rowView
	walk(t, w.list.list, func(o fyne.CanvasObject) {
		if v, ok := o.(*rowView); ok && v.subject == subject && v.Visible() {
			found = v
		}
	})
	if found == nil {
		t.Fatalf("no row for %q", subject)
	}
	return found
}

// walk visits o and everything drawn inside it.
func walk(t *testing.T, o fyne.CanvasObject, f func(fyne.CanvasObject)) {
	f(o)
	switch x := o.(type) {
	case *fyne.Container:
		for _, c := range x.Objects {
			walk(t, c, f)
		}
	case fyne.Widget:
		for _, c := range test.TempWidgetRenderer(t, x).Objects() {
			walk(t, c, f)
		}
	}
}

// texts are the words a row draws, in order, and whether its marks show.
func texts(t *testing.T, v *rowView) (words []string, marks map[string]bool) {
	r := test.TempWidgetRenderer(t, v).(*rowRenderer)
	for _, x := range []*canvas.Text{r.sender, r.subject, r.date, r.preview} {
		if x.Visible() {
			words = append(words, x.Text)
		}
	}
	return words, map[string]bool{"unread": r.dot.Visible(), "flag": r.flag.Visible(), "attachment": r.clip.Visible()}
}

// The list is compact by default: at least 15 rows on a 700 px tall
// window, each one line with sender, subject and date, and marks.
func TestMessageListIsCompactByDefault(t *testing.T) {
	w, m, _ := windowWithMail(t)
	if n := rowsThatFit(w); n < 15 {
		t.Fatalf("only %d rows fit in a %v list on a 1100×700 window", n, w.list.list.Size())
	}
	ctx := context.Background()
	inbox, _ := m.Store().FolderByName(ctx, w.list.rows[0].AccountID, "INBOX")
	raw := "From: Carol <carol@example.org>\r\nSubject: Photos\r\nDate: Mon, 02 Nov 2026 09:00:00 +0000\r\n" +
		"MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nHere they are.\r\n" +
		"--b\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename=a.pdf\r\n\r\n%PDF-1.4\r\n--b--\r\n"
	if _, err := m.Store().AddMessage(ctx, inbox.ID, storage.NewMessage{UIDL: "p", Raw: []byte(raw), Flags: storage.Flags{Flagged: true}}); err != nil {
		t.Fatal(err)
	}
	w.Reload()
	waitFor(t, func() bool { return len(w.list.rows) == 4 })
	v := shownRow(t, w, "Photos")
	words, marks := texts(t, v)
	if strings.Join(words, "|") != "Carol|Photos|"+shortDateOf(w, "Photos") {
		t.Fatalf("compact row draws %q", words)
	}
	if !marks["unread"] || !marks["flag"] || !marks["attachment"] {
		t.Fatalf("marks on an unread flagged message with a PDF: %v", marks)
	}
	// One line: the subject sits beside the sender, not under it.
	r := test.TempWidgetRenderer(t, v).(*rowRenderer)
	if r.subject.Position().Y != r.sender.Position().Y || r.subject.Position().X <= r.sender.Position().X {
		t.Fatalf("sender at %v, subject at %v", r.sender.Position(), r.subject.Position())
	}
	if _, marks := texts(t, shownRow(t, w, "Alpha plans")); marks["flag"] || marks["attachment"] {
		t.Fatalf("marks on a plain message: %v", marks)
	}
}

// shortDateOf is the date the list shows for the message with subject.
func shortDateOf(w *MainWindow, subject string) string {
	for _, m := range w.list.rows {
		if m.Subject == subject {
			return shortDate(m.Date, time.Now())
		}
	}
	return ""
}

// View > Density switches to two lines, then to a preview line from the
// stored snippet; the choice is remembered and Preferences shows it.
func TestDensityFromViewMenuAndPreferences(t *testing.T) {
	w, m, e := windowWithMail(t)
	compact := rowsThatFit(w)
	menuItemNamed(t, w, "View", "Density").ChildMenu.Items[2].Action() // With preview
	words, _ := texts(t, shownRow(t, w, "Beta budget"))
	if len(words) != 4 || words[3] != "About Beta budget." {
		t.Fatalf("row with preview draws %q", words)
	}
	if n := rowsThatFit(w); n >= compact {
		t.Fatalf("%d rows with preview, %d compact", n, compact)
	}
	if !menuItemNamed(t, w, "View", "Density").ChildMenu.Items[2].Checked {
		t.Fatal("With preview not ticked")
	}
	w2 := NewMainWindow(fyne.CurrentApp(), m, e, Info{Name: "Tern"})
	if w2.list.density != densityPreview {
		t.Fatalf("density after a restart %q", w2.list.density)
	}
	p := w2.showPreferences()
	if p.density.Selected != densityPreview {
		t.Fatalf("Preferences shows %q", p.density.Selected)
	}
	p.density.SetSelected(densityComfortable)
	if w2.list.density != densityComfortable || !menuItemNamed(t, w2, "View", "Density").ChildMenu.Items[1].Checked {
		t.Fatal("Preferences did not change the list's density")
	}
}

// A long display name that carries a fake address is cut in a compact row,
// but the warning mark and the real address in brackets stay visible.
func TestCompactRowKeepsRealAddressOfLongSpoofedName(t *testing.T) {
	w, m, _ := windowWithMail(t)
	ctx := context.Background()
	inbox, _ := m.Store().FolderByName(ctx, w.list.rows[0].AccountID, "INBOX")
	raw := "From: \"PayPal Account Security and Fraud Prevention Team service@paypal.com\" <x@ev.io>\r\n" +
		"Subject: Verify now\r\nDate: Mon, 02 Nov 2026 09:00:00 +0000\r\n\r\nClick.\r\n"
	if _, err := m.Store().AddMessage(ctx, inbox.ID, storage.NewMessage{UIDL: "spoof", Raw: []byte(raw)}); err != nil {
		t.Fatal(err)
	}
	w.win.Resize(fyne.NewSize(1800, 700)) // room for the address, not for the whole name
	w.Reload()
	waitFor(t, func() bool { return len(w.list.rows) == 4 })
	v := shownRow(t, w, "Verify now")
	r := test.TempWidgetRenderer(t, v).(*rowRenderer)
	got := r.sender.Text
	if !strings.HasPrefix(got, "⚠ PayPal") || !strings.HasSuffix(got, "… (x@ev.io)") {
		t.Fatalf("compact row shows the sender as %q in %v (row %v)", got, r.sender.Size(), v.Size())
	}
	if w := fyne.MeasureText(got, r.sender.TextSize, r.sender.TextStyle).Width; w > r.sender.Size().Width {
		t.Fatalf("sender %q is %v wide in a %v slot", got, w, r.sender.Size().Width)
	}

	// A slot too narrow even for the address keeps the mark.
	placeKeepingTail(r.sender, "⚠ PayPal service@paypal.com", " (x@ev.io)", 0, 0, 60, 20)
	if !strings.HasPrefix(r.sender.Text, "⚠ ") {
		t.Fatalf("a narrow slot shows %q", r.sender.Text)
	}
}
