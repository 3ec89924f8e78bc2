package storage

import (
	"context"
	"testing"
)

// TestSearchInASetOfFolders limits a search to several folders, as the
// unified Inbox does with "This folder only": the Inboxes of two accounts,
// not their other folders.
func TestSearchInASetOfFolders(t *testing.T) {
	s := openTemp(t)
	ctx := context.Background()
	var inboxes []int64
	for i, acct := range []string{"a1", "a2"} {
		if err := s.EnsureAccount(ctx, acct, acct+"@example.org"); err != nil {
			t.Fatal(err)
		}
		in, err := s.EnsureFolder(ctx, acct, "INBOX", "/", RoleInbox)
		if err != nil {
			t.Fatal(err)
		}
		arch, err := s.EnsureFolder(ctx, acct, "Archive", "/", RoleArchive)
		if err != nil {
			t.Fatal(err)
		}
		inboxes = append(inboxes, in.ID)
		for j, f := range []Folder{in, arch} {
			if _, err := s.AddMessage(ctx, f.ID, NewMessage{UID: uint32(10*i + j + 1),
				Raw: sample("Walrus "+f.Name, "x@example.org", "tusks")}); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, c := range []struct {
		folders []int64
		want    int
	}{{nil, 4}, {inboxes, 2}, {inboxes[:1], 1}} {
		res, err := s.Search(ctx, SearchQuery{Text: "walrus", FolderIDs: c.folders})
		if err != nil || len(res) != c.want {
			t.Fatalf("folders %v: %d results, %v; want %d", c.folders, len(res), err, c.want)
		}
		for _, m := range res {
			if c.folders != nil && m.FolderName != "INBOX" {
				t.Errorf("folders %v: a result in %s", c.folders, m.FolderName)
			}
		}
	}
}
