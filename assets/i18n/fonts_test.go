//go:build !windows && !darwin

package i18n

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/tern-mail/tern/internal/testenv"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/text/language"
)

// withFcList answers fc-list's questions from families (fontconfig
// language → output) until the test ends, and records them.
func withFcList(t *testing.T, families map[string]string, err error) *[]string {
	t.Helper()
	var asked []string
	old := fcList
	fcList = func(fcLang string) (string, error) {
		asked = append(asked, fcLang)
		return families[fcLang], err
	}
	t.Cleanup(func() { fcList = old })
	return &asked
}

func TestNeedsFontAsksFontconfig(t *testing.T) {
	asked := withFcList(t, map[string]string{"ja": "Noto Sans CJK JP\n"}, nil)
	for _, c := range []struct {
		lang    string
		missing bool
		script  string
	}{
		{"ja", false, "Jpan"},
		{"zh-Hans", true, "Hans"},
		{"zh-TW", true, "Hant"},
		{"ko", true, "Kore"},
		{"de", false, ""},
		{"ru", false, ""},
		{"pt-BR", false, ""},
		{"el", false, ""},
	} {
		missing, script := NeedsFont(language.MustParse(c.lang))
		if missing != c.missing || script != c.script {
			t.Errorf("NeedsFont(%s) = %v, %q; want %v, %q", c.lang, missing, script, c.missing, c.script)
		}
	}
	// Tern's own font draws Latin, Greek and Cyrillic: fontconfig is
	// asked only about the others.
	want := []string{"ja", "zh-cn", "zh-tw", "ko"}
	if len(*asked) != len(want) {
		t.Fatalf("asked fontconfig about %q, want %q", *asked, want)
	}
	for i := range want {
		if (*asked)[i] != want[i] {
			t.Errorf("asked fontconfig about %q, want %q", *asked, want)
		}
	}
}

// TestNeedsFontWithoutFontconfig: when fc-list cannot be run nothing is
// said to be missing.
func TestNeedsFontWithoutFontconfig(t *testing.T) {
	withFcList(t, nil, exec.ErrNotFound)
	if missing, script := NeedsFont(language.Japanese); missing || script != "Jpan" {
		t.Errorf("without fc-list: %v, %q", missing, script)
	}
}

// TestNeedsFontRealFontconfig runs the real fc-list on a font directory
// of the test's own, holding the Go font only (Latin, no Japanese):
// English is covered, Japanese and Chinese are missing.
func TestNeedsFontRealFontconfig(t *testing.T) {
	if _, err := exec.LookPath("fc-list"); err != nil {
		testenv.Missing(t, "fc-list (Debian package fontconfig): %v", err)
	}
	dir := t.TempDir()
	fonts := filepath.Join(dir, "fonts")
	if err := os.Mkdir(fonts, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(fonts, "Go-Regular.ttf"), goregular.TTF, 0o644); err != nil {
		t.Fatal(err)
	}
	conf := filepath.Join(dir, "fonts.conf")
	body := `<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig>
  <dir>` + fonts + `</dir>
  <cachedir>` + filepath.Join(dir, "cache") + `</cachedir>
</fontconfig>
`
	if err := os.WriteFile(conf, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv("FONTCONFIG_FILE", conf)
	if !systemHasFont("en") {
		out, err := fcList("en")
		t.Fatalf("fc-list finds no font for English in %s: %q, %v", fonts, out, err)
	}
	for _, lang := range []language.Tag{language.Japanese, language.MustParse("zh-Hans")} {
		if missing, script := NeedsFont(lang); !missing {
			t.Errorf("%s (%s): not missing with only the Go font", lang, script)
		}
	}
}
