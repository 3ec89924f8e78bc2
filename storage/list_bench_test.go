package storage

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/tern-mail/tern/storage/message"
)

// BenchmarkOpenFolder100k measures what opening a folder of 100,000
// messages costs the window: the first screenful of rows, newest first,
// the first page of conversations, and then the whole list (which the
// window loads in the background).
func BenchmarkOpenFolder100k(b *testing.B) {
	s := openTemp(b)
	f := setupFolder(b, s)
	ctx := context.Background()
	base := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	batch := make([]NewMessage, 0, 5000)
	for i := 0; i < 100000; i++ {
		batch = append(batch, NewMessage{UID: uint32(i + 1), Envelope: &Envelope{
			Subject: fmt.Sprintf("Message %d about something", i), Date: base.Add(time.Duration(i) * time.Minute),
			From: []message.Address{{Name: fmt.Sprintf("Sender %d", i%300), Email: fmt.Sprintf("s%d@example.org", i%300)}},
		}})
		if len(batch) == cap(batch) {
			if _, err := s.AddMessages(ctx, f.ID, batch); err != nil {
				b.Fatal(err)
			}
			batch = batch[:0]
		}
	}
	b.Run("first-page", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			rows, err := s.ListMessages(ctx, ListQuery{FolderIDs: []int64{f.ID}, Limit: FirstPage})
			if err != nil || len(rows) != FirstPage {
				b.Fatal(len(rows), err)
			}
		}
	})
	// Every message alone in its conversation: as many conversations as
	// messages, the most a page of them has to read past.
	b.Run("first-page-conversations", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			rows, err := s.ListConversations(ctx, ListQuery{FolderIDs: []int64{f.ID}, Limit: FirstPage})
			if err != nil || len(rows) != FirstPage {
				b.Fatal(len(rows), err)
			}
		}
	})
	b.Run("all", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			rows, err := s.ListMessages(ctx, ListQuery{FolderIDs: []int64{f.ID}})
			if err != nil || len(rows) != 100000 {
				b.Fatal(len(rows), err)
			}
		}
	})
}
