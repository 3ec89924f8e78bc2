package storage

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

func TestIndexForm(t *testing.T) {
	for in, want := range map[string]string{
		"plain words":              "",
		"Köln":                     "",
		"会議":                       " 会議 議 ",
		"会議資料":                     " 会議 議資 資料 料 ",
		"本周的进度报告，谢谢。":              " 本周 周的 的进 进度 度报 报告 告 ， 谢谢 谢 。",
		"다음 주간회의를":                 " 다음 음   주간 간회 회의 의를 를 ",
		"Q3报告":                     "Q3 报告 告 ",
		"データー":                     " デー ータ ター ー ",
		"Größenänderung":           "Grössenänderung",
		"GROẞE Straße":             "GROssE Strasse",
		"日":                        " 日 ",
		"bad \xff byte 会":          "bad \xff byte  会 ",
		"Tern会議はStraße":            "Tern 会議 議は は Strasse",
		"한국어 text and ﾃﾞｰﾀ (half)": " 한국 국어 어  text and  ﾃﾞ ﾞｰ ｰﾀ ﾀ  (half)",
	} {
		got := ""
		if needsIndexForm(in) {
			got = indexForm(in)
		}
		if got != want {
			t.Errorf("index form of %q = %q, want %q", in, got, want)
		}
	}
}

func TestFTSQueryCJK(t *testing.T) {
	for in, want := range map[string]string{
		"会議":          `"会議"`,
		"会議資料":        `"会議 議資 資料"`,
		"料":           `"料"*`,
		"Q3报告":        `"Q3"* "报告"`,
		"Tern 資料":     `"Tern"* "資料"`,
		"größe":       `"grösse"*`,
		"STRAẞE":      `"STRAssE"*`,
		"会議、資料":       `"会議" "資料"`,
		"-会議-":        `"会議"`,
		"koln":        `"koln"*`,
		"주간회의를":       `"주간 간회 회의 의를"`,
		`"資料" OR 报告*`: `"資料" "OR"* "报告"`,
	} {
		if got := ftsQuery(in); got != want {
			t.Errorf("ftsQuery(%q) = %s, want %s", in, got, want)
		}
	}
}

// cjkMail is the mail the CJK search tests store, by name: words inside
// Japanese, Chinese and Korean sentences, German with ß and English.
var cjkMail = []struct{ name, subject, from, body string }{
	{"ja-start", "会議の資料について", "山田太郎 <yamada@example.jp>", "明日使う資料を添付します。Tern の画面も見てください。"},
	{"ja-middle", "来週の予定", "佐藤 <sato@example.jp>", "来週の定例会議は中止です。"},
	{"zh", "项目进度报告", "王伟 <wang@example.cn>", "请查看本周的进度报告，谢谢。Q3报告在附件里。"},
	{"ko", "안내", "김민수 <kim@example.kr>", "다음 주간회의를 준비합시다."},
	{"de", "Größenänderung der Bilder", "Jörg <joerg@example.de>", "Die Straße in Köln ist gesperrt."},
	{"ch", "Adresse", "Urs <urs@example.ch>", "Strasse 1, Zürich"},
	{"en", "Meeting notes", "Ann <ann@example.org>", "Nothing in other scripts here."},
}

// cjkSearches are queries over cjkMail and the names of the messages each
// finds.
var cjkSearches = map[string][]string{
	"資料":              {"ja-start"}, // inside the subject and inside a sentence
	"会議":              {"ja-middle", "ja-start"},
	"定例会議":            {"ja-middle"},
	"会議資料":            nil, // not side by side in any message
	"料":               {"ja-start"},
	"報":               nil,
	"山田":              {"ja-start"}, // in the sender's name
	"进度":              {"zh"},
	"报告":              {"zh"},
	"进度报告":            {"zh"},
	"报告进度":            nil,
	"资料":              nil, // simplified, not the Japanese 資料
	"회의":              {"ko"},
	"주간회의":            {"ko"},
	"Tern 資料":         {"ja-start"},
	"tern 进度":         nil,
	"Q3报告":            {"zh"},
	"Q4报告":            nil,
	"koln":            {"de"},
	"gesperr":         {"de"},
	"meet":            {"en"},
	"grossenanderung": {"de"},
	"größe":           {"de"},
	"GRÖSSE":          {"de"},
	"straße":          {"ch", "de"},
	"STRAẞE":          {"ch", "de"},
	"strasse":         {"ch", "de"},
}

// checkCJKSearches runs cjkSearches on s, whose messages ids names.
func checkCJKSearches(t *testing.T, s *Store, ids map[string]int64) {
	t.Helper()
	names := map[int64]string{}
	for name, id := range ids {
		names[id] = name
	}
	for q, want := range cjkSearches {
		res, err := s.Search(context.Background(), SearchQuery{Text: q})
		if err != nil {
			t.Errorf("search %q: %v", q, err)
			continue
		}
		var got []string
		for _, m := range res {
			got = append(got, names[m.ID])
		}
		slices.Sort(got)
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("search %q found %v, want %v", q, got, want)
		}
	}
}

