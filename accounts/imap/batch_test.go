package imap

import (
	"testing"

	"github.com/tern-mail/tern/storage"
)

func TestBatchOfGroupsLikeActionsOnOneFolder(t *testing.T) {
	mv := func(uid uint32, folder, dest string) storage.Action {
		return storage.Action{Kind: storage.ActionMove, Folder: folder, UID: uid, Args: storage.ActionArgs{Dest: dest}}
	}
	l := []storage.Action{mv(1, "INBOX", "Trash"), mv(2, "INBOX", "Trash"), mv(3, "INBOX", "Trash"),
		mv(4, "INBOX", "Archive"), mv(5, "INBOX", "Trash")}
	if got := len(batchOf(l)); got != 3 {
		t.Fatalf("batch of %d, want 3", got)
	}
	// Unknown UIDs and the same message twice are not merged.
	if got := len(batchOf([]storage.Action{mv(0, "INBOX", "Trash"), mv(2, "INBOX", "Trash")})); got != 1 {
		t.Fatalf("a move without UID was batched: %d", got)
	}
	if got := len(batchOf([]storage.Action{mv(1, "INBOX", "Trash"), mv(1, "INBOX", "Trash")})); got != 1 {
		t.Fatalf("one UID twice was batched: %d", got)
	}
	fl := func(uid uint32, add string) storage.Action {
		return storage.Action{Kind: storage.ActionFlags, Folder: "INBOX", UID: uid, Args: storage.ActionArgs{Add: []string{add}}}
	}
	if got := len(batchOf([]storage.Action{fl(1, `\Seen`), fl(2, `\Seen`), fl(3, `\Flagged`)})); got != 2 {
		t.Fatalf("flags batch of %d, want 2", got)
	}
	if got := len(batchOf([]storage.Action{{Kind: storage.ActionCreateFolder, Folder: "X"}, mv(1, "INBOX", "Trash")})); got != 1 {
		t.Fatalf("folder action batched: %d", got)
	}
}
