package storage

import (
	"context"
	"testing"
	"time"
)

// Whole messages are stored with what the server said of them, each with
// its body and full-text entry in the same transaction; a UID stored
// before by its envelope gets its body and is not added twice.
func TestAddFetchedMessages(t *testing.T) {
	s := openTemp(t)
	f := setupFolder(t, s)
	ctx := context.Background()
	received := time.Date(2026, 11, 3, 8, 0, 0, 0, time.UTC)
	undated := []byte("From: Ana <ana@example.org>\r\nSubject: No date\r\n\r\nplatypus\r\n")
	listed := sample("Listed first", "Bo <bo@example.org>", "echidna")
	if _, err := s.AddEnvelopes(ctx, f.ID, []NewMessage{{UID: 9, Envelope: &Envelope{Subject: "Listed first"}}}); err != nil {
		t.Fatal(err)
	}
	err := s.AddFetchedMessages(ctx, f.ID, []FetchedMessage{
		{UID: 7, Flags: Flags{Seen: true, Keywords: []string{"$Work"}}, Size: 4242, Received: received, Body: PrepareBody(undated)},
		{UID: 8, Flags: Flags{Flagged: true}, Size: 100, Body: PrepareBody(sample("Dated", "Cy <cy@example.org>", "wombat"))},
		{UID: 9, Size: int64(len(listed)), Body: PrepareBody(listed)},
	})
	if err != nil {
		t.Fatal(err)
	}
	list, err := s.ListMessages(ctx, ListQuery{FolderIDs: []int64{f.ID}})
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 3 {
		t.Fatalf("%d messages stored, want 3", len(list))
	}
	byUID := map[uint32]MessageSummary{}
	for _, m := range list {
		byUID[m.UID] = m
		if !m.HasBody {
			t.Errorf("UID %d has no body", m.UID)
		}
	}
	if m := byUID[7]; !m.Flags.Seen || len(m.Flags.Keywords) != 1 || m.Size != 4242 || !m.Date.Equal(received) ||
		m.Subject != "No date" || m.FromAddr != "ana@example.org" {
		t.Errorf("UID 7 stored as %+v", m)
	}
	if m := byUID[8]; !m.Flags.Flagged || m.Flags.Seen || m.Subject != "Dated" || m.Date.Year() != 2026 {
		t.Errorf("UID 8 stored as %+v", m)
	}
	for word, uid := range map[string]uint32{"platypus": 7, "wombat": 8, "echidna": 9} {
		res, err := s.Search(ctx, SearchQuery{Text: word})
		if err != nil || len(res) != 1 || res[0].UID != uid {
			t.Errorf("search %q: %v, %v; want UID %d alone", word, res, err, uid)
		}
	}

	// Stored again (a pass that ended before it knew), nothing doubles.
	if err := s.AddFetchedMessages(ctx, f.ID, []FetchedMessage{{UID: 8, Body: PrepareBody(sample("Dated", "Cy <cy@example.org>", "wombat"))}}); err != nil {
		t.Fatal(err)
	}
	if uids, err := s.LocalUIDs(ctx, f.ID); err != nil || len(uids) != 3 {
		t.Fatalf("UIDs after storing one again: %v, %v", uids, err)
	}
	if err := s.IntegrityCheck(ctx); err != nil {
		t.Fatal(err)
	}
}

// A message moved here while offline has no UID until the server reports
// it: fetched whole, it is that row, not a new one.
func TestAddFetchedMessagesAdoptsAMessageMovedOffline(t *testing.T) {
	s := openTemp(t)
	f := setupFolder(t, s)
	ctx := context.Background()
	raw := sample("Moved here", "Di <di@example.org>", "quokka")
	if _, err := s.AddMessage(ctx, f.ID, NewMessage{Envelope: &Envelope{Subject: "Moved here", MessageID: "Moved.here@example.org"}}); err != nil {
		t.Fatal(err)
	}
	if err := s.AddFetchedMessages(ctx, f.ID, []FetchedMessage{{UID: 41, Size: int64(len(raw)), Body: PrepareBody(raw)}}); err != nil {
		t.Fatal(err)
	}
	list, err := s.ListMessages(ctx, ListQuery{FolderIDs: []int64{f.ID}})
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 1 || list[0].UID != 41 || !list[0].HasBody {
		t.Fatalf("after the fetch: %+v", list)
	}
	if res, err := s.Search(ctx, SearchQuery{Text: "quokka"}); err != nil || len(res) != 1 {
		t.Errorf("search quokka: %v, %v", res, err)
	}
}