func TestSearchInsideCJKAndSharpS(t *testing.T) {
	s := openTemp(t)
	ctx := context.Background()
	f := setupFolder(t, s)
	ids := map[string]int64{}
	for i, m := range cjkMail {
		id, err := s.AddMessage(ctx, f.ID, NewMessage{UID: uint32(i + 1), Raw: sample(m.subject, m.from, m.body)})
		if err != nil {
			t.Fatal(err)
		}
		ids[m.name] = id
	}
	checkCJKSearches(t, s, ids)

	// A body that comes after the envelope is indexed in the same form.
	id, err := s.AddMessage(ctx, f.ID, NewMessage{UID: 100, Envelope: &Envelope{Subject: "議事録"}})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.SetBody(ctx, id, sample("議事録", "Ann <ann@example.org>", "月次報告書をお送りします。")); err != nil {
		t.Fatal(err)
	}
	for q, want := range map[string]int{"事録": 1, "報告": 1, "次報": 1, "書": 1, "報告会": 0} {
		if res, err := s.Search(ctx, SearchQuery{Text: q}); err != nil || len(res) != want {
			t.Errorf("after a body came, search %q: %d results, %v; want %d", q, len(res), err, want)
		}
	}
}

// TestSearchCJKAfterMigration opens a store of schema 8 whose index holds
// runs of CJK characters as single words and ß as it is, as stores written
// before migration 009 do: its messages are found by words inside those
// runs and by "ss" once it is open, the message still waiting for its
// body too.
func TestSearchCJKAfterMigration(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), FileName)
	db, err := sqlOpenRaw(path)
	if err != nil {
		t.Fatal(err)
	}
	ms, err := migrations()
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range ms[:8] {
		if _, err := db.Exec(m.sql); err != nil {
			t.Fatalf("%s: %v", m.name, err)
		}
	}
	exec := func(q string, args ...any) {
		t.Helper()
		if _, err := db.Exec(q, args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	exec(`PRAGMA user_version = 8`)
	exec(`INSERT INTO accounts(id, address) VALUES('acct', 'alice@example.org')`)
	exec(`INSERT INTO folders(id, account_id, name, role) VALUES(1, 'acct', 'INBOX', 'inbox')`)
	ids := map[string]int64{}
	for i, m := range cjkMail {
		id := int64(i + 1)
		exec(`INSERT INTO messages(id, account_id, folder_id, uid, subject, from_name, body_text, date) VALUES(?, 'acct', 1, ?, ?, ?, ?, ?)`,
			id, id, m.subject, m.from, m.body, time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC).Unix())
		ids[m.name] = id
	}
	// The index as schema 8 wrote it: the text as it is.
	exec(`INSERT INTO messages_fts(rowid, subject, addresses, body)
		SELECT id, subject, from_name || ' ' || from_addr || ' ' || to_addrs || ' ' || cc_addrs, coalesce(body_text, '') FROM messages`)
	// One more whose body has not come: not indexed yet.
	exec(`INSERT INTO messages(id, account_id, folder_id, uid, subject) VALUES(100, 'acct', 1, 100, '月次報告書')`)
	exec(`INSERT INTO fts_pending(message_id) VALUES(100)`)
	if n := oldMatches(t, db, `"資料"`); n != 0 {
		t.Fatalf("the schema 8 index finds 資料 %d times: this test would prove nothing", n)
	}
	db.Close()

	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	checkCJKSearches(t, s, ids)
	if res, _ := s.Search(ctx, SearchQuery{Text: "報告"}); len(res) != 0 {
		t.Errorf("a message waiting for its body found before IndexPending")
	}
	if err := s.IndexPending(ctx); err != nil {
		t.Fatal(err)
	}
	if res, _ := s.Search(ctx, SearchQuery{Text: "報告"}); len(res) != 1 || res[0].ID != 100 {
		t.Errorf("after IndexPending, 報告 found %d messages, want message 100", len(res))
	}
	if _, err := s.db.Exec(`INSERT INTO messages_fts(messages_fts, rank) VALUES('integrity-check', 0)`); err != nil {
		t.Fatalf("FTS integrity-check: %v", err)
	}
	var left int
	if err := s.db.QueryRow(`SELECT count(*) FROM sqlite_temp_master`).Scan(&left); err != nil || left != 0 {
		t.Errorf("migration left %d temporary tables, %v", left, err)
	}
}

// oldMatches counts the rows the index of db matches for the FTS5 query q.
func oldMatches(t *testing.T, db *sql.DB, q string) int {
	t.Helper()
	var n int
	if err := db.QueryRow(`SELECT count(*) FROM messages_fts WHERE messages_fts MATCH ?`, q).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
