package gui

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/tern-mail/tern/storage"
)

// makeUnknown queues a message and leaves it as a connection lost after
// DATA's final "." does.
func makeUnknown(t *testing.T, st *storage.Store, subject string) int64 {
	t.Helper()
	ctx := context.Background()
	raw := []byte("From: alice@example.org\r\nTo: bob@example.org\r\nSubject: " + subject + "\r\nMessage-ID: <" + subject + "@example.org>\r\n\r\nHi.\r\n")
	id, err := st.QueueOutgoing(ctx, "alice@example.org", "alice@example.org", []string{"bob@example.org"}, raw)
	if err != nil {
		t.Fatal(err)
	}
	c, err := st.ClaimOutgoing(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Release()
	if err := c.DataSent(ctx); err != nil {
		t.Fatal(err)
	}
	if err := c.Unknown(ctx, "smtp: after the end of DATA: EOF"); err != nil {
		t.Fatal(err)
	}
	return id
}

// labelsWith returns the texts of the outbox's labels that contain s.
func labelsWith(v *outboxView, s string) []string {
	var out []string
	for _, row := range v.items.Objects {
		for _, o := range test.LaidOutObjects(row) {
			if l, ok := o.(*widget.Label); ok && strings.Contains(l.Text, s) {
				out = append(out, l.Text)
			}
		}
	}
	return out
}

func TestOutboxAsksAboutAMessageThatMayHaveGone(t *testing.T) {
	w, m, _ := windowWithMail(t)
	st := m.Store()
	ctx := context.Background()
	again := makeUnknown(t, st, "Resend")
	arrived := makeUnknown(t, st, "Arrived")

	w.Reload()
	w.folders.tree.Select(outboxNode)
	if got := labelsWith(w.outbox, "This message may already have been sent."); len(got) != 2 {
		t.Fatalf("the outbox says %q", got)
	}
	rows := w.outbox.items.Objects
	if lookButton(rows[0], "Edit") != nil || lookButton(rows[0], "Cancel") != nil {
		t.Fatal("a message that may have gone offers Edit or Cancel")
	}

	test.Tap(findButton(t, rows[0], "Send again"))
	if o, err := st.OutgoingByID(ctx, again); err != nil || o.State != storage.OutboxQueued || !o.NextAttempt.IsZero() {
		t.Fatalf("after Send again: %+v %v", o, err)
	}
	if got := labelsWith(w.outbox, "This message may already have been sent."); len(got) != 1 || !unknownIs(w.outbox, "Arrived") {
		t.Fatalf("after Send again the outbox says %q", got)
	}

	rows = w.outbox.items.Objects
	test.Tap(findButton(t, rows[1], "It arrived"))
	if _, err := st.OutgoingByID(ctx, arrived); err == nil {
		t.Fatal("after It arrived the message is still in the outbox")
	}
	sent, err := st.FolderByName(ctx, "alice@example.org", "Sent")
	if err != nil {
		t.Fatal(err)
	}
	list, _ := st.ListMessages(ctx, storage.ListQuery{FolderIDs: []int64{sent.ID}})
	if len(list) != 1 || list[0].Subject != "Arrived" {
		t.Fatalf("Sent holds %+v", list)
	}
	if got := labelsWith(w.outbox, "This message may already have been sent."); len(got) != 0 {
		t.Fatalf("the outbox still says %q", got)
	}
}

// unknownIs tells whether the only message of the outbox whose fate is
// unknown has subject.
func unknownIs(v *outboxView, subject string) bool {
	n, found := 0, false
	for _, o := range v.rows {
		if o.State == storage.OutboxUnknown {
			n++
			found = strings.Contains(string(o.Raw), "Subject: "+subject+"\r\n")
		}
	}
	return n == 1 && found
}
