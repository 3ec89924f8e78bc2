package i18n

import (
	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
)

// DrawnByOwnFont reports whether Tern's own font draws lang's letters
// (Latin, Greek, Cyrillic), so that a sentence in lang can be read on any
// computer, whatever fonts it has.
func DrawnByOwnFont(lang language.Tag) bool {
	s, _ := lang.Script()
	return ownScripts[s.String()]
}

// TIn is T in the language lang rather than the current one: for the
// rare sentence that must be read when the current language's letters
// cannot be drawn (see NeedsFont).
func TIn(lang language.Tag, id string, args ...Args) string {
	l := goi18n.NewLocalizer(bundle, lang.String())
	s, err := l.Localize(&goi18n.LocalizeConfig{MessageID: id, TemplateData: merge(args)})
	if err != nil && s == "" {
		return id
	}
	return s
}
