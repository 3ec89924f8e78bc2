package gui

import (
	"encoding/json"
	"strings"

	"fyne.io/fyne/v2"
	fynelang "fyne.io/fyne/v2/lang"
	"golang.org/x/text/language"

	"github.com/tern-mail/tern/assets/i18n"
)

// Fyne writes a few words of its own: the buttons and labels of its file
// window (used where the system's is not available), and the Cut, Copy,
// Paste menu of every text field. Its lang package always speaks the
// system's language, and has no Dutch, Italian or Japanese; so Tern
// gives it these words from its own catalogs, in the language chosen in
// Preferences, and no window of Tern's mixes two languages.

// fyneWords are the keys of Fyne's catalog (fyne.io/fyne/v2/lang,
// translations/base.en.json) that Tern's windows can show, and the ids
// of Tern's catalog that say them. Fyne's weekday names are not among
// them: Tern shows no calendar of Fyne's.
var fyneWords = map[string]string{
	"Cancel":            "lang.fyne.cancel",
	"Confirm":           "lang.fyne.confirm",
	"Copy":              "lang.fyne.copy",
	"Create Folder":     "lang.fyne.create_folder",
	"Cut":               "lang.fyne.cut",
	"Enter filename":    "lang.fyne.enter_filename",
	"Error":             "lang.fyne.error",
	"Favourites":        "lang.fyne.favourites",
	"File":              "lang.fyne.file",
	"Folder":            "lang.fyne.folder",
	"New Folder":        "lang.fyne.new_folder",
	"No":                "lang.fyne.no",
	"OK":                "lang.fyne.ok",
	"Open":              "lang.fyne.open",
	"Paste":             "lang.fyne.paste",
	"Quit":              "lang.fyne.quit",
	"Redo":              "lang.fyne.redo",
	"Save":              "lang.fyne.save",
	"Select all":        "lang.fyne.select_all",
	"Show Hidden Files": "lang.fyne.show_hidden",
	"Undo":              "lang.fyne.undo",
	"Yes":               "lang.fyne.yes",
	"file.name":         "lang.fyne.file_name",
	"file.parent":       "lang.fyne.file_parent",
}

// speak makes Tern speak the first of the wanted languages it has
// (i18n.Use), and Fyne's own words follow (tellFyne).
func speak(wanted ...string) language.Tag {
	tag := i18n.Use(wanted...)
	tellFyne(i18n.SystemLanguages())
	return tag
}

// tellFyne gives Fyne its words in Tern's current language. Fyne picks
// its catalog by the system's languages (system), whatever Tern was
// told, so the words are given as the catalog of each of those, and of
// English, Fyne's fallback: whichever Fyne picks says them in Tern's
// language.
func tellFyne(system []string) {
	words := make(map[string]string, len(fyneWords))
	for key, id := range fyneWords {
		words[key] = i18n.T(id)
	}
	data, err := json.Marshal(words)
	if err != nil { // a map of strings always encodes
		fyne.LogError("fyne words", err)
		return
	}
	seen := map[string]bool{}
	for _, s := range append(system, "en") {
		for _, loc := range fyneLocales(s) {
			if seen[loc] {
				continue
			}
			seen[loc] = true
			if err := fynelang.AddTranslationsForLocale(data, fyne.Locale(loc)); err != nil {
				fyne.LogError("fyne words for "+loc, err)
			}
		}
	}
}

// fyneLocales are the locale names Fyne may pick for a system language:
// "de_DE.UTF-8" gives "de-DE" and "de"; none for one it cannot read.
func fyneLocales(s string) []string {
	if i := strings.IndexAny(s, ".@"); i >= 0 {
		s = s[:i]
	}
	t, err := language.Parse(strings.ReplaceAll(s, "_", "-"))
	if err != nil || t == language.Und {
		return nil
	}
	base, _ := t.Base()
	return []string{t.String(), base.String()}
}
