package gui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"golang.org/x/text/language"

	"github.com/tern-mail/tern/assets/i18n"
)

// When the language Tern speaks has no font on the system, the window
// says so once, in words that can be drawn, naming what to install; the
// next window over the same profile says nothing.
func TestMissingFontIsToldOnce(t *testing.T) {
	w, m, e := windowWithMail(t)
	saved := needsFont
	defer func() { needsFont = saved }()
	var asked []language.Tag
	needsFont = func(l language.Tag) (bool, string) {
		asked = append(asked, l)
		return true, "Jpan"
	}
	i18n.Use("ja")
	defer i18n.Use("en-US")
	w.tellMissingFont()
	if len(asked) != 1 || asked[0] != language.Japanese {
		t.Fatalf("fonts looked up for %v", asked)
	}
	top := overlay(t, w)
	said := strings.Join(labels(top), " ")
	for _, want := range []string{"A font is missing", "fonts-noto-cjk", "Japanese"} {
		if !strings.Contains(said, want) {
			t.Fatalf("the notice says %q, want %q in it", said, want)
		}
	}
	test.Tap(findButton(t, top, "OK"))
	if w.win.Canvas().Overlays().Top() != nil {
		t.Fatal("OK left the notice open")
	}
	again := NewMainWindow(fyne.CurrentApp(), m, e, Info{Name: "Tern"})
	again.tellMissingFont()
	if len(asked) != 2 {
		t.Fatalf("fonts looked up %d times, want once per window", len(asked))
	}
	if again.win.Canvas().Overlays().Top() != nil {
		t.Fatalf("told again: %q", labels(again.win.Canvas().Overlays().Top()))
	}
}

// With every font there, nothing is said.
func TestNoFontNoticeWhenTheFontIsThere(t *testing.T) {
	w, _, _ := windowWithMail(t)
	saved := needsFont
	defer func() { needsFont = saved }()
	looked := false
	needsFont = func(language.Tag) (bool, string) { looked = true; return false, "" }
	w.tellMissingFont()
	if !looked || w.win.Canvas().Overlays().Top() != nil {
		t.Fatalf("looked %v, overlay %v", looked, w.win.Canvas().Overlays().Top())
	}
}
