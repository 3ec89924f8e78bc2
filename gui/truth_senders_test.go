package gui

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/tern-mail/tern/accounts/engine"
	"github.com/tern-mail/tern/internal/hostile"
	"github.com/tern-mail/tern/storage"
	"github.com/tern-mail/tern/storage/message"
)

// A message from two people, sent by the second, names both everywhere,
// and a reply shows every recipient before it is sent.
func TestTwoSendersAreBothShown(t *testing.T) {
	w, _, _ := windowWith(t, string(hostile.TwoSenders()))
	both := "CEO <ceo@corp.example> and Mallory <mallory@evil.example>"
	if l := strings.Join(labels(w.list.list), "\n"); !strings.Contains(l, "⚠ "+both) {
		t.Fatalf("the list shows:\n%s", l)
	}
	w.list.list.Select(0)
	if h := w.reader.headers.Text; !strings.Contains(h, "From: ⚠ "+both) {
		t.Fatalf("headers:\n%s", h)
	}
	if !w.reader.warning.Visible() || !strings.Contains(w.reader.warning.Text, "more than one sender") {
		t.Fatalf("warning %q", w.reader.warning.Text)
	}
	w.reply(false)
	var to, note string
	for _, win := range w.app.Driver().AllWindows() {
		for _, e := range find[*composerEntry](win.Content()) {
			if strings.Contains(e.Text, "@corp.example") {
				to = e.Text
			}
		}
		for _, l := range find[*widget.Label](win.Content()) {
			if strings.Contains(l.Text, "This reply goes to") {
				note = l.Text
			}
		}
	}
	if !strings.Contains(to, "ceo@corp.example") || !strings.Contains(to, "mallory@evil.example") {
		t.Fatalf("the reply's To field is %q", to)
	}
	if !strings.Contains(note, "ceo@corp.example, mallory@evil.example") {
		t.Fatalf("the composer says %q", note)
	}
}

// A message sent by someone on behalf of another says so.
func TestSenderOnBehalfIsShown(t *testing.T) {
	raw := strings.Replace(string(hostile.TwoSenders()), "From: CEO <ceo@corp.example>, Mallory <mallory@evil.example>", "From: CEO <ceo@corp.example>", 1)
	w, _, _ := windowWith(t, raw)
	want := "sent by mallory@evil.example on behalf of CEO <ceo@corp.example>"
	if l := strings.Join(labels(w.list.list), "\n"); !strings.Contains(l, "⚠ "+want) {
		t.Fatalf("the list shows:\n%s", l)
	}
	w.list.list.Select(0)
	if h := w.reader.headers.Text; !strings.Contains(h, "From: ⚠ "+want) {
		t.Fatalf("headers:\n%s", h)
	}
	if !strings.Contains(w.reader.warning.Text, "This message was "+want) {
		t.Fatalf("warning %q", w.reader.warning.Text)
	}
}

// No sender, or a server's placeholder for one, reads "(no sender)".
func TestNoSenderIsSaid(t *testing.T) {
	placeholder := storage.NewMessage{UIDL: "p", Received: time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC), Envelope: &storage.Envelope{
		Date: time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC), Subject: "Placeholder",
		From: []message.Address{{Email: "MISSING_MAILBOX@MISSING_DOMAIN"}},
	}}
	w, _, _ := windowWithMessages(t, engine.Options{}, placeholder)
	l := strings.Join(labels(w.list.list), "\n")
	if !strings.Contains(l, "(no sender)") || strings.Contains(strings.ToLower(l), "missing") {
		t.Fatalf("the list shows:\n%s", l)
	}
	w.list.list.Select(0)
	if h := w.reader.headers.Text; !strings.Contains(h, "From: (no sender)") || strings.Contains(strings.ToLower(h), "missing") {
		t.Fatalf("headers:\n%s", h)
	}

	w, _, _ = windowWith(t, string(hostile.EmptyFrom()))
	if l := strings.Join(labels(w.list.list), "\n"); !strings.Contains(l, "(no sender)") {
		t.Fatalf("the list shows:\n%s", l)
	}
	w.list.list.Select(0)
	if h := w.reader.headers.Text; !strings.Contains(h, "From: (no sender)") {
		t.Fatalf("headers:\n%s", h)
	}
}

// A link with a user part, or whose host begins with another site's
// name, shows its real site and asks before it opens.
func TestLinksThatHideTheirSiteAsk(t *testing.T) {
	for _, c := range []struct {
		raw  []byte
		link string
	}{{hostile.UserPartLinks(), hostile.UserPartLink}, {hostile.LookalikeSubdomain(), hostile.LookalikeSubdomainLink}} {
		w, _, _ := windowWith(t, string(c.raw))
		var opened []string
		w.reader.openHook = func(u *url.URL) { opened = append(opened, u.String()) }
		w.list.list.Select(0)
		if body := w.reader.body.String(); !strings.Contains(body, "[⚠ goes to evil.example] "+c.link) {
			t.Fatalf("the reader shows:\n%s", body)
		}
		var link *widget.HyperlinkSegment
		for _, s := range w.reader.body.Segments {
			if l, ok := s.(*widget.HyperlinkSegment); ok && l.Text == c.link {
				link = l
			}
		}
		if link == nil {
			t.Fatalf("no link %s", c.link)
		}
		link.OnTapped()
		if len(opened) != 0 {
			t.Fatalf("%s opened without asking", c.link)
		}
		q := overlayText(w.Window())
		if !strings.Contains(q, "evil.example") || !strings.Contains(q, "paypal.com") || strings.Contains(q, "www.paypal.com@") && !strings.Contains(q, "begins with") {
			t.Fatalf("the question is %q", q)
		}
		w.reader.confirm.(*dialog.ConfirmDialog).Confirm()
		if len(opened) != 1 || opened[0] != c.link {
			t.Fatalf("after confirming: %v", opened)
		}
	}
}

// Every file of a dangerous kind can only be saved.
func TestDangerousKindsCanOnlyBeSaved(t *testing.T) {
	w, _, _ := windowWith(t, string(hostile.DangerousKinds()))
	var opened []string
	w.reader.openHook = func(u *url.URL) { opened = append(opened, u.String()) }
	w.list.list.Select(0)
	atts := w.reader.current.attachments
	if len(atts) != len(hostile.DangerousFiles) {
		t.Fatalf("%d attachments for %d files", len(atts), len(hostile.DangerousFiles))
	}
	rows := w.reader.attachBox.Objects[:len(atts)]
	for i, row := range rows {
		var buttons []string
		for _, b := range find[*keyButton](row) {
			buttons = append(buttons, b.Text)
		}
		if strings.Join(buttons, ",") != "Save as…" {
			t.Errorf("%s offers %v", atts[i].Filename, buttons)
		}
		if text := strings.Join(labels(row), " "); !strings.Contains(text, "Tern does not open") {
			t.Errorf("%s: %s", atts[i].Filename, text)
		}
		w.reader.askOpen(atts[i], "x")
		w.reader.openAttachment(atts[i])
	}
	if len(opened) != 0 {
		t.Fatalf("opened %v", opened)
	}
}
