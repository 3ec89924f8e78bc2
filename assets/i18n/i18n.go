// Package i18n holds Tern's translations and the functions that look them
// up: every sentence a person reads, in the window and on the command
// line, is a message in the catalogs here, found by a stable id.
//
// The catalogs are JSON files embedded from this directory, one per
// language and named by its tag (en.json, de.json, pt-BR.json, …), in
// the format of go-i18n, the library under Fyne's lang package:
//
//	{
//	  "menu.file.quit": "Quit",
//	  "list.count": {"one": "{{.Count}} message", "other": "{{.Count}} messages"}
//	}
//
// Placeholders are text/template fields ({{.Name}}); a plural message has
// one form per CLDR plural category of its language (one, few, many,
// other …), chosen by go-i18n's CLDR rules.
//
// Tern uses go-i18n directly rather than through Fyne's lang, for two
// reasons: the engine (accounts/, storage/) must not import Fyne, and
// Fyne's lang always follows the system's language, while a person can
// choose another in Preferences. The system's language is found as Fyne
// finds it (github.com/jeandeaual/go-locale).
package i18n

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"sort"
	"strings"
	"sync"

	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
)

//go:embed *.json
var catalogs embed.FS

// Args are the values of a message's placeholders, by name.
type Args = map[string]any

var (
	mu        sync.RWMutex
	bundle    *goi18n.Bundle
	localizer *goi18n.Localizer
	current   = language.English
)

func init() {
	bundle = goi18n.NewBundle(language.English)
	bundle.RegisterUnmarshalFunc("json", json.Unmarshal)
	files, err := fs.Glob(catalogs, "*.json")
	if err != nil {
		panic(fmt.Sprintf("i18n: catalogs: %v", err))
	}
	for _, f := range files {
		data, err := catalogs.ReadFile(f)
		if err != nil {
			panic(fmt.Sprintf("i18n: read %s: %v", f, err))
		}
		if _, err := bundle.ParseMessageFileBytes(data, f); err != nil {
			panic(fmt.Sprintf("i18n: catalog %s: %v", f, err))
		}
	}
	Use(SystemLanguages()...)
}

// Languages lists the languages Tern has a catalog for, English first.
func Languages() []language.Tag {
	tags := bundle.LanguageTags()
	sort.SliceStable(tags, func(i, j int) bool {
		if tags[i] == language.English || tags[j] == language.English {
			return tags[i] == language.English
		}
		return tags[i].String() < tags[j].String()
	})
	return tags
}

// Use makes the first of the wanted languages (BCP 47 tags or POSIX
// locale names such as "de_DE.UTF-8") that Tern has a catalog for the
// language of every message from now on, and returns it. With none of
// them available it is English, as a whole: a message is never shown in
// a mix of two languages. Dates and numbers follow: they are written as
// the system's locale writes them when it is of that language (en_GB:
// "6 Dec", en_US: "Dec 6"), else as the language's own default locale.
func Use(wanted ...string) language.Tag {
	tag := Match(wanted...)
	f := formatLocales[formatTag(tag, systemFormatLocales())]()
	mu.Lock()
	defer mu.Unlock()
	current = tag
	localizer = goi18n.NewLocalizer(bundle, tag.String())
	formats = f
	return tag
}

// Match returns the first of the wanted languages Tern has a catalog for,
// or English.
func Match(wanted ...string) language.Tag {
	var tags []language.Tag
	for _, w := range wanted {
		if t, err := language.Parse(posixToTag(w)); err == nil && t != language.Und {
			tags = append(tags, t)
		}
	}
	if len(tags) == 0 {
		return language.English
	}
	avail := Languages()
	_, i, conf := language.NewMatcher(avail).Match(tags...)
	if conf < language.High {
		return language.English
	}
	return avail[i]
}

// posixToTag turns "de_DE.UTF-8@euro" into "de-DE"; a tag stays as it is.
func posixToTag(s string) string {
	if i := strings.IndexAny(s, ".@"); i >= 0 {
		s = s[:i]
	}
	return strings.ReplaceAll(s, "_", "-")
}

// Current returns the language messages are shown in.
func Current() language.Tag {
	mu.RLock()
	defer mu.RUnlock()
	return current
}

// T returns the message id in the current language, its placeholders
// filled from args. An id no catalog has comes back as itself, so a
// missing message shows up plainly (and the catalog test fails).
func T(id string, args ...Args) string {
	return localize(&goi18n.LocalizeConfig{MessageID: id, TemplateData: merge(args)})
}

// N returns the plural message id in the current language for count;
// {{.Count}} in the message is count. The form is chosen by the
// language's CLDR plural rules (Polish: 1 plik, 2 pliki, 5 plików).
func N(id string, count int, args ...Args) string {
	// The count is written as the language writes numbers ("4,660",
	// "4.660", "4 660"); the plural form is chosen from the number itself.
	data := Args{"Count": Number(count)}
	for _, a := range args {
		for k, v := range a {
			if k != "Count" {
				data[k] = v
			}
		}
	}
	return localize(&goi18n.LocalizeConfig{MessageID: id, PluralCount: count, TemplateData: data})
}

func merge(args []Args) Args {
	switch len(args) {
	case 0:
		return nil
	case 1:
		return args[0]
	}
	m := Args{}
	for _, a := range args {
		for k, v := range a {
			m[k] = v
		}
	}
	return m
}

func localize(c *goi18n.LocalizeConfig) string {
	mu.RLock()
	l := localizer
	mu.RUnlock()
	s, err := l.Localize(c)
	if err != nil && s == "" {
		return c.MessageID
	}
	return s
}

// SystemChoice is the label of the "follow the system" entry of the
// Language preference, naming the language that choice gives now.
func SystemChoice() string {
	tag := Match(SystemLanguages()...)
	return T("prefs.language.system", Args{"Language": display.Self.Name(tag)})
}
