package gui

import (
	"context"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/tern-mail/tern/storage"
	"github.com/tern-mail/tern/storage/message"
)

// TestOutboxEditNeverLosesTheMessage takes a queued message into the
// composer and closes it unsent three ways: unchanged (back in the
// outbox), changed and kept (in Drafts), changed and not kept (back in
// the outbox as it was).
func TestOutboxEditNeverLosesTheMessage(t *testing.T) {
	w, m, e := windowWithMail(t)
	ctx := context.Background()
	d := message.Draft{To: []message.Address{{Name: "Bob", Email: "bob@example.org"}}, Subject: "Quarterly note", Text: "Hello."}
	if _, err := e.Queue(ctx, "alice@example.org", d); err != nil {
		t.Fatal(err)
	}
	st := m.Store()
	drafts := func() int {
		f, err := st.FolderByName(ctx, "alice@example.org", "Drafts")
		if err != nil {
			return 0
		}
		n, _ := st.CountMessages(ctx, f.ID)
		return n
	}
	// edit opens the only waiting message in the composer.
	edit := func() *composer {
		t.Helper()
		w.Reload()
		w.folders.tree.Select(outboxNode)
		if len(w.outbox.rows) != 1 {
			t.Fatalf("outbox shows %d", len(w.outbox.rows))
		}
		w.outbox.last = nil
		w.outbox.edit(w.outbox.rows[0].ID)
		c := w.outbox.last
		if c == nil || c.subject.Text != "Quarterly note" || e.OutboxCount(ctx) != 0 {
			t.Fatalf("edit: composer %v, %d waiting", c != nil, e.OutboxCount(ctx))
		}
		return c
	}
	// waiting returns the subject of the only waiting message.
	waiting := func() string {
		t.Helper()
		rows, err := st.Outbox(ctx, "")
		if err != nil || len(rows) != 1 {
			t.Fatalf("outbox: %d rows, %v", len(rows), err)
		}
		return message.Parse(rows[0].Raw).Subject
	}

	edit().close()
	if got := waiting(); got != "Quarterly note" {
		t.Fatalf("closed unchanged: outbox has %q", got)
	}

	c := edit()
	test.Type(c.subject, " v2")
	c.close()
	test.Tap(findButton(t, c.win.Canvas().Overlays().Top(), "Back to the Outbox"))
	if got := waiting(); got != "Quarterly note" || drafts() != 0 {
		t.Fatalf("changes not kept: outbox has %q, drafts %d", got, drafts())
	}

	// Tern quits with the composer open, unchanged: back in the outbox.
	edit()
	w.outbox.keepUnsent()
	if got := waiting(); got != "Quarterly note" || drafts() != 0 {
		t.Fatalf("quit unchanged: outbox has %q, drafts %d", got, drafts())
	}

	c = edit()
	test.Type(c.subject, " v2")
	c.close()
	test.Tap(findButton(t, c.win.Canvas().Overlays().Top(), "Keep as draft"))
	if n := e.OutboxCount(ctx); n != 0 || drafts() != 1 {
		t.Fatalf("kept as draft: %d waiting, %d drafts", n, drafts())
	}
	w.outbox.keepUnsent() // the closed composer keeps nothing more
	if n := e.OutboxCount(ctx); n != 0 || drafts() != 1 {
		t.Fatalf("quit after keeping a draft: %d waiting, %d drafts", n, drafts())
	}
}

// TestQuitWhileEditingAnOutboxMessageKeepsTheChanges quits Tern with a
// changed message from the outbox still in the composer: it is in Drafts.
func TestQuitWhileEditingAnOutboxMessageKeepsTheChanges(t *testing.T) {
	w, m, e := windowWithMail(t)
	ctx := context.Background()
	d := message.Draft{To: []message.Address{{Email: "bob@example.org"}}, Subject: "Minutes", Text: "Hello."}
	if _, err := e.Queue(ctx, "alice@example.org", d); err != nil {
		t.Fatal(err)
	}
	w.Reload()
	w.folders.tree.Select(outboxNode)
	w.outbox.edit(w.outbox.rows[0].ID)
	test.Type(w.outbox.last.subject, "Final ")
	w.outbox.keepUnsent()
	f, err := m.Store().FolderByName(ctx, "alice@example.org", "Drafts")
	if err != nil {
		t.Fatal(err)
	}
	l, _ := m.Store().ListMessages(ctx, storage.ListQuery{FolderIDs: []int64{f.ID}})
	if len(l) != 1 || l[0].Subject != "Final Minutes" || e.OutboxCount(ctx) != 0 {
		t.Fatalf("drafts %+v, %d waiting", l, e.OutboxCount(ctx))
	}
}
