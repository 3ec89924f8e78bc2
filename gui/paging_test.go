package gui

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/tern-mail/tern/storage"
)

// A big folder and a big search are read a page at a time: the first page
// at once, the next when the user scrolls near its end. A new search
// starts again with a page; clearing it brings back the folder as far as
// it was read. Select all reads the rest first.
func TestFolderAndSearchAreReadAPageAtATime(t *testing.T) {
	w, m, _ := windowWithMail(t)
	ctx := context.Background()
	inbox, err := m.Store().FolderByName(ctx, w.list.rows[0].AccountID, "INBOX")
	if err != nil {
		t.Fatal(err)
	}
	before := len(w.list.rows)
	extra := storage.FirstPage + 30
	for i := range extra {
		raw := fmt.Sprintf("From: Shop <shop@example.com>\r\nSubject: Invoice %d\r\nDate: Mon, 02 Nov 2026 09:%02d:%02d +0000\r\n\r\nYour invoice.\r\n", i, i/60, i%60)
		if _, err := m.Store().AddMessage(ctx, inbox.ID, storage.NewMessage{UIDL: fmt.Sprint("inv", i), Raw: []byte(raw)}); err != nil {
			t.Fatal(err)
		}
	}
	w.list.showFolders(w.list.folders)
	if len(w.list.rows) != storage.FirstPage || !w.list.more {
		t.Fatalf("a folder of %d opens with %d rows (more: %v)", before+extra, len(w.list.rows), w.list.more)
	}
	w.list.growNear(len(w.list.rows) - 1) // scrolled to the end
	if len(w.list.rows) != before+extra || w.list.more {
		t.Fatalf("after scrolling: %d rows of %d (more: %v)", len(w.list.rows), before+extra, w.list.more)
	}

	w.list.setQuery("invoice", false)
	if len(w.list.rows) != storage.FirstPage || !w.list.more {
		t.Fatalf("a search with %d matches shows %d rows (more: %v)", extra, len(w.list.rows), w.list.more)
	}
	if w.list.rows[0].Subject != fmt.Sprint("Invoice ", extra-1) {
		t.Fatalf("the first result is %q, not the newest", w.list.rows[0].Subject)
	}
	w.list.growNear(storage.FirstPage / 4) // far from the end: nothing more is read
	if len(w.list.rows) != storage.FirstPage {
		t.Fatalf("a row far from the end read more: %d rows", len(w.list.rows))
	}
	w.list.growNear(len(w.list.rows) - 1)
	if len(w.list.rows) != extra || w.list.more {
		t.Fatalf("after scrolling the search: %d rows of %d (more: %v)", len(w.list.rows), extra, w.list.more)
	}

	// Results the server's search added stay: a page more of the local
	// search would drop them, so none is read.
	w.list.setQuery("invoice", true)
	w.list.merge([]storage.MessageSummary{{ID: 1 << 40, Subject: "Invoice on the server", Date: time.Now()}})
	w.list.growNear(len(w.list.rows) - 1)
	if w.list.more || len(w.list.rows) != storage.FirstPage+1 || w.list.rows[0].Subject != "Invoice on the server" {
		t.Fatalf("after the server's results: %d rows (more: %v)", len(w.list.rows), w.list.more)
	}

	w.list.setQuery("your invoice", false) // a new search: a page again
	if len(w.list.rows) != storage.FirstPage {
		t.Fatalf("a new search shows %d rows", len(w.list.rows))
	}
	// Select all selects every match, not the page read so far.
	w.list.selectAll()
	if len(w.list.rows) != extra || len(w.list.selectedIDs()) != extra {
		t.Fatalf("Select all in a search: %d rows read, %d selected of %d", len(w.list.rows), len(w.list.selectedIDs()), extra)
	}
	w.list.setQuery("", false)
	if len(w.list.rows) != before+extra {
		t.Fatalf("back in the folder: %d rows of %d", len(w.list.rows), before+extra)
	}

	// The same in a folder opened afresh: a page, then Select all reads
	// the rest and selects every message, which Delete then takes.
	w.list.showFolders(w.list.folders)
	if len(w.list.rows) != storage.FirstPage {
		t.Fatalf("the folder reopens with %d rows", len(w.list.rows))
	}
	w.list.selectAll()
	if n := len(w.list.selectedIDs()); n != before+extra {
		t.Fatalf("Select all in the folder selects %d of %d", n, before+extra)
	}

	// A Select all still waiting for its rows gives way to a choice made
	// meanwhile: Down picks one message, and the read that comes later
	// does not select the whole folder behind the user's back.
	w.list.showFolders(w.list.folders)
	var queued []func()
	w.list.bg = func(f func()) { queued = append(queued, f) }
	w.list.selectAll()
	w.list.step(1)
	w.list.bg = Background
	for _, f := range queued {
		f()
	}
	if n := len(w.list.selectedIDs()); n != 1 {
		t.Fatalf("a Select all overtaken by Down selects %d messages", n)
	}
	w.list.selectAll()
	w.deleteSelected()
	w.Reload()
	if n, _ := m.Store().CountMessages(ctx, inbox.ID); n != 0 {
		t.Fatalf("Delete after Select all left %d messages in the Inbox", n)
	}
}
