package storage

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// schema8Store writes at path a store of schema 8, before migration 009,
// with n messages indexed as schema 8 indexed them (the text as it is);
// every cjkEvery-th has Japanese in its body, and one in ten ß in its
// subject. It returns how many need their entry written again.
func schema8Store(t testing.TB, path string, n, cjkEvery int) (rewrite int) {
	t.Helper()
	db, err := sqlOpenRaw(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ms, err := migrations()
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range ms[:8] {
		if _, err := db.Exec(m.sql); err != nil {
			t.Fatalf("%s: %v", m.name, err)
		}
	}
	tx, err := db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	exec := func(q string, args ...any) {
		t.Helper()
		if _, err := tx.Exec(q, args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	exec(`PRAGMA user_version = 8`)
	exec(`INSERT INTO accounts(id, address) VALUES('acct', 'alice@example.org')`)
	exec(`INSERT INTO folders(id, account_id, name, role) VALUES(1, 'acct', 'INBOX', 'inbox')`)
	plain := strings.Repeat("The quarterly figures are attached; please read them before the meeting. ", 25)
	japanese := strings.Repeat("来週の会議の資料を添付しました。ご確認ください。", 40)
	date := time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC).Unix()
	for i := 1; i <= n; i++ {
		subject, body := fmt.Sprintf("Report %d", i), plain
		if i%10 == 0 {
			subject, rewrite = fmt.Sprintf("Größenänderung %d", i), rewrite+1
		} else if i%cjkEvery == 0 {
			body, rewrite = japanese, rewrite+1
		}
		exec(`INSERT INTO messages(id, account_id, folder_id, uid, subject, from_name, from_addr, body_text, date)
			VALUES(?, 'acct', 1, ?, ?, 'Bob', 'bob@example.org', ?, ?)`, i, i, subject, body, date)
	}
	exec(`INSERT INTO messages_fts(rowid, subject, addresses, body)
		SELECT id, subject, from_name || ' ' || from_addr || ' ' || to_addrs || ' ' || cc_addrs, coalesce(body_text, '') FROM messages`)
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	return rewrite
}

// Opening a store that needs its index written again (migration 009)
// tells how far it has come: done only grows, never past the total, is
// told more than once on the way, and ends at the total; and the index
// then finds the words it could not before.
func TestIndexRewriteTellsProgress(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	const n = 5000
	schema8Store(t, path, n, 3)
	type report struct{ done, total int }
	var got []report
	s, err := OpenWithProgress(path, func(done, total int) { got = append(got, report{done, total}) })
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if len(got) < 3 {
		t.Fatalf("progress told %d times: %v", len(got), got)
	}
	for i, r := range got {
		if r.total != n || r.done > n || (i > 0 && r.done < got[i-1].done) {
			t.Fatalf("report %d is %v (all: %v)", i, r, got)
		}
	}
	if last := got[len(got)-1]; last.done != n {
		t.Fatalf("the last report is %v, want %d of %d", last, n, n)
	}
	for _, q := range []string{"資料", "grossenanderung"} {
		res, err := s.Search(context.Background(), SearchQuery{Text: q})
		if err != nil || len(res) == 0 {
			t.Errorf("%s: %d found, %v", q, len(res), err)
		}
	}
	// Opened again, nothing is left to do and nothing is told.
	s.Close()
	got = nil
	again, err := OpenWithProgress(path, func(done, total int) { got = append(got, report{done, total}) })
	if err != nil {
		t.Fatal(err)
	}
	defer again.Close()
	if len(got) != 0 {
		t.Errorf("a store up to date told progress %v", got)
	}
}

// BenchmarkIndexRewrite50k times migration 009 on a store of 50,000
// messages, one in three of them with Japanese text and one in ten with
// ß: s/index is the seconds until the index is rewritten, s/open those
// of the whole open (later migrations too).
func BenchmarkIndexRewrite50k(b *testing.B) {
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		path := filepath.Join(b.TempDir(), FileName)
		rewrite := schema8Store(b, path, 50000, 3)
		b.StartTimer()
		start := time.Now()
		var rewritten time.Duration
		s, err := OpenWithProgress(path, func(done, total int) {
			if done == total {
				rewritten = time.Since(start)
			}
		})
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(time.Since(start).Seconds(), "s/open")
		b.ReportMetric(rewritten.Seconds(), "s/index")
		b.ReportMetric(float64(rewrite), "rewritten")
		s.Close()
	}
}
