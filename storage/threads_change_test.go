package storage

import (
	"context"
	"fmt"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// Moves and deletes change the lists in the transaction that makes them:
// a conversation shows in each folder it has messages in, counts what is
// not in Trash or Junk (unless the Trash is listed), and goes with its
// last message.
func TestThreadsFollowMovesAndDeletes(t *testing.T) {
	f := newThreadFixture(t)
	ctx := context.Background()
	a := f.add(f.inbox, mailAt("a@x", "Bob <bob@x>", "Move", 0))
	b := f.add(f.inbox, mailAt("b@x", "Carol <carol@x>", "Re: Move", 1, "References: <a@x>"))
	c := f.add(f.sent, mailAt("c@x", "Alice <alice@example.org>", "Re: Move", 2, "References: <a@x> <b@x>"))
	conv := f.conv(a)

	if err := f.s.MoveMessages(ctx, []int64{a}, f.archive.ID, false); err != nil {
		t.Fatal(err)
	}
	f.settled()
	f.wantList("3:Move", f.inbox)
	f.wantList("3:Move", f.archive)

	if err := f.s.DeleteMessages(ctx, []int64{b}, false); err != nil { // to the Trash
		t.Fatal(err)
	}
	f.settled()
	f.wantList("", f.inbox)
	f.wantList("2:Move", f.archive)
	rows := f.wantList("3:Move", f.trash)
	if rows[0].ID != conv || rows[0].Latest.ID != b {
		t.Errorf("Trash row %d (latest %d), want conversation %d with %d", rows[0].ID, rows[0].Latest.ID, conv, b)
	}
	msgs, err := f.s.ConversationMessages(ctx, conv, nil)
	if err != nil || fmt.Sprint(summaryIDs(msgs)) != fmt.Sprint([]int64{a, c}) {
		t.Errorf("conversation from Archive %v %v, want a and c (b is in the Trash)", summaryIDs(msgs), err)
	}

	// Deleted for good, the message goes; its id keeps the others
	// together, and a late reply to it still joins them.
	if err := f.s.DeleteMessages(ctx, []int64{b}, false); err != nil {
		t.Fatal(err)
	}
	f.settled()
	f.wantList("", f.trash)
	f.wantList("2:Move", f.archive)
	d := f.add(f.inbox, mailAt("d@x", "Dan <dan@x>", "Re: Move", 3, "In-Reply-To: <b@x>"))
	f.same(a, c, d)

	// With the last message the conversation and its ids are gone.
	if err := f.s.RemoveMessages(ctx, a, d); err != nil {
		t.Fatal(err)
	}
	f.settled()
	if err := f.s.DeleteFolder(ctx, f.sent.ID); err != nil {
		t.Fatal(err)
	}
	f.settled()
	f.wantList("", f.inbox, f.archive, f.trash)
	var threads, ids, rowsLeft int
	f.s.db.QueryRow(`SELECT (SELECT count(*) FROM threads), (SELECT count(*) FROM thread_ids), (SELECT count(*) FROM message_threads)`).
		Scan(&threads, &ids, &rowsLeft)
	if threads+ids+rowsLeft != 0 {
		t.Errorf("left behind: %d threads, %d ids, %d messages' rows", threads, ids, rowsLeft)
	}
}

// Copies join their original's conversation; a sync that finds messages
// gone (DeleteByUID) and a folder reset (ResetFolder) keep the lists right.
func TestThreadsFollowCopiesAndSyncs(t *testing.T) {
	f := newThreadFixture(t)
	ctx := context.Background()
	ids, err := f.s.AddMessages(ctx, f.inbox.ID, []NewMessage{
		{UID: 1, Raw: mailAt("a@x", "Bob <bob@x>", "Sync", 0)},
		{UID: 2, Raw: mailAt("b@x", "Carol <carol@x>", "Re: Sync", 1, "References: <a@x>")},
		{UID: 3, Raw: mailAt("z@x", "Zed <zed@x>", "Alone", 2)},
	})
	if err != nil {
		t.Fatal(err)
	}
	f.settled()
	f.wantList("1:Alone | 2:Sync", f.inbox)
	copies, err := f.s.CopyMessages(ctx, []int64{ids[1]}, f.archive.ID, false)
	if err != nil {
		t.Fatal(err)
	}
	f.settled()
	f.same(ids[0], copies[0])
	f.wantList("2:Sync", f.archive)
	if err := f.s.DeleteByUID(ctx, f.inbox.ID, []uint32{1, 3}); err != nil {
		t.Fatal(err)
	}
	f.settled()
	f.wantList("1:Re: Sync", f.inbox)
	if err := f.s.ResetFolder(ctx, f.inbox.ID, 99); err != nil {
		t.Fatal(err)
	}
	f.settled()
	f.wantList("", f.inbox)
	f.wantList("1:Re: Sync", f.archive)
}

// Loops and self-references in References are only more ids of the same
// conversation.
func TestThreadsLoopsAndSelfReferences(t *testing.T) {
	f := newThreadFixture(t)
	a := f.add(f.inbox, mailAt("a@x", "Bob <bob@x>", "Loop", 0, "References: <b@x>"))
	b := f.add(f.inbox, mailAt("b@x", "Bob <bob@x>", "Loop", 1, "References: <a@x>"))
	self := f.add(f.inbox, mailAt("s@x", "Bob <bob@x>", "Self", 2, "References: <s@x> <s@x>", "In-Reply-To: <s@x>"))
	cycle := f.add(f.inbox, mailAt("c@x", "Bob <bob@x>", "Cycle", 3, "References: <c@x> <d@x> <c@x> <d@x> <a@x>"))
	f.same(a, b, cycle)
	f.apart(a, self)
	f.wantList("3:Loop | 1:Self", f.inbox) // Cycle, newest, is of Loop
	var ids int
	f.s.db.QueryRow(`SELECT count(*) FROM thread_ids`).Scan(&ids)
	if ids != 5 { // a b s c d
		t.Errorf("%d ids stored, want 5", ids)
	}
}

// A message naming 50,000 ids brings its own, the first and the last 20
// of them, and costs what those do.
func TestThreadsManyReferencesWithinBudget(t *testing.T) {
	f := newThreadFixture(t)
	ctx := context.Background()
	root := f.add(f.inbox, mailAt("id0@x", "Bob <bob@x>", "Long", 0))
	parent := f.add(f.inbox, mailAt("id49999@x", "Bob <bob@x>", "Re: Long", 1))
	other := f.add(f.inbox, mailAt("id25000@x", "Bob <bob@x>", "Middle", 1))
	refs := make([]string, 50000)
	for i := range refs {
		refs[i] = fmt.Sprintf("id%d@x", i)
	}
	env := &Envelope{MessageID: "big@x", Subject: "Re: Long", References: refs, Date: threadBase.AddDate(0, 0, 2)}
	var id int64
	c := measureCPU(func() {
		var err error
		id, err = f.s.AddMessage(ctx, f.inbox.ID, NewMessage{UID: 7, Envelope: env})
		if err != nil {
			t.Fatal(err)
		}
	})
	f.settled()
	f.same(root, parent, id)
	f.apart(root, other)
	var ids int
	f.s.db.QueryRow(`SELECT count(*) FROM thread_ids`).Scan(&ids)
	if want := 4 + 2*maxThreadRefs - 2; ids != want { // four messages, 40 references of which two are messages
		t.Errorf("%d ids stored, want %d", ids, want)
	}
	// The same message with 40 references, for comparison.
	small := &Envelope{MessageID: "small@x", Subject: "Re: Long", References: append(refs[:20:20], refs[49980:]...), Date: env.Date}
	base := measureCPU(func() {
		if _, err := f.s.AddMessage(ctx, f.inbox.ID, NewMessage{UID: 8, Envelope: small}); err != nil {
			t.Fatal(err)
		}
	})
	t.Logf("storing a message with 50,000 references: %v of processor time, with 40: %v", c, base)
	// Storing the 900 KB References field itself is most of it; threading
	// adds what 40 ids cost.
	if budget := raceSlowdown * (base + 100*time.Millisecond); c > budget {
		t.Errorf("a message with 50,000 references took %v of processor time (budget %v)", c, budget)
	}
}

// Messages stored before conversations were kept are threaded when a store
// of that older version is opened.
func TestThreadsForMailStoredBeforeThem(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	in := setupFolder(t, s)
	ctx := context.Background()
	var ids []int64
	for i, raw := range [][]byte{
		mailAt("a@x", "Bob <bob@x>", "Old", 0),
		mailAt("b@x", "Carol <carol@x>", "Re: Old", 1, "References: <a@x>"),
		mailAt("c@x", "Dan <dan@x>", "Else", 2),
	} {
		id, err := s.AddMessage(ctx, in.ID, NewMessage{UID: uint32(i + 1), Raw: raw})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	// Back to schema 9, as a Tern before conversations left it.
	for _, q := range []string{
		`DROP TRIGGER threads_message_delete`, `DROP TABLE message_threads`, `DROP TABLE thread_ids`,
		`DROP TABLE threads`, `DROP TABLE thread_dirty`, `PRAGMA user_version = 9`,
	} {
		if _, err := s.db.Exec(q); err != nil {
			t.Fatal(q, err)
		}
	}
	s.Close()
	s, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	f := &threadFixture{t: t, s: s, inbox: in}
	f.settled()
	f.same(ids[0], ids[1])
	f.apart(ids[0], ids[2])
	f.wantList("1:Else | 2:Old", in)
}

// Pages of conversations are slices of the whole list.
func TestThreadsPages(t *testing.T) {
	f := newThreadFixture(t)
	ctx := context.Background()
	for i := 0; i < 25; i++ {
		id := fmt.Sprintf("m%d@x", i)
		var h []string
		if i%3 != 0 {
			h = append(h, fmt.Sprintf("References: <m%d@x>", i-i%3))
		}
		f.add(f.inbox, mailAt(id, "Bob <bob@x>", fmt.Sprintf("Topic %d", i-i%3), float64(i), h...))
	}
	all, _ := f.list(f.inbox)
	if len(all) != 9 {
		t.Fatalf("%d conversations, want 9: %v", len(all), all)
	}
	var paged []string
	for off := 0; ; off += 4 {
		rows, err := f.s.ListConversations(ctx, ListQuery{FolderIDs: []int64{f.inbox.ID}, Limit: 4, Offset: off})
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) == 0 {
			break
		}
		for _, r := range rows {
			paged = append(paged, fmt.Sprintf("%d:%s", r.Count, r.Subject))
		}
	}
	if strings.Join(paged, "|") != strings.Join(all, "|") {
		t.Errorf("pages %v, whole %v", paged, all)
	}
	if all[0] != "1:Topic 24" || all[1] != "3:Topic 21" {
		t.Errorf("order %v", all)
	}
	whole, err := f.s.ListConversations(ctx, ListQuery{AccountID: "acct"})
	if err != nil || len(whole) != 9 {
		t.Errorf("every folder of the account: %d conversations, %v", len(whole), err)
	}
}

// measureCPU returns the processor time f took on its thread (the
// store's work runs on the goroutine that calls it).
func measureCPU(f func()) time.Duration {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	start := threadTime()
	f()
	return threadTime() - start
}

// Reading a folder in chunks loses no message at a chunk's edge, however
// many share one date, and several folders interleave by date.
func TestThreadsPagesAcrossChunks(t *testing.T) {
	f := newThreadFixture(t)
	ctx := context.Background()
	var inbox, archive []NewMessage
	for i := 0; i < 700; i++ {
		m := NewMessage{UID: uint32(i + 1), Envelope: &Envelope{MessageID: fmt.Sprintf("m%d@x", i), Subject: fmt.Sprint("Same time ", i),
			Date: threadBase.Add(time.Duration(i/300) * time.Hour)}}
		if i%7 == 3 {
			archive = append(archive, m)
		} else {
			inbox = append(inbox, m)
		}
	}
	if _, err := f.s.AddMessages(ctx, f.inbox.ID, inbox); err != nil {
		t.Fatal(err)
	}
	if _, err := f.s.AddMessages(ctx, f.archive.ID, archive); err != nil {
		t.Fatal(err)
	}
	msgs, err := f.s.ListMessages(ctx, ListQuery{FolderIDs: []int64{f.inbox.ID, f.archive.ID}})
	if err != nil {
		t.Fatal(err)
	}
	convs, err := f.s.ListConversations(ctx, ListQuery{FolderIDs: []int64{f.inbox.ID, f.archive.ID}})
	if err != nil {
		t.Fatal(err)
	}
	if len(convs) != len(msgs) || len(msgs) != 700 {
		t.Fatalf("%d conversations of %d messages, want 700 of each", len(convs), len(msgs))
	}
	for i := range msgs {
		if convs[i].Latest.ID != msgs[i].ID {
			t.Fatalf("conversation %d stands for message %d, the list has %d there", i, convs[i].Latest.ID, msgs[i].ID)
		}
	}
}

// An account's conversations go with it, in the transaction that removes
// it; another account's stay.
func TestThreadsGoWithTheirAccount(t *testing.T) {
	f := newThreadFixture(t)
	ctx := context.Background()
	f.add(f.inbox, mailAt("a@x", "Bob <bob@x>", "Mine", 0))
	f.add(f.sent, mailAt("b@x", "Alice <alice@example.org>", "Re: Mine", 1, "References: <a@x> <gone@x>"))
	if err := f.s.EnsureAccount(ctx, "other", "alice@example.net"); err != nil {
		t.Fatal(err)
	}
	oin, err := f.s.EnsureFolder(ctx, "other", "INBOX", "/", RoleInbox)
	if err != nil {
		t.Fatal(err)
	}
	kept := f.add(oin, mailAt("a@x", "Bob <bob@x>", "Mine", 0))
	if err := f.s.DeleteAccount(ctx, "acct"); err != nil {
		t.Fatal(err)
	}
	f.settled()
	var threads, ids int
	f.s.db.QueryRow(`SELECT (SELECT count(*) FROM threads), (SELECT count(*) FROM thread_ids)`).Scan(&threads, &ids)
	if threads != 1 || ids != 1 {
		t.Errorf("%d threads and %d ids left, want the other account's 1 and 1", threads, ids)
	}
	f.wantList("1:Mine", oin)
	f.conv(kept)
}
