package main

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"
)

// report is what one language's catalog lacks and has in excess.
type report struct {
	lang    string
	exists  bool                // the language has a catalog at all
	missing []string            // English ids it lacks, sorted
	english map[string]message  // the English messages, to show beside missing ids
	extra   []string            // its ids English lacks, sorted
	forms   map[string][]string // plural ids and the forms they lack
}

// compare checks the catalog tr of lang against English.
func compare(lang string, en, tr map[string]message) report {
	r := report{lang: lang, exists: tr != nil, english: en, forms: map[string][]string{}}
	needed := pluralForms(language.Make(lang))
	for id, m := range en {
		t, ok := tr[id]
		if !ok {
			r.missing = append(r.missing, id)
			continue
		}
		if !m.plural() {
			continue
		}
		for _, f := range needed {
			if t[f] == "" {
				r.forms[id] = append(r.forms[id], f)
			}
		}
	}
	for id := range tr {
		if _, ok := en[id]; !ok {
			r.extra = append(r.extra, id)
		}
	}
	sort.Strings(r.missing)
	sort.Strings(r.extra)
	return r
}

// complete tells whether nothing is lacking or in excess.
func (r report) complete() bool {
	return r.exists && len(r.missing) == 0 && len(r.extra) == 0 && len(r.forms) == 0
}

// write prints the report, a line per finding and a summary line.
func (r report) write(w io.Writer) {
	if !r.exists {
		fmt.Fprintf(w, "%s: no catalog yet: copy en.json to %s.json and translate it\n", r.lang, r.lang)
	}
	for _, id := range r.missing {
		fmt.Fprintf(w, "%s: missing %s (English: %s)\n", r.lang, id, english(r.english[id]))
	}
	for _, id := range r.extra {
		fmt.Fprintf(w, "%s: %s is not an English id (renamed or removed): delete it\n", r.lang, id)
	}
	var plurals []string
	for id := range r.forms {
		plurals = append(plurals, id)
	}
	sort.Strings(plurals)
	for _, id := range plurals {
		fmt.Fprintf(w, "%s: %s lacks the plural forms %s\n", r.lang, id, strings.Join(r.forms[id], ", "))
	}
	fmt.Fprintf(w, "%s: %d missing, %d not in English, %d plural messages lacking forms\n",
		r.lang, len(r.missing), len(r.extra), len(r.forms))
}

// english shows an English message on one line: the text, or its plural
// forms.
func english(m message) string {
	if !m.plural() {
		return fmt.Sprintf("%q", m["other"])
	}
	var parts []string
	for _, f := range formOrder {
		if s, ok := m[f]; ok {
			parts = append(parts, fmt.Sprintf("%s %q", f, s))
		}
	}
	return strings.Join(parts, ", ")
}

// formOrder is CLDR's order of the plural categories.
var formOrder = []string{"zero", "one", "two", "few", "many", "other"}

var formNames = map[plural.Form]string{
	plural.Zero: "zero", plural.One: "one", plural.Two: "two",
	plural.Few: "few", plural.Many: "many", plural.Other: "other",
}

// pluralForms are the plural categories lang's CLDR rules pick for the
// whole numbers 0 to 1,000, and "other" (used for fractions), in CLDR's
// order: the forms a plural message of lang needs.
func pluralForms(lang language.Tag) []string {
	used := map[string]bool{"other": true}
	for n := 0; n <= 1000; n++ {
		used[formNames[plural.Cardinal.MatchPlural(lang, n, 0, 0, 0, 0)]] = true
	}
	var out []string
	for _, f := range formOrder {
		if used[f] {
			out = append(out, f)
		}
	}
	return out
}
