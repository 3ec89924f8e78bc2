package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tern-mail/tern/storage/message"
)

// openTemp opens a fresh store in a temporary directory.
func openTemp(t testing.TB) *Store {
	t.Helper()
	s, err := Open(filepath.Join(t.TempDir(), FileName))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// sample builds a small RFC 5322 message.
func sample(subject, from, body string) []byte {
	return []byte("From: " + from + "\r\n" +
		"To: Bob <bob@example.org>\r\n" +
		"Subject: " + subject + "\r\n" +
		"Date: Mon, 02 Nov 2026 10:00:00 +0000\r\n" +
		"Message-ID: <" + strings.ReplaceAll(subject, " ", ".") + "@example.org>\r\n" +
		"Content-Type: text/plain; charset=utf-8\r\n\r\n" + body + "\r\n")
}

func setupFolder(t testing.TB, s *Store) Folder {
	t.Helper()
	ctx := context.Background()
	if err := s.EnsureAccount(ctx, "acct", "alice@example.org"); err != nil {
		t.Fatal(err)
	}
	f, err := s.EnsureFolder(ctx, "acct", "INBOX", "/", RoleInbox)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func TestMigrationsFromEmptyAndReopen(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	var v int
	if err := s.db.QueryRow("PRAGMA user_version").Scan(&v); err != nil {
		t.Fatal(err)
	}
	if v != SchemaVersion() || v < 1 {
		t.Fatalf("user_version = %d, want %d", v, SchemaVersion())
	}
	var mode string
	if err := s.db.QueryRow("PRAGMA journal_mode").Scan(&mode); err != nil || mode != "wal" {
		t.Fatalf("journal_mode = %q, %v; want wal", mode, err)
	}
	var page int
	if err := s.db.QueryRow("PRAGMA page_size").Scan(&page); err != nil || page != pageSize {
		t.Fatalf("page_size = %d, %v; want %d", page, err, pageSize)
	}
	var fk int
	if err := s.db.QueryRow("PRAGMA foreign_keys").Scan(&fk); err != nil || fk != 1 {
		t.Fatalf("foreign_keys = %d, %v; want 1", fk, err)
	}
	f := setupFolder(t, s)
	if _, err := s.AddMessage(context.Background(), f.ID, NewMessage{Raw: sample("kept", "a@example.org", "hello")}); err != nil {
		t.Fatal(err)
	}
	s.Close()

	s, err = Open(path)
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	defer s.Close()
	msgs, err := s.ListMessages(context.Background(), ListQuery{})
	if err != nil || len(msgs) != 1 || msgs[0].Subject != "kept" {
		t.Fatalf("after reopen: %+v, %v", msgs, err)
	}
	if err := s.IntegrityCheck(context.Background()); err != nil {
		t.Fatal(err)
	}
}

func TestNewerSchemaIsRefusedUntouched(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	future := SchemaVersion() + 5
	if _, err := s.db.Exec(fmt.Sprintf("PRAGMA user_version = %d", future)); err != nil {
		t.Fatal(err)
	}
	if _, err := s.db.Exec("CREATE TABLE from_the_future(x)"); err != nil {
		t.Fatal(err)
	}
	s.Close()

	_, err = Open(path)
	if !errors.Is(err, ErrSchemaTooNew) {
		t.Fatalf("Open = %v, want ErrSchemaTooNew", err)
	}
	if !strings.Contains(err.Error(), "newer version of Tern") {
		t.Errorf("error %q does not say what to do", err)
	}
	// Look at the file directly through a store opened without migration.
	s2 := &Store{path: path}
	s2.db, _ = sqlOpenRaw(path)
	defer s2.db.Close()
	var v int
	if err := s2.db.QueryRow("PRAGMA user_version").Scan(&v); err != nil || v != future {
		t.Fatalf("user_version = %d, %v; want %d untouched", v, err, future)
	}
	var n int
	if err := s2.db.QueryRow("SELECT count(*) FROM sqlite_master WHERE name = 'from_the_future'").Scan(&n); err != nil || n != 1 {
		t.Fatalf("future table gone: %d, %v", n, err)
	}
}

func TestFTSFollowsInsertUpdateDelete(t *testing.T) {
	s := openTemp(t)
	ctx := context.Background()
	f := setupFolder(t, s)

	// Envelope only: subject and addresses searchable, body not yet.
	id, err := s.AddMessage(ctx, f.ID, NewMessage{UID: 7, Envelope: &Envelope{
		Subject: "Quarterly figures", From: []message.Address{{Name: "Carol Finance", Email: "carol@corp.example"}},
		Date: time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC),
	}})
	if err != nil {
		t.Fatal(err)
	}
	expect := func(q string, want ...int64) {
		t.Helper()
		res, err := s.Search(ctx, SearchQuery{Text: q})
		if err != nil {
			t.Fatalf("search %q: %v", q, err)
		}
		var got []int64
		for _, m := range res {
			got = append(got, m.ID)
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("search %q = %v, want %v", q, got, want)
		}
	}
	expect("quarterly", id)
	expect("carol", id)
	expect("corp.example", id)
	expect("pineapple")

	// The body arrives: its words become searchable.
	raw := sample("Quarterly figures", "Carol Finance <carol@corp.example>", "The pineapple budget is attached.")
	if err := s.SetBody(ctx, id, raw); err != nil {
		t.Fatal(err)
	}
	expect("pineapple", id)
	expect("pine", id) // prefix
	expect("pineapple budget", id)
	expect("pineapple zebra")
	// Operators in user input are literal, not FTS5 syntax.
	expect(`"pineapple (budget:`, id)
	expect("NEAR(")

	// A second message with the same body shares the stored source.
	id2, err := s.AddMessage(ctx, f.ID, NewMessage{UID: 8, Raw: raw})
	if err != nil {
		t.Fatal(err)
	}
	var bodies int
	s.db.QueryRow("SELECT count(*) FROM bodies").Scan(&bodies)
	if bodies != 1 {
		t.Fatalf("bodies = %d, want 1 (stored once)", bodies)
	}
	expect("pineapple", id2, id) // same date: newest row first
	expect("quarterly", id2, id) // each once, though id was indexed twice

	// A copy is found too, and stays found when the original goes.
	trash, err := s.EnsureFolder(ctx, "acct", "Trash", "/", RoleTrash)
	if err != nil {
		t.Fatal(err)
	}
	copies, err := s.CopyMessages(ctx, []int64{id2}, trash.ID, false)
	if err != nil {
		t.Fatal(err)
	}
	expect("pineapple", copies[0], id2, id)
	if err := s.RemoveMessages(ctx, copies[0]); err != nil {
		t.Fatal(err)
	}

	if err := s.RemoveMessages(ctx, id); err != nil {
		t.Fatal(err)
	}
	expect("pineapple", id2)
	if err := s.RemoveMessages(ctx, id2); err != nil {
		t.Fatal(err)
	}
	expect("pineapple")
	s.db.QueryRow("SELECT count(*) FROM bodies").Scan(&bodies)
	if bodies != 0 {
		t.Fatalf("bodies = %d after deleting every message, want 0", bodies)
	}
}

func TestAddIsIdempotentByUIDAndUIDL(t *testing.T) {
	s := openTemp(t)
	ctx := context.Background()
	f := setupFolder(t, s)
	raw := sample("once", "a@example.org", "only once")
	a, err := s.AddMessage(ctx, f.ID, NewMessage{UID: 42, Envelope: &Envelope{Subject: "once"}})
	if err != nil {
		t.Fatal(err)
	}
	b, err := s.AddMessage(ctx, f.ID, NewMessage{UID: 42, Raw: raw})
	if err != nil {
		t.Fatal(err)
	}
	if a != b {
		t.Fatalf("same UID stored twice: %d and %d", a, b)
	}
	m, err := s.Message(ctx, a)
	if err != nil || !m.HasBody || string(m.Raw) != string(raw) {
		t.Fatalf("body not attached to the existing row: %+v %v", m, err)
	}
	c, _ := s.AddMessage(ctx, f.ID, NewMessage{UIDL: "abc", Raw: raw})
	d, _ := s.AddMessage(ctx, f.ID, NewMessage{UIDL: "abc", Raw: raw})
	if c != d {
		t.Fatalf("same UIDL stored twice: %d and %d", c, d)
	}
	list, _ := s.ListMessages(ctx, ListQuery{FolderIDs: []int64{f.ID}})
	if len(list) != 2 {
		t.Fatalf("%d messages, want 2", len(list))
	}
}

func TestDeleteAccountRemovesEverything(t *testing.T) {
	s := openTemp(t)
	ctx := context.Background()
	f := setupFolder(t, s)
	if _, err := s.AddMessage(ctx, f.ID, NewMessage{Raw: sample("gone", "a@example.org", "secretword")}); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteAccount(ctx, "acct"); err != nil {
		t.Fatal(err)
	}
	for _, table := range []string{"folders", "messages", "bodies", "attachments", "pending_actions", "outbox"} {
		var n int
		if err := s.db.QueryRow("SELECT count(*) FROM " + table).Scan(&n); err != nil || n != 0 {
			t.Errorf("%s: %d rows left, %v", table, n, err)
		}
	}
	if res, _ := s.Search(ctx, SearchQuery{Text: "secretword"}); len(res) != 0 {
		t.Errorf("search still finds the removed account's mail")
	}
}

func TestFoldersCountsAndRename(t *testing.T) {
	s := openTemp(t)
	ctx := context.Background()
	setupFolder(t, s)
	parent, _ := s.EnsureFolder(ctx, "acct", "Projekte", "/", "")
	child, _ := s.EnsureFolder(ctx, "acct", "Projekte/Übersicht", "/", "")
	if _, err := s.AddMessages(ctx, child.ID, []NewMessage{
		{Raw: sample("one", "a@example.org", "x")},
		{Raw: sample("two", "a@example.org", "y"), Flags: Flags{Seen: true}},
	}); err != nil {
		t.Fatal(err)
	}
	if err := s.RenameFolderQueued(ctx, parent.ID, "Arbeit", false); err != nil {
		t.Fatal(err)
	}
	got, err := s.FolderByName(ctx, "acct", "Arbeit/Übersicht")
	if err != nil {
		t.Fatal(err)
	}
	if got.ID != child.ID {
		t.Fatalf("child not renamed with its parent")
	}
	inbox, err := s.FolderByName(ctx, "acct", "inbox")
	if err != nil || inbox.Role != RoleInbox {
		t.Fatalf("INBOX should match case-insensitively: %+v %v", inbox, err)
	}
	if _, err := s.FolderByName(ctx, "acct", "arbeit"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("other names match exactly, got %v", err)
	}
	all, _ := s.Folders(ctx, "acct")
	for _, f := range all {
		if f.ID == child.ID && (f.Total != 2 || f.Unread != 1) {
			t.Fatalf("counts %d/%d, want 2/1", f.Total, f.Unread)
		}
	}
}

func TestSubscriptionCoalesces(t *testing.T) {
	s := openTemp(t)
	sub := s.Subscribe()
	defer sub.Close()
	ctx := context.Background()
	f := setupFolder(t, s) // accounts + folders changes
	for i := 0; i < 50; i++ {
		if _, err := s.AddMessage(ctx, f.ID, NewMessage{Raw: sample(fmt.Sprint("m", i), "a@example.org", "x")}); err != nil {
			t.Fatal(err)
		}
	}
	select {
	case c := <-sub.C():
		want := ChangeAccounts | ChangeFolders | ChangeMessages
		if c&want != want {
			t.Fatalf("merged change %b lacks %b", c, want)
		}
	default:
		t.Fatal("no notification")
	}
	select {
	case c := <-sub.C():
		t.Fatalf("burst gave a second wake-up: %b", c)
	default:
	}
	sub.Close()
	s.notify(ChangeMessages)
	select {
	case <-sub.C():
		t.Fatal("closed subscription still woken")
	default:
	}
}

// BenchmarkInsert10k measures storing 10,000 parsed messages in batches of
// 500, as a first sync does.
func BenchmarkInsert10k(b *testing.B) {
	msgs := make([]NewMessage, 10000)
	for i := range msgs {
		msgs[i] = NewMessage{UID: uint32(i + 1), Raw: sample(fmt.Sprintf("Message number %d", i),
			fmt.Sprintf("Sender %d <s%d@example.org>", i%97, i%97),
			strings.Repeat(fmt.Sprintf("Body line %d with some words to index. ", i), 20))}
	}
	ctx := context.Background()
	b.ResetTimer()
	for n := 0; n < b.N; n++ {
		b.StopTimer()
		s := openTemp(b)
		f := setupFolder(b, s)
		b.StartTimer()
		for i := 0; i < len(msgs); i += 500 {
			if _, err := s.AddMessages(ctx, f.ID, msgs[i:i+500]); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N*len(msgs)), "µs/msg")
}

func TestAddressSuggestions(t *testing.T) {
	s := openTemp(t)
	ctx := context.Background()
	f := setupFolder(t, s)
	sent, _ := s.EnsureFolder(ctx, "acct", "Sent", "/", RoleSent)
	s.AddMessage(ctx, f.ID, NewMessage{Raw: sample("one", "Carol Jones <carol@example.org>", "x")})
	s.AddMessage(ctx, f.ID, NewMessage{Raw: []byte("From: Carl <carl@example.org>\r\nSubject: two\r\nDate: Tue, 03 Nov 2026 10:00:00 +0000\r\n\r\nx\r\n")})
	s.AddMessage(ctx, sent.ID, NewMessage{Raw: []byte("From: alice@example.org\r\nTo: Cathy Lee <cathy@example.net>, bob@example.org\r\n" +
		"Subject: three\r\nDate: Wed, 04 Nov 2026 10:00:00 +0000\r\n\r\nx\r\n")})
	got, err := s.Addresses(ctx, "ca", 10)
	if err != nil {
		t.Fatal(err)
	}
	var emails []string
	for _, a := range got {
		emails = append(emails, a.Email)
	}
	if fmt.Sprint(emails) != "[cathy@example.net carl@example.org carol@example.org]" {
		t.Fatalf("suggestions %v", emails)
	}
	if got, _ := s.Addresses(ctx, "jones", 10); len(got) != 1 || got[0].Name != "Carol Jones" {
		t.Fatalf("by last name: %+v", got)
	}
	// Names with commas in what the user sent come back whole.
	s.AddMessage(ctx, sent.ID, NewMessage{Raw: []byte("From: alice@example.org\r\nTo: \"Doe, John\" <john@example.org>\r\n" +
		"Cc: =?UTF-8?Q?M=C3=BCller=2C_J=C3=B6rg?= <joerg@example.org>\r\nSubject: four\r\nDate: Thu, 05 Nov 2026 10:00:00 +0000\r\n\r\nx\r\n")})
	for prefix, want := range map[string]message.Address{
		"john": {Name: "Doe, John", Email: "john@example.org"},
		"doe":  {Name: "Doe, John", Email: "john@example.org"},
		"joe":  {Name: "Müller, Jörg", Email: "joerg@example.org"},
	} {
		if got, err := s.Addresses(ctx, prefix, 10); err != nil || len(got) != 1 || got[0] != want {
			t.Errorf("suggestions for %q: %+v %v", prefix, got, err)
		}
	}
}

// TestFTSAfterMigrationFromTriggers opens a store whose index was kept by
// the row triggers of schema 3: old entries still match, and messages
// stored after the upgrade are indexed once each.
func TestFTSAfterMigrationFromTriggers(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), FileName)
	db, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	ms, err := migrations()
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range ms[:3] {
		if _, err := db.Exec(m.sql); err != nil {
			t.Fatalf("%s: %v", m.name, err)
		}
	}
	for _, q := range []string{
		`PRAGMA user_version = 3`,
		`INSERT INTO accounts(id, address) VALUES('acct', 'alice@example.org')`,
		`INSERT INTO folders(id, account_id, name) VALUES(1, 'acct', 'INBOX')`,
		`INSERT INTO messages(account_id, folder_id, uid, subject, body_text) VALUES('acct', 1, 1, 'Harbour plans', 'old lighthouse')`,
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	db.Close()

	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	f, err := s.EnsureFolder(ctx, "acct", "INBOX", "/", RoleInbox)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddMessage(ctx, f.ID, NewMessage{UID: 2, Raw: sample("Harbour tour", "b@example.org", "new lighthouse")}); err != nil {
		t.Fatal(err)
	}
	for q, want := range map[string]int{"harbour": 2, "lighthouse": 2, "old": 1, "tour": 1} {
		res, err := s.Search(ctx, SearchQuery{Text: q})
		if err != nil || len(res) != want {
			t.Errorf("search %q: %d results, %v; want %d", q, len(res), err, want)
		}
	}
	if err := s.SetBody(ctx, 1, sample("Harbour plans", "a@example.org", "rebuilt lighthouse")); err != nil {
		t.Fatal(err)
	}
	for q, want := range map[string]int{"old": 0, "rebuilt": 1, "lighthouse": 2} {
		if res, _ := s.Search(ctx, SearchQuery{Text: q}); len(res) != want {
			t.Errorf("after new body, search %q: %d results, want %d", q, len(res), want)
		}
	}
	if err := s.IntegrityCheck(ctx); err != nil {
		t.Fatal(err)
	}
}

