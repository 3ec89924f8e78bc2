package gui

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/tern-mail/tern/accounts"
	"github.com/tern-mail/tern/storage"
)

func init() { Background = func(f func()) { f() } }

func newManager(t *testing.T) *accounts.Manager {
	t.Helper()
	dir := t.TempDir()
	st, err := storage.Open(filepath.Join(dir, storage.FileName))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	m, err := accounts.NewManager(dir, st, accounts.NewMemory())
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// labels returns the text of every label under o.
func labels(o fyne.CanvasObject) []string {
	var out []string
	var walk func(fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch v := o.(type) {
		case *widget.Label:
			out = append(out, v.Text)
		case *rowView: // draws its words cut to fit; these are the whole ones
			out = append(out, v.sender+v.senderTail, v.subject, v.date)
		case *fyne.Container:
			for _, c := range v.Objects {
				walk(c)
			}
		case fyne.Widget:
			r := test.WidgetRenderer(v)
			for _, c := range r.Objects() {
				walk(c)
			}
		}
	}
	walk(o)
	return out
}

func TestEmptyWindowSaysNoAccountsYet(t *testing.T) {
	a := test.NewTempApp(t)
	w := NewMainWindow(a, newManager(t), nil, Info{Name: "Tern"})
	w.Window().Resize(fyne.NewSize(900, 600))
	got := strings.Join(labels(w.Window().Content()), "|")
	if !strings.Contains(got, "No accounts yet") {
		t.Fatalf("empty window shows %q", got)
	}
	test.AssertRendersToMarkup(t, "empty_window.xml", w.Window().Canvas())
}

func TestWindowShowsStoredMail(t *testing.T) {
	a := test.NewTempApp(t)
	m := newManager(t)
	ctx := context.Background()
	acct, err := m.Add(ctx, accounts.Account{Address: "alice@example.org", Protocol: accounts.POP3,
		Incoming: accounts.Server{Host: "pop.example.org", Port: 995, Security: accounts.TLS}}, "pw")
	if err != nil {
		t.Fatal(err)
	}
	inbox, _ := m.Store().FolderByName(ctx, acct.ID, "INBOX")
	if _, err := m.Store().AddMessage(ctx, inbox.ID, storage.NewMessage{UIDL: "u1", Raw: []byte(
		"From: Bob <bob@example.org>\r\nSubject: Lunch on Friday?\r\nDate: Tue, 03 Nov 2026 09:30:00 +0000\r\n\r\n" +
			"Shall we try the new place by the harbour?\r\n")}); err != nil {
		t.Fatal(err)
	}

	w := NewMainWindow(a, m, nil, Info{Name: "Tern"})
	w.Window().Resize(fyne.NewSize(1100, 700))
	if strings.Contains(strings.Join(labels(w.Window().Content()), "|"), "No accounts yet") {
		t.Fatal("empty state shown although an account exists")
	}
	if got := w.folders.labels["f"+itoa(inbox.ID)]; got != "Inbox (1)" {
		t.Fatalf("inbox label %q, want %q", got, "Inbox (1)")
	}
	if w.Window().Title() != "Tern — 1 unread" {
		t.Errorf("title %q", w.Window().Title())
	}
	// The Inbox opens by itself.
	if w.folders.selected != "f"+itoa(inbox.ID) {
		t.Fatalf("selected %q, want the inbox", w.folders.selected)
	}
	if len(w.list.rows) != 1 || w.list.rows[0].Subject != "Lunch on Friday?" {
		t.Fatalf("list rows %+v", w.list.rows)
	}
	w.list.list.Select(0)
	if !strings.Contains(w.reader.body.String(), "harbour") || w.reader.subject.Text != "Lunch on Friday?" {
		t.Fatalf("reader shows %q / %q", w.reader.subject.Text, w.reader.body.String())
	}

	// A change in the store reaches the window through the subscription.
	w.Start()
	defer w.Stop()
	if _, err := m.Store().AddMessage(ctx, inbox.ID, storage.NewMessage{UIDL: "u2", Raw: []byte(
		"From: Carol <carol@example.org>\r\nSubject: Second\r\nDate: Wed, 04 Nov 2026 09:30:00 +0000\r\n\r\nhi\r\n")}); err != nil {
		t.Fatal(err)
	}
	waitFor(t, func() bool {
		// The test driver runs fyne.Do inline on the caller's goroutine;
		// Reload holds loadMu while it does, so read under it.
		w.loadMu.Lock()
		defer w.loadMu.Unlock()
		return len(w.list.rows) == 2
	})
}
