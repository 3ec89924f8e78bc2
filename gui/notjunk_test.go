package gui

import (
	"context"
	"strings"
	"testing"
)

// In Junk the message menu offers Not junk instead of Junk; it moves the
// message back to the Inbox, and Undo puts it back in Junk.
func TestNotJunkMovesBackToTheInbox(t *testing.T) {
	w, m, _ := windowWithMail(t)
	ctx := context.Background()
	w.list.list.Select(0) // Gamma gossip
	w.junkSelected()
	w.Reload()
	junk, err := m.Store().FolderByName(ctx, "alice@example.org", "Junk")
	if err != nil {
		t.Fatal(err)
	}
	if got := joinLabels(menuLabels(w.messageMenu())); !strings.Contains(got, "|Junk|") || strings.Contains(got, "Not junk") {
		t.Fatalf("menu in the Inbox: %s", got)
	}
	w.folders.tree.Select(folderNode(junk))
	if len(w.list.rows) != 1 {
		t.Fatalf("Junk lists %d", len(w.list.rows))
	}
	w.list.list.Select(0)
	var notJunk func()
	for _, it := range w.messageMenu().Items {
		if it.Label == "Junk" {
			t.Fatal("the menu in Junk offers Junk")
		}
		if it.Label == "Not junk" {
			notJunk = it.Action
		}
	}
	if notJunk == nil {
		t.Fatalf("no Not junk in %s", joinLabels(menuLabels(w.messageMenu())))
	}
	notJunk()
	w.Reload()
	inbox, _ := m.Store().FolderByName(ctx, "alice@example.org", "INBOX")
	if n, _ := m.Store().CountMessages(ctx, inbox.ID); n != 3 {
		t.Fatalf("the Inbox has %d messages after Not junk", n)
	}
	if w.undo.text.Text != "Moved 1 message back to the Inbox." {
		t.Fatalf("undo bar %q", w.undo.text.Text)
	}
	w.undoLast()
	if n, _ := m.Store().CountMessages(ctx, junk.ID); n != 1 {
		t.Fatalf("Junk has %d after Undo", n)
	}
}
