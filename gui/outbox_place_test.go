package gui

import (
	"testing"
)

// TestOutboxTakesTheListsPlace checks that the Outbox is shown instead of
// the message list, never drawn over its rows, and that choosing a folder
// brings the list back.
func TestOutboxTakesTheListsPlace(t *testing.T) {
	w, m, _ := windowWithMail(t)
	makeUnknown(t, m.Store(), "Tickets")
	w.Reload()
	w.folders.tree.Select(outboxNode)
	if !w.outbox.box.Visible() {
		t.Fatal("the Outbox is not shown")
	}
	if w.list.list.Visible() {
		t.Error("the message list is still drawn under the Outbox")
	}
	w.showOutbox(false)
	if w.outbox.box.Visible() || !w.list.list.Visible() {
		t.Errorf("after leaving the Outbox: outbox visible %v, list visible %v", w.outbox.box.Visible(), w.list.list.Visible())
	}
}
