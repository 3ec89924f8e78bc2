package storage

import (
	"context"
	"fmt"
	"slices"
	"testing"
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
