package i18n

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
)

// withCatalogs makes the catalogs in dir Tern's until the test ends, in
// place of the embedded ones, so that N can be tried in languages whose
// catalog Tern does not have yet.
func withCatalogs(t *testing.T, dir string) {
	t.Helper()
	b := goi18n.NewBundle(language.English)
	b.RegisterUnmarshalFunc("json", json.Unmarshal)
	files, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no catalogs in %s: %v", dir, err)
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := b.ParseMessageFileBytes(data, f); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
	}
	mu.Lock()
	old := bundle
	bundle = b
	mu.Unlock()
	t.Cleanup(func() {
		mu.Lock()
		bundle = old
		mu.Unlock()
		Use(SystemLanguages()...)
	})
}

// TestPluralForms: N picks the CLDR plural form of the current language
// for each count: Polish one, few and many (1 plik, 2 pliki, 5 plików,
// 22 pliki, 12 plików), Russian the same three by other rules (21
// сообщение), Japanese a single form, English one and other.
func TestPluralForms(t *testing.T) {
	withCatalogs(t, filepath.Join("testdata", "plural"))
	cases := map[string][]struct {
		id    string
		count int
		want  string
	}{
		"pl_PL.UTF-8": {
			{"test.messages", 1, "1 wiadomość"},
			{"test.messages", 2, "2 wiadomości"},
			{"test.messages", 5, "5 wiadomości"},
			{"test.files", 0, "0 plików"},
			{"test.files", 1, "1 plik"},
			{"test.files", 2, "2 pliki"},
			{"test.files", 4, "4 pliki"},
			{"test.files", 5, "5 plików"},
			{"test.files", 12, "12 plików"},
			{"test.files", 21, "21 plików"},
			{"test.files", 22, "22 pliki"},
			{"test.files", 112, "112 plików"},
			{"test.files", 1004, "1004 pliki"},
		},
		"ru": {
			{"test.messages", 1, "1 сообщение"},
			{"test.messages", 2, "2 сообщения"},
			{"test.messages", 5, "5 сообщений"},
			{"test.messages", 11, "11 сообщений"},
			{"test.messages", 21, "21 сообщение"},
			{"test.messages", 22, "22 сообщения"},
			{"test.messages", 111, "111 сообщений"},
			{"test.files", 0, "0 файлов"},
		},
		"ja-JP": {
			{"test.messages", 1, "1件のメッセージ"},
			{"test.messages", 5, "5件のメッセージ"},
		},
		"en": {
			{"test.messages", 0, "0 messages"},
			{"test.messages", 1, "1 message"},
			{"test.messages", 2, "2 messages"},
		},
	}
	for lang, want := range cases {
		got := Use(lang)
		if b, _ := got.Base(); b.String() != lang[:2] {
			t.Fatalf("Use(%s) = %s", lang, got)
		}
		for _, c := range want {
			if s := N(c.id, c.count); s != c.want {
				t.Errorf("%s: N(%s, %d) = %q, want %q", lang, c.id, c.count, s, c.want)
			}
		}
	}
}

// TestPluralWithArgs: a plural message fills its other placeholders too,
// and a form may spell the count out ("Jedna wiadomość").
func TestPluralWithArgs(t *testing.T) {
	withCatalogs(t, filepath.Join("testdata", "plural"))
	Use("pl")
	folder := Args{"Folder": "Praca"}
	for count, want := range map[int]string{
		1: "Jedna wiadomość w folderze Praca",
		3: "3 wiadomości w folderze Praca",
		7: "7 wiadomości w folderze Praca",
	} {
		if got := N("test.messages_in", count, folder); got != want {
			t.Errorf("N(test.messages_in, %d) = %q, want %q", count, got, want)
		}
	}
	Use("ja")
	if got, want := N("test.messages_in", 4, folder), "Pracaに4件のメッセージ"; got != want {
		t.Errorf("ja: N(test.messages_in, 4) = %q, want %q", got, want)
	}
	if len(folder) != 1 {
		t.Errorf("N changed the caller's arguments: %v", folder)
	}
}
