package gui

import (
	"fyne.io/fyne/v2"
	"golang.org/x/text/language"
	"golang.org/x/text/language/display"

	"github.com/tern-mail/tern/assets/i18n"
)

// needsFont tells whether the system lacks a font for a language's
// script (i18n.NeedsFont, which runs a command). Tests replace it.
var needsFont = i18n.NeedsFont

// prefFontTold is the preference that remembers, per script, that the
// person was told their system has no font for it ("font_told.Jpan").
const prefFontTold = "font_told."

// tellMissingFont looks, away from the window's goroutine, whether the
// system can draw the letters of the language Tern speaks, and when it
// cannot, says once what to install (showFontNotice). Told once, never
// again for that script, in this profile.
func (w *MainWindow) tellMissingFont() {
	tag := i18n.Current()
	Background(func() {
		missing, script := needsFont(tag)
		if !missing || w.prefs.Bool(prefFontTold+script) {
			return
		}
		fyne.Do(func() { w.showFontNotice(tag, script) })
	})
}

// showFontNotice says that the letters of lang cannot be drawn, and what
// to install. It is said in a language whose letters can be (noticeLanguage):
// in lang's own, it would be empty boxes too.
func (w *MainWindow) showFontNotice(lang language.Tag, script string) {
	in := noticeLanguage()
	name := display.Tags(in).Name(lang)
	body := i18n.TIn(in, "lang.font.body", i18n.Args{"Language": name})
	newTernDialog(i18n.TIn(in, "lang.font.title"), wrapped(body), w.win,
		dialogAction{label: i18n.TIn(in, "lang.font.ok"), primary: true}).Show()
	w.prefs.SetBool(prefFontTold+script, true)
}

// noticeLanguage is the language to say a missing font in: the system's,
// when Tern has it and its own font draws it (a person who chose Japanese
// on a German system reads German), else English.
func noticeLanguage() language.Tag {
	if t := i18n.Match(i18n.SystemLanguages()...); i18n.DrawnByOwnFont(t) {
		return t
	}
	return language.English
}
