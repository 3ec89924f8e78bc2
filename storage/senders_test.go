package storage

import (
	"context"
	"testing"

	"github.com/tern-mail/tern/internal/hostile"
	"github.com/tern-mail/tern/storage/message"
)

// A row names every author of its message and any other Sender, both when
// the message is stored whole and when its body arrives after a server's
// envelope that named only the first author, or a placeholder.
func TestRowsNameEverySender(t *testing.T) {
	s := openTemp(t)
	f := setupFolder(t, s)
	ctx := context.Background()
	both := "CEO <ceo@corp.example> and Mallory <mallory@evil.example>"
	if _, err := s.AddEnvelopes(ctx, f.ID, []NewMessage{
		{UID: 1, Envelope: &Envelope{Subject: "Wire transfer today", From: []message.Address{{Name: "CEO", Email: "ceo@corp.example"}}}},
		{UID: 2, Envelope: &Envelope{Subject: "Placeholder", From: []message.Address{{Email: "MISSING_MAILBOX@MISSING_DOMAIN"}}}},
	}); err != nil {
		t.Fatal(err)
	}
	if err := s.AddFetchedMessages(ctx, f.ID, []FetchedMessage{
		{UID: 1, Body: PrepareBody(hostile.TwoSenders())},
		{UID: 2, Body: PrepareBody(hostile.EmptyFrom())},
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddMessage(ctx, f.ID, NewMessage{UID: 3, Raw: hostile.TwoSenders()}); err != nil {
		t.Fatal(err)
	}
	list, err := s.ListMessages(ctx, ListQuery{FolderIDs: []int64{f.ID}})
	if err != nil || len(list) != 3 {
		t.Fatalf("%d rows, %v", len(list), err)
	}
	for _, m := range list {
		switch m.UID {
		case 1, 3:
			if m.FromName != both || m.FromAddr != "ceo@corp.example" {
				t.Errorf("UID %d: %q <%s>", m.UID, m.FromName, m.FromAddr)
			}
		case 2:
			// The empty From says nothing better: the envelope's
			// placeholder stays, and is shown as no sender.
			if got := message.SenderName(m.FromName, m.FromAddr); got != message.NoSender() {
				t.Errorf("UID 2 is named %q", got)
			}
		}
	}
}
