package i18n

import (
	"os"
	"sort"

	"github.com/go-playground/locales"
	"github.com/go-playground/locales/de"
	"github.com/go-playground/locales/de_AT"
	"github.com/go-playground/locales/de_CH"
	"github.com/go-playground/locales/en"
	"github.com/go-playground/locales/en_001"
	"github.com/go-playground/locales/en_150"
	"github.com/go-playground/locales/en_CA"
	"github.com/go-playground/locales/en_GB"
	"github.com/go-playground/locales/en_IE"
	"github.com/go-playground/locales/en_IN"
	"github.com/go-playground/locales/en_NZ"
	"github.com/go-playground/locales/en_SG"
	"github.com/go-playground/locales/en_ZA"
	"github.com/go-playground/locales/es"
	"github.com/go-playground/locales/es_419"
	"github.com/go-playground/locales/es_AR"
	"github.com/go-playground/locales/es_MX"
	"github.com/go-playground/locales/es_US"
	"github.com/go-playground/locales/fr"
	"github.com/go-playground/locales/fr_BE"
	"github.com/go-playground/locales/fr_CA"
	"github.com/go-playground/locales/fr_CH"
	"github.com/go-playground/locales/it"
	"github.com/go-playground/locales/it_CH"
	"github.com/go-playground/locales/ja"
	"github.com/go-playground/locales/nl"
	"github.com/go-playground/locales/nl_BE"
	"github.com/go-playground/locales/pl"
	"github.com/go-playground/locales/pt_BR"
	"github.com/go-playground/locales/pt_PT"
	"github.com/go-playground/locales/ru"
	"github.com/go-playground/locales/ru_UA"
	"github.com/go-playground/locales/zh_Hans"
	"github.com/go-playground/locales/zh_Hans_SG"
	"golang.org/x/text/language"
)

// formatLocales are the CLDR locales dates, times and numbers are written
// in (github.com/go-playground/locales, generated from CLDR), by BCP 47
// tag. For each language Tern has a catalog for there is its default
// locale (the tag without a region, or pt-BR, zh-Hans), and the regions
// whose forms differ from it that people commonly set: day before month
// in en-GB, the apostrophe grouping digits in de-CH. A region not listed
// takes its nearest listed neighbour (en-NZ writes as en-GB, es-PE as
// es-419), as golang.org/x/text/language matches them. en-AU is left
// out: the library's en_AU writes 12-hour times without am or pm.
var formatLocales = map[string]func() locales.Translator{
	"en": en.New, "en-001": en_001.New, "en-150": en_150.New,
	"en-CA": en_CA.New, "en-GB": en_GB.New, "en-IE": en_IE.New, "en-IN": en_IN.New,
	"en-NZ": en_NZ.New, "en-SG": en_SG.New, "en-ZA": en_ZA.New,
	"de": de.New, "de-AT": de_AT.New, "de-CH": de_CH.New,
	"fr": fr.New, "fr-BE": fr_BE.New, "fr-CA": fr_CA.New, "fr-CH": fr_CH.New,
	"es": es.New, "es-419": es_419.New, "es-AR": es_AR.New, "es-MX": es_MX.New, "es-US": es_US.New,
	"it": it.New, "it-CH": it_CH.New,
	"pt-BR": pt_BR.New, "pt-PT": pt_PT.New,
	"nl": nl.New, "nl-BE": nl_BE.New,
	"pl": pl.New,
	"ru": ru.New, "ru-UA": ru_UA.New,
	"ja":      ja.New,
	"zh-Hans": zh_Hans.New, "zh-Hans-SG": zh_Hans_SG.New,
}

// formatChoice holds, for one language and script, the tags of
// formatLocales in it, its default first, and their matcher.
type formatChoice struct {
	tags    []string
	matcher language.Matcher
}

// formatChoices are formatLocales grouped by language and script.
var formatChoices = groupFormatLocales()

func groupFormatLocales() map[string]*formatChoice {
	byLang := map[string][]string{}
	for tag := range formatLocales {
		k := langScript(language.MustParse(tag))
		byLang[k] = append(byLang[k], tag)
	}
	out := map[string]*formatChoice{}
	for k, tags := range byLang {
		// The default is the shortest tag ("en" before "en-GB"), and
		// between two of one length the first by name (pt-BR, pt-PT).
		sort.Slice(tags, func(i, j int) bool {
			if len(tags[i]) != len(tags[j]) {
				return len(tags[i]) < len(tags[j])
			}
			return tags[i] < tags[j]
		})
		parsed := make([]language.Tag, len(tags))
		for i, t := range tags {
			parsed[i] = language.MustParse(t)
		}
		out[k] = &formatChoice{tags: tags, matcher: language.NewMatcher(parsed)}
	}
	return out
}

// langScript is a tag's language and script ("zh-Hans", "en-Latn"): two
// tags with the same one are written in the same words and letters.
func langScript(t language.Tag) string {
	base, _ := t.Base()
	script, _ := t.Script()
	return base.String() + "-" + script.String()
}

// formatTag chooses the locale dates and numbers are written in when
// messages are in lang: the first of the system's locales (as
// systemFormatLocales lists them) that names a region and is of lang's
// language, so that en_GB writes "6 Dec" and en_US "Dec 6"; else lang's
// own default ("en", "de", "pt-BR"). It returns a key of formatLocales.
func formatTag(lang language.Tag, system []string) string {
	choice := formatChoices[langScript(lang)]
	if choice == nil {
		return "en"
	}
	for _, s := range system {
		t, err := language.Parse(posixToTag(s))
		if err != nil {
			continue
		}
		if _, conf := t.Region(); conf != language.Exact || langScript(t) != langScript(lang) {
			continue
		}
		_, i, _ := choice.matcher.Match(t)
		return choice.tags[i]
	}
	_, i, _ := choice.matcher.Match(lang)
	return choice.tags[i]
}

// systemFormatLocales lists the system's locales that may say how dates
// and numbers are written: first the POSIX one for dates (LC_ALL, else
// LC_TIME, else LANG; "C" and "POSIX" say nothing), then the person's
// languages (SystemLanguages), which on Windows and macOS carry the
// region the person chose ("en-GB").
func systemFormatLocales() []string {
	var out []string
	for _, env := range []string{"LC_ALL", "LC_TIME", "LANG"} {
		if v := os.Getenv(env); v != "" {
			if v != "C" && v != "POSIX" {
				out = append(out, v)
			}
			break
		}
	}
	return append(out, SystemLanguages()...)
}
