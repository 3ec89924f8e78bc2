package storage

import (
	"context"
	"errors"
	"testing"
)

func TestNamespacePrefixNamesFolders(t *testing.T) {
	s := openTemp(t)
	ctx := context.Background()
	setupFolder(t, s)
	if err := s.SetFolderPrefix(ctx, "acct", "INBOX."); err != nil {
		t.Fatal(err)
	}
	if _, err := s.EnsureFolder(ctx, "acct", "INBOX.Projects", ".", ""); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"Projects", "INBOX.Projects"} {
		f, err := s.FolderByName(ctx, "acct", name)
		if err != nil || f.Name != "INBOX.Projects" || f.DisplayName() != "Projects" {
			t.Errorf("FolderByName(%q) = %q shown as %q, %v", name, f.Name, f.DisplayName(), err)
		}
	}
	if f, err := s.FolderByName(ctx, "acct", "inbox"); err != nil || f.DisplayName() != "INBOX" {
		t.Errorf("inbox: %q %v", f.DisplayName(), err)
	}
	if _, err := s.FolderByName(ctx, "acct", "Nope"); !errors.Is(err, ErrNotFound) {
		t.Errorf("missing folder: %v", err)
	}

	// Created and renamed under the prefix, by either name.
	f, err := s.CreateFolder(ctx, "acct", "Archive2024", ".", true)
	if err != nil || f.Name != "INBOX.Archive2024" || f.DisplayName() != "Archive2024" {
		t.Fatalf("created %q shown as %q, %v", f.Name, f.DisplayName(), err)
	}
	if _, err := s.CreateFolder(ctx, "acct", "INBOX.Archive2024", ".", true); err == nil {
		t.Error("the same folder created twice under its full name")
	}
	if err := s.RenameFolderQueued(ctx, f.ID, "Old", true); err != nil {
		t.Fatal(err)
	}
	actions, err := s.PendingActions(ctx, "acct")
	if err != nil || len(actions) != 2 {
		t.Fatalf("actions %+v, %v", actions, err)
	}
	if a := actions[0]; a.Kind != ActionCreateFolder || a.Folder != "INBOX.Archive2024" {
		t.Errorf("create queued as %+v", a)
	}
	if a := actions[1]; a.Kind != ActionRenameFolder || a.Folder != "INBOX.Archive2024" || a.Args.Dest != "INBOX.Old" {
		t.Errorf("rename queued as %+v", a)
	}

	// Without a prefix names stay as typed.
	if err := s.SetFolderPrefix(ctx, "acct", ""); err != nil {
		t.Fatal(err)
	}
	if f, err := s.CreateFolder(ctx, "acct", "Plain", "/", false); err != nil || f.Name != "Plain" || f.DisplayName() != "Plain" {
		t.Errorf("without prefix: %q %v", f.Name, err)
	}
}
