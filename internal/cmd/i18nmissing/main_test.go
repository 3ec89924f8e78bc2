package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writeCatalogs writes files (name → JSON) into a new directory.
func writeCatalogs(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

var englishFiles = map[string]string{
	"en.json":    `{"menu.quit": "Quit", "list.count": {"one": "{{.Count}} message", "other": "{{.Count}} messages"}}`,
	"x1.en.json": `{"composer.send": "Send"}`,
}

func catalogsWith(more map[string]string) map[string]string {
	out := map[string]string{}
	for k, v := range englishFiles {
		out[k] = v
	}
	for k, v := range more {
		out[k] = v
	}
	return out
}

func runIn(t *testing.T, dir string, args ...string) (int, string, string) {
	t.Helper()
	var out, errs bytes.Buffer
	code := run(append([]string{"-dir", dir}, args...), &out, &errs)
	return code, out.String(), errs.String()
}

func TestCompleteTranslation(t *testing.T) {
	dir := writeCatalogs(t, catalogsWith(map[string]string{
		"de.json": `{"menu.quit": "Beenden", "composer.send": "Senden",
			"list.count": {"one": "{{.Count}} Nachricht", "other": "{{.Count}} Nachrichten"}}`,
	}))
	code, out, errs := runIn(t, dir, "de")
	if code != 0 || errs != "" {
		t.Fatalf("exit %d, stderr %q, stdout %q", code, errs, out)
	}
	if want := "de: 0 missing, 0 not in English, 0 plural messages lacking forms\n"; out != want {
		t.Errorf("stdout %q, want %q", out, want)
	}
}

// TestLacking: a missing id (from an English fragment), an id English
// lacks and a Polish plural without "few" and "many" are all reported,
// and the exit status is 1.
func TestLacking(t *testing.T) {
	dir := writeCatalogs(t, catalogsWith(map[string]string{
		"pl.json": `{"menu.quit": "Zakończ", "menu.old": "Stare",
			"list.count": {"one": "{{.Count}} wiadomość", "other": "{{.Count}} wiadomości"}}`,
	}))
	code, out, _ := runIn(t, dir, "pl_PL")
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	for _, want := range []string{
		`pl: missing composer.send (English: "Send")`,
		"pl: menu.old is not an English id",
		"pl: list.count lacks the plural forms few, many\n",
		"pl: 1 missing, 1 not in English, 1 plural messages lacking forms\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("stdout lacks %q:\n%s", want, out)
		}
	}
}

// TestNewLanguage: a language without a catalog lacks every id, shown
// with its English text, plural forms included.
func TestNewLanguage(t *testing.T) {
	code, out, _ := runIn(t, writeCatalogs(t, englishFiles), "sv")
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	for _, want := range []string{
		"sv: no catalog yet: copy en.json to sv.json",
		`sv: missing list.count (English: one "{{.Count}} message", other "{{.Count}} messages")`,
		"sv: 3 missing,",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("stdout lacks %q:\n%s", want, out)
		}
	}
}

// TestEveryLanguage: without arguments every translation is checked, in
// order of tag, fragments (x1.de.json) counting as the language's.
func TestEveryLanguage(t *testing.T) {
	dir := writeCatalogs(t, catalogsWith(map[string]string{
		"de.json":    `{"menu.quit": "Beenden", "list.count": {"one": "{{.Count}} Nachricht", "other": "{{.Count}} Nachrichten"}}`,
		"x1.de.json": `{"composer.send": "Senden"}`,
		"ja.json":    `{"menu.quit": "終了"}`,
	}))
	code, out, _ := runIn(t, dir)
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	de := strings.Index(out, "de: 0 missing")
	ja := strings.Index(out, "ja: 2 missing")
	if de < 0 || ja < de {
		t.Errorf("want de complete, then ja lacking two ids:\n%s", out)
	}
}

// TestEnglish: English is the reference, nothing to compare.
func TestEnglish(t *testing.T) {
	code, out, _ := runIn(t, writeCatalogs(t, englishFiles), "en_US")
	if code != 0 || !strings.HasPrefix(out, "en: English is") {
		t.Errorf("exit %d, stdout %q", code, out)
	}
}

func TestErrors(t *testing.T) {
	if code, _, errs := runIn(t, writeCatalogs(t, englishFiles), "not a tag"); code != 2 || errs == "" {
		t.Errorf("bad tag: exit %d, stderr %q", code, errs)
	}
	broken := writeCatalogs(t, catalogsWith(map[string]string{"de.json": `{"menu.quit": 3}`}))
	if code, _, errs := runIn(t, broken, "de"); code != 2 || !strings.Contains(errs, "menu.quit") {
		t.Errorf("broken catalog: exit %d, stderr %q", code, errs)
	}
	if code, _, errs := runIn(t, t.TempDir()); code != 2 || !strings.Contains(errs, "no English catalog") {
		t.Errorf("no catalogs: exit %d, stderr %q", code, errs)
	}
}

// TestTernCatalogs: the tool reads Tern's own catalogs.
func TestTernCatalogs(t *testing.T) {
	code, out, errs := runIn(t, filepath.Join("..", "..", "..", "assets", "i18n"), "de")
	if code == 2 || errs != "" {
		t.Fatalf("exit %d, stderr %q", code, errs)
	}
	if !strings.Contains(out, "de: ") {
		t.Errorf("no report for de:\n%s", out)
	}
}
