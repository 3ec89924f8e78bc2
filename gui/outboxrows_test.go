package gui

import (
	"context"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/tern-mail/tern/storage"
)

// queueTried puts a message in the outbox whose first try failed with
// cause: again at next, or for good when next is zero.
func queueTried(t *testing.T, st *storage.Store, subject, cause string, next time.Time) int64 {
	t.Helper()
	ctx := context.Background()
	raw := []byte("From: alice@example.org\r\nTo: bob@example.org\r\nSubject: " + subject + "\r\n\r\nHi.\r\n")
	id, err := st.QueueOutgoing(ctx, "alice@example.org", "alice@example.org", []string{"bob@example.org"}, raw)
	if err != nil {
		t.Fatal(err)
	}
	c, err := st.ClaimOutgoing(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Release()
	if next.IsZero() {
		err = c.Fail(ctx, cause)
	} else {
		err = c.Retry(ctx, cause, next)
	}
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// The Outbox is a list of what waits, each row saying why in plain words
// (the server's own words behind Details) with what can be done: Try now
// for a message waiting for its next try, Edit and Cancel.
func TestOutboxRowsSayWhyAndOfferTryNow(t *testing.T) {
	w, m, _ := windowWithMail(t)
	st := m.Store()
	const raw = "smtp: RCPT TO: 452 4.2.2 mailbox full"
	retry := queueTried(t, st, "Later", raw, time.Now().Add(time.Hour))
	queueTried(t, st, "Refused", "smtp: MAIL FROM: 550 5.7.1 relaying denied", time.Time{})
	w.Reload()
	w.folders.tree.Select(outboxNode)
	if w.outbox.head.Text != "2 messages wait to be sent" {
		t.Fatalf("the Outbox's heading says %q", w.outbox.head.Text)
	}
	if got := labelsWith(w.outbox, "smtp"); len(got) != 0 {
		t.Fatalf("the Outbox shows the server's words: %q", got)
	}
	if got := labelsWith(w.outbox, "Tern tries again at"); len(got) != 1 {
		t.Fatalf("no time of the next try: %q", got)
	}
	if got := labelsWith(w.outbox, "the mail server refused this message"); len(got) != 1 {
		t.Fatalf("no plain sentence for the refused message: %q", got)
	}
	rows := w.outbox.items.Objects
	if lookButton(rows[1], "Try now") != nil {
		t.Error("a refused message offers Try now")
	}
	for _, r := range rows {
		if lookButton(r, "Details") == nil || lookButton(r, "Cancel") == nil {
			t.Fatal("a row without Details or Cancel")
		}
	}
	test.Tap(findButton(t, rows[0], "Details"))
	if !strings.Contains(overlayText(w.win), raw) {
		t.Fatalf("Details shows %q", overlayText(w.win))
	}
	closeTopOverlay(w.win.Canvas())
	test.Tap(findButton(t, rows[0], "Try now"))
	if o, err := st.OutgoingByID(context.Background(), retry); err != nil || !o.NextAttempt.IsZero() {
		t.Fatalf("after Try now: %+v %v", o, err)
	}
	if got := labelsWith(w.outbox, "Tern tries again soon"); len(got) != 1 {
		t.Fatalf("after Try now the row says %q", labelsWith(w.outbox, "Tern"))
	}
}
