package storage

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/tern-mail/tern/storage/message"
)

// TestSearchNewestFirstWithinLimit checks that a limited search returns
// the newest matches by date, not by the order they were stored in, and
// keeps to the folder or account asked for.
func TestSearchNewestFirstWithinLimit(t *testing.T) {
	s := openTemp(t)
	ctx := context.Background()
	inbox := setupFolder(t, s)
	other, err := s.EnsureFolder(ctx, "acct", "Archive", "/", "")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.EnsureAccount(ctx, "acct2", "bob@example.org"); err != nil {
		t.Fatal(err)
	}
	second, err := s.EnsureFolder(ctx, "acct2", "INBOX", "/", RoleInbox)
	if err != nil {
		t.Fatal(err)
	}
	base := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	add := func(f Folder, uid uint32, day int, subject string) {
		t.Helper()
		if _, err := s.AddMessage(ctx, f.ID, NewMessage{UID: uid, Envelope: &Envelope{Subject: subject,
			Date: base.AddDate(0, 0, day), From: []message.Address{{Email: "a@example.org"}}}}); err != nil {
			t.Fatal(err)
		}
	}
	// Stored out of date order: days 3, 1, 5, 2, 4 in the Inbox.
	for i, day := range []int{3, 1, 5, 2, 4} {
		add(inbox, uint32(i+1), day, fmt.Sprintf("apple day %d", day))
	}
	add(inbox, 6, 9, "pear day 9")
	add(other, 1, 8, "apple day 8")
	add(second, 1, 7, "apple day 7")

	subjects := func(q SearchQuery) []string {
		t.Helper()
		res, err := s.Search(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, m := range res {
			out = append(out, m.Subject)
		}
		return out
	}
	for _, c := range []struct {
		q    SearchQuery
		want string
	}{
		{SearchQuery{Text: "apple", FolderIDs: []int64{inbox.ID}, Limit: 3}, "[apple day 5 apple day 4 apple day 3]"},
		{SearchQuery{Text: "apple", FolderIDs: []int64{inbox.ID}}, "[apple day 5 apple day 4 apple day 3 apple day 2 apple day 1]"},
		{SearchQuery{Text: "apple", Limit: 3}, "[apple day 8 apple day 7 apple day 5]"},
		{SearchQuery{Text: "apple", AccountID: "acct", Limit: 2}, "[apple day 8 apple day 5]"},
		{SearchQuery{Text: "app day", AccountID: "acct2"}, "[apple day 7]"},
		{SearchQuery{Text: "pear", FolderIDs: []int64{other.ID}}, "[]"},
	} {
		if got := fmt.Sprint(subjects(c.q)); got != c.want {
			t.Errorf("%+v: got %s, want %s", c.q, got, c.want)
		}
	}
}
