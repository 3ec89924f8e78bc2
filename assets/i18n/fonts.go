package i18n

import "golang.org/x/text/language"

// ownScripts are the scripts Tern's own font draws: Fyne's Noto Sans has
// Latin, Greek and Cyrillic letters. Any other script (Japanese,
// Chinese, Korean, Arabic …) is drawn with a font of the system, which
// Fyne falls back to for the letters its own font lacks.
var ownScripts = map[string]bool{"Latn": true, "Grek": true, "Cyrl": true}

// NeedsFont tells whether the window would draw lang's letters as empty
// boxes because the system has no font for its script. script is that
// script's ISO 15924 code ("Jpan" for Japanese, "Hans" for Simplified
// Chinese), "" when Tern's own font draws it.
//
// On Linux and the BSDs it asks fontconfig (fc-list :lang=ja); where
// fontconfig cannot be asked it says nothing is missing rather than warn
// on a guess. Windows and macOS are taken to have the fonts: they ship
// Japanese and Chinese fonts with every installation (Yu Gothic and
// Microsoft YaHei; Hiragino and PingFang).
//
// It runs a command: call it once, away from the window's goroutine. A
// person whose language lacks its font should be told so in a language
// whose letters can be drawn (English), since a notice in the missing
// script would be boxes too.
func NeedsFont(lang language.Tag) (missing bool, script string) {
	s, _ := lang.Script()
	if ownScripts[s.String()] {
		return false, ""
	}
	return !systemHasFont(fontconfigLang(lang, s)), s.String()
}

// fontconfigLang is the name fontconfig gives lang's orthography: its
// language code, but zh-cn and zh-tw for Chinese in Simplified and
// Traditional characters.
func fontconfigLang(lang language.Tag, s language.Script) string {
	switch s.String() {
	case "Hans":
		return "zh-cn"
	case "Hant":
		return "zh-tw"
	}
	base, _ := lang.Base()
	return base.String()
}
