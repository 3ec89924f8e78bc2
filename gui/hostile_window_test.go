package gui

import (
	"strings"
	"testing"
	"time"

	"github.com/tern-mail/tern/accounts/engine"
	"github.com/tern-mail/tern/assets/i18n"
	"github.com/tern-mail/tern/internal/hostile"
	"github.com/tern-mail/tern/storage"
	"github.com/tern-mail/tern/storage/message"
)

// Every message of the hostile corpus opens in the window, and what the
// window shows of it is clean text.
func TestHostileCorpusOpensInTheWindow(t *testing.T) {
	var raws []string
	for _, raw := range hostile.All() {
		raws = append(raws, string(raw))
	}
	w, _, _ := windowWith(t, raws...)
	n := w.list.list.Length()
	if n != len(raws) {
		t.Fatalf("%d rows for %d messages", n, len(raws))
	}
	for i := 0; i < n; i++ {
		w.list.list.Select(i)
		shown := w.reader.subject.Text + "\n" + w.reader.headers.Text
		if strings.TrimSpace(w.reader.subject.Text) == "" {
			t.Errorf("row %d: no subject shown", i)
		}
		for _, r := range shown {
			if r != '\n' && (r < 0x20 || (r >= 0x7f && r < 0xa0) || (r >= 0x202a && r <= 0x202e)) {
				t.Errorf("row %d shows %U in %q", i, r, shown)
			}
		}
	}
	for _, l := range labels(w.list.list) {
		if l != message.CleanHeader(l) {
			t.Errorf("the list shows %q", l)
		}
	}
}

// A message over 100 MB keeps only its header; the reader says so in one
// plain line.
func TestReaderSaysAHugeMessageStaysOnTheServer(t *testing.T) {
	src := message.HeadersOnlySource(hostile.HugeHeader(), hostile.HugeSize)
	w, _, _ := windowWith(t, string(src))
	w.list.list.Select(0)
	want := "This message is too large to download (" + i18n.Size(hostile.HugeSize) + "). Open it on the server / in webmail."
	if body := w.reader.body.String(); strings.TrimSpace(body) != want {
		t.Fatalf("the reader shows %q, want %q", body, want)
	}
	if strings.Contains(w.reader.notes.Text, "Open it on the server") {
		t.Fatalf("the same thing is said twice: %q", w.reader.notes.Text)
	}
	if w.reader.subject.Text != "Huge message" {
		t.Fatalf("subject %q", w.reader.subject.Text)
	}
}

// Rows stored before headers were cleaned where they are read still show
// clean in the list and the reader.
func TestOldRowsAreCleanedWhenShown(t *testing.T) {
	old := storage.NewMessage{UIDL: "old", Received: time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC), Envelope: &storage.Envelope{
		Date:    time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC),
		Subject: hostile.ControlSubject,
		From:    []message.Address{{Name: "Bank\r\nTo: you@bank.example", Email: "stranger@example.com"}},
	}}
	w, _, _ := windowWithMessages(t, engine.Options{}, old)
	l := strings.Join(labels(w.list.list), "\n")
	if !strings.Contains(l, message.CleanHeader(hostile.ControlSubject)) || !strings.Contains(l, "Bank To: you@bank.example") {
		t.Fatalf("the list shows:\n%q", l)
	}
	if strings.ContainsAny(l, "\x1b\x07\u202e\r") {
		t.Fatalf("the list keeps control characters:\n%q", l)
	}
	w.list.list.Select(0)
	if s := w.reader.subject.Text; s != message.CleanHeader(hostile.ControlSubject) {
		t.Fatalf("the reader's subject is %q", s)
	}
	if h := w.reader.headers.Text; strings.Contains(h, "\nTo: you@bank.example") {
		t.Fatalf("a forged line in the headers:\n%s", h)
	}
}
