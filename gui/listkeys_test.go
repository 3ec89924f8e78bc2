package gui

import (
	"context"
	"fmt"
	"testing"

	"fyne.io/fyne/v2"

	"github.com/tern-mail/tern/accounts"
	"github.com/tern-mail/tern/storage"
)

// addNumbered adds n messages "Note 0".."Note n-1" to the Inbox of the
// window's account, "Note 0" the oldest, and shows them.
func addNumbered(t *testing.T, w *MainWindow, m *accounts.Manager, n int) {
	t.Helper()
	ctx := context.Background()
	inbox, err := m.Store().FolderByName(ctx, "alice@example.org", "INBOX")
	if err != nil {
		t.Fatal(err)
	}
	for i := range n {
		raw := fmt.Sprintf("From: Carol <carol@example.org>\r\nSubject: Note %d\r\nDate: Mon, 02 Nov 2026 09:%02d:00 +0000\r\n\r\nNote.\r\n", i, i)
		if _, err := m.Store().AddMessage(ctx, inbox.ID, storage.NewMessage{UIDL: fmt.Sprint("note", i), Raw: []byte(raw)}); err != nil {
			t.Fatal(err)
		}
	}
	w.Reload()
}

// press types key into the widget that has the window's focus, as the
// driver does with a key press.
func press(w *MainWindow, key fyne.KeyName) {
	w.win.Canvas().Focused().TypedKey(&fyne.KeyEvent{Name: key})
}

// PageDown, PageUp, Home and End move the selection in the list, and the
// reader follows.
func TestPageKeysHomeAndEndMoveTheSelection(t *testing.T) {
	w, m, _ := windowWithMail(t)
	addNumbered(t, w, m, 40) // 43 rows, "Note 39" first
	total := len(w.list.rows)
	w.list.list.Select(0)
	w.win.Canvas().Focus(w.list.list)
	page := w.list.pageRows()
	if page < 3 || page > 40 {
		t.Fatalf("a page of %d rows in a list %v high", page, w.list.list.Size())
	}
	press(w, fyne.KeyPageDown)
	if w.list.selected != page || shown(t, w) != fmt.Sprint("Note ", 39-page) {
		t.Fatalf("PageDown: row %d (%s), want row %d", w.list.selected, shown(t, w), page)
	}
	press(w, fyne.KeyEnd)
	if w.list.selected != total-1 || shown(t, w) != "Alpha plans" {
		t.Fatalf("End: row %d (%s) of %d", w.list.selected, shown(t, w), total)
	}
	press(w, fyne.KeyPageDown) // at the end it stays
	if w.list.selected != total-1 {
		t.Fatalf("PageDown at the end: row %d", w.list.selected)
	}
	press(w, fyne.KeyPageUp)
	if w.list.selected != total-1-page {
		t.Fatalf("PageUp: row %d, want %d", w.list.selected, total-1-page)
	}
	press(w, fyne.KeyHome)
	if w.list.selected != 0 || shown(t, w) != "Note 39" {
		t.Fatalf("Home: row %d (%s)", w.list.selected, shown(t, w))
	}
	press(w, fyne.KeyPageUp) // at the start it stays
	if w.list.selected != 0 {
		t.Fatalf("PageUp at the start: row %d", w.list.selected)
	}
}

// After a block of messages is deleted, the message after the block is
// selected and shown, as in Thunderbird and Apple Mail: not one two rows
// further, and not nothing.
func TestAfterDeleteTheMessageAfterTheBlockIsSelected(t *testing.T) {
	w, m, _ := windowWithMail(t)
	addNumbered(t, w, m, 8) // "Note 7" … "Note 0", then Gamma, Beta, Alpha
	w.win.Canvas().Focus(w.list.list)
	ctrl := fyne.KeyModifierShortcutDefault
	click(w, 2, 0)                     // Note 5
	click(w, 4, fyne.KeyModifierShift) // Notes 5, 4 and 3
	if n := len(w.selectedIDs()); n != 3 {
		t.Fatalf("%d selected", n)
	}
	press(w, fyne.KeyDelete)
	w.Reload()
	if got := shown(t, w); got != "Note 2" {
		t.Fatalf("after deleting Notes 5 to 3 the window shows %q, want Note 2", got)
	}
	// Ctrl-click from the bottom up: the block ends at the lowest row.
	click(w, 4, 0) // Note 0
	click(w, 2, ctrl)
	press(w, fyne.KeyDelete) // Notes 2 and 0
	w.Reload()
	if got := shown(t, w); got != "Gamma gossip" {
		t.Fatalf("after deleting Notes 2 and 0 the window shows %q, want Gamma gossip", got)
	}
	// The last message: the one before it.
	press(w, fyne.KeyEnd)
	press(w, fyne.KeyDelete)
	w.Reload()
	if got := shown(t, w); got != "Beta budget" {
		t.Fatalf("after deleting the last message the window shows %q", got)
	}
}
