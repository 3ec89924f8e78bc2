package storage

import (
	"context"
	"strings"
	"testing"
)

// corrupt writes a value of the wrong type into a column through the raw
// database handle: SQLite keeps it (the tables are not STRICT), and reading
// it back into a Go integer fails at Scan.
func corrupt(t *testing.T, s *Store, q string, args ...any) {
	t.Helper()
	if _, err := s.db.Exec(q, args...); err != nil {
		t.Fatal(err)
	}
}

// wantStoreError checks that a read failed with the store's context.
func wantStoreError(t *testing.T, what string, err error, context string) {
	t.Helper()
	if err == nil {
		t.Fatalf("%s: a row that cannot be read was passed over", what)
	}
	if !strings.HasPrefix(err.Error(), "storage: ") || !strings.Contains(err.Error(), context) {
		t.Fatalf("%s: error %q lacks the context %q", what, err, context)
	}
}

func TestRowsThatCannotBeReadAreErrors(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	f := setupFolder(t, s)
	if _, err := s.AddMessage(ctx, f.ID, NewMessage{UID: 7, Raw: sample("One", "a@example.org", "x")}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.QueueOutgoing(ctx, "acct", "alice@example.org", []string{"bob@example.org"}, sample("Two", "alice@example.org", "y")); err != nil {
		t.Fatal(err)
	}
	if err := s.AddNotice(ctx, Notice{AccountID: "acct", Kind: NoticeKeychainMissing}); err != nil {
		t.Fatal(err)
	}

	// Recipients that do not read back would send the message to nobody.
	corrupt(t, s, `UPDATE outbox SET recipients = '["bob@'`)
	_, err := s.Outbox(ctx, "")
	wantStoreError(t, "outbox", err, "recipients")

	corrupt(t, s, `UPDATE messages SET date = 'yesterday'`)
	_, err = s.MessagesByUID(ctx, f.ID, []uint32{7})
	wantStoreError(t, "messages by uid", err, "messages by uid")

	corrupt(t, s, `UPDATE messages SET uid = 'seven'`)
	_, err = s.LocalUIDs(ctx, f.ID)
	wantStoreError(t, "local uids", err, "uids of folder")

	corrupt(t, s, `UPDATE notices SET created_at = 'now'`)
	_, err = s.TakeNotices(ctx)
	wantStoreError(t, "take notices", err, "notices")
	// The failed take rolled back: the notice is still unseen.
	corrupt(t, s, `UPDATE notices SET created_at = 1`)
	if ns, err := s.Notices(ctx); err != nil || len(ns) != 1 {
		t.Fatalf("after a failed take: %d notices, %v; want the one still unseen", len(ns), err)
	}
}

func TestPendingActionThatCannotBeReadIsAnError(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	f := setupFolder(t, s)
	if _, err := s.CreateFolder(ctx, f.AccountID, "Bills", "/", true); err != nil {
		t.Fatal(err)
	}
	corrupt(t, s, `UPDATE pending_actions SET attempts = 'many'`)
	_, err := s.PendingActions(ctx, f.AccountID)
	wantStoreError(t, "pending actions", err, "pending actions")
}