// TestFTSPendingEnvelopes follows messages stored by AddEnvelopes: indexed
// once when their body comes, by IndexPending when it does not, and gone
// from the pending list when deleted first.
func TestFTSPendingEnvelopes(t *testing.T) {
	s := openTemp(t)
	ctx := context.Background()
	f := setupFolder(t, s)
	env := func(uid uint32, subject string) NewMessage {
		return NewMessage{UID: uid, Envelope: &Envelope{Subject: subject, From: []message.Address{{Email: "dora@example.org"}}}}
	}
	ids, err := s.AddEnvelopes(ctx, f.ID, []NewMessage{env(1, "Ferry timetable"), env(2, "Ferry tickets"), env(3, "Ferry strike")})
	if err != nil {
		t.Fatal(err)
	}
	count := func(q string) int {
		t.Helper()
		res, err := s.Search(ctx, SearchQuery{Text: q})
		if err != nil {
			t.Fatal(err)
		}
		return len(res)
	}
	if n := count("ferry"); n != 0 {
		t.Fatalf("pending envelopes found %d times before their bodies", n)
	}
	raw := sample("Ferry timetable", "dora@example.org", "departures at noon")
	if err := s.SetPreparedBodies(ctx, map[int64]PreparedBody{ids[0]: PrepareBody(raw)}); err != nil {
		t.Fatal(err)
	}
	if n := count("ferry"); n != 1 {
		t.Fatalf("after one body: ferry found %d times, want 1", n)
	}
	if n := count("noon"); n != 1 {
		t.Fatalf("after one body: noon found %d times, want 1", n)
	}
	if err := s.RemoveMessages(ctx, ids[2]); err != nil {
		t.Fatal(err)
	}
	if err := s.IndexPending(ctx); err != nil {
		t.Fatal(err)
	}
	if n := count("ferry"); n != 2 {
		t.Fatalf("after IndexPending: ferry found %d times, want 2", n)
	}
	if n := count("dora"); n != 2 {
		t.Fatalf("after IndexPending: dora found %d times, want 2", n)
	}
	var left int
	s.db.QueryRow(`SELECT count(*) FROM fts_pending`).Scan(&left)
	if left != 0 {
		t.Fatalf("%d messages still pending", left)
	}
	// A body for a message indexed by IndexPending rewrites its entry.
	if err := s.SetBody(ctx, ids[1], sample("Ferry tickets", "dora@example.org", "two returns")); err != nil {
		t.Fatal(err)
	}
	if n := count("ferry"); n != 2 {
		t.Fatalf("after a second body: ferry found %d times, want 2", n)
	}
	if n := count("returns"); n != 1 {
		t.Fatalf("returns found %d times, want 1", n)
	}
	if _, err := s.db.Exec(`INSERT INTO messages_fts(messages_fts, rank) VALUES('integrity-check', 0)`); err != nil {
		t.Fatalf("FTS integrity-check: %v", err)
	}
	if err := s.IntegrityCheck(ctx); err != nil {
		t.Fatal(err)
	}
}
