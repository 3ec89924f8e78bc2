package imap

import (
	"context"
	"testing"

	"github.com/emersion/go-imap/v2"

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

func TestReplayFindsAMessageWithoutUIDByMessageID(t *testing.T) {
	fx := newFixture(t)
	ctx := context.Background()
	fx.appendMsg(t, "INBOX", msg(1, "Lost uid", "x"))
	fx.sync(t)
	archive, err := fx.st.FolderByName(ctx, fx.acct.ID, "Archive")
	if err != nil {
		t.Fatal(err)
	}
	id := idOf(t, fx.local(t, "INBOX"), "Lost uid")
	// Moved here without the server's word on its new UID (as after a
	// server without UIDPLUS), and moved there by another device.
	must(t, fx.st.MoveMessages(ctx, []int64{id}, archive.ID, false))
	if _, err := fx.other.Select("INBOX", nil).Wait(); err != nil {
		t.Fatal(err)
	}
	if _, err := fx.other.Move(imap.SeqSetNum(1), "Archive").Wait(); err != nil {
		t.Fatal(err)
	}
	yes := true
	must(t, fx.st.ChangeFlags(ctx, []int64{id}, storage.FlagChange{Flagged: &yes}, true))
	if p, _ := fx.st.PendingActions(ctx, fx.acct.ID); len(p) != 1 || p[0].UID != 0 {
		t.Fatalf("pending %+v", p)
	}
	fx.sync(t)
	if a := fx.server(t, "Archive"); !hasFlag(a["Lost uid"], imap.FlagFlagged) {
		t.Fatalf("server Archive: %v", a)
	}
	if p, _ := fx.st.PendingActions(ctx, fx.acct.ID); len(p) != 0 {
		t.Fatalf("left %+v", p)
	}
}
