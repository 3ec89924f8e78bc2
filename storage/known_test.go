package storage

import (
	"context"
	"testing"
	"time"
)

// A copy of a message whose source is stored already (same Message-ID and
// size, another folder) is not a body to download: KnownBodies hands it
// that source, and MissingBodies leaves it out, even when it was listed
// after the last look for copies. A message of the same Message-ID but
// another size is not a copy.
func TestCopiesTakeTheKnownBody(t *testing.T) {
	s := openTemp(t)
	ctx := context.Background()
	inbox := setupFolder(t, s)
	all, err := s.EnsureFolder(ctx, "acct", "All Mail", "/", RoleArchive)
	if err != nil {
		t.Fatal(err)
	}
	raw := sample("Filed twice", "Eve <eve@example.org>", "numbat")
	if _, err := s.AddMessage(ctx, inbox.ID, NewMessage{UID: 1, Size: int64(len(raw)), Raw: raw}); err != nil {
		t.Fatal(err)
	}
	envelope := func(uid uint32, size int64) NewMessage {
		return NewMessage{UID: uid, Size: size, Envelope: &Envelope{Subject: "Filed twice", MessageID: "Filed.twice@example.org",
			Date: time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC)}}
	}
	ids, err := s.AddEnvelopes(ctx, all.ID, []NewMessage{envelope(7, int64(len(raw))), envelope(8, int64(len(raw))+1)})
	if err != nil {
		t.Fatal(err)
	}
	want, err := s.MissingBodies(ctx, all.ID, time.Time{})
	if err != nil || len(want) != 1 || want[0].UID != 8 {
		t.Fatalf("MissingBodies = %+v, %v; want UID 8 alone", want, err)
	}
	known, err := s.KnownBodies(ctx, all.ID, 10)
	if err != nil || len(known) != 1 || string(known[ids[0]]) != string(raw) {
		t.Fatalf("KnownBodies = %d, %v; want the copy's source", len(known), err)
	}
}
