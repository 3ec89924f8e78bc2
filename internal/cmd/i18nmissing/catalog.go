package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"golang.org/x/text/language"
)

// message is one catalog entry: a plain string is {"other": s}; a plural
// message has one form per CLDR plural category.
type message map[string]string

// plural tells a plural message from a plain one.
func (m message) plural() bool { return len(m) > 1 || m["other"] == "" }

// catalogs are the messages of each language, by tag and id.
type catalogs map[string]map[string]message

// readCatalogs reads every *.json file of dir as a catalog, naming its
// language by the last part of the name before .json (x1.en.json and
// en.json are both English).
func readCatalogs(dir string) (catalogs, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil {
		return nil, fmt.Errorf("catalogs in %s: %w", dir, err)
	}
	out := catalogs{}
	for _, f := range files {
		parts := strings.Split(strings.TrimSuffix(filepath.Base(f), ".json"), ".")
		lang := parts[len(parts)-1]
		msgs, err := readCatalog(f)
		if err != nil {
			return nil, err
		}
		if out[lang] == nil {
			out[lang] = map[string]message{}
		}
		for id, m := range msgs {
			out[lang][id] = m
		}
	}
	return out, nil
}

func readCatalog(path string) (map[string]message, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read catalog: %w", err)
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		return nil, fmt.Errorf("catalog %s: %w", path, err)
	}
	out := map[string]message{}
	for id, r := range raw {
		var s string
		if json.Unmarshal(r, &s) == nil {
			out[id] = message{"other": s}
			continue
		}
		var m message
		if err := json.Unmarshal(r, &m); err != nil {
			return nil, fmt.Errorf("catalog %s: %q is neither a string nor plural forms: %w", path, id, err)
		}
		out[id] = m
	}
	return out, nil
}

// chooseLanguages turns the command line's tags into catalog tags (pt_BR
// is pt-BR), or lists every language with a catalog but English.
func chooseLanguages(args []string, cats catalogs) ([]string, error) {
	var out []string
	for _, a := range args {
		t, err := language.Parse(strings.ReplaceAll(a, "_", "-"))
		if err != nil {
			return nil, fmt.Errorf("%q is not a language tag (de, pt-BR, zh-Hans): %w", a, err)
		}
		out = append(out, catalogTag(t, cats))
	}
	if len(args) > 0 {
		return out, nil
	}
	for lang := range cats {
		if lang != "en" {
			out = append(out, lang)
		}
	}
	sort.Strings(out)
	return out, nil
}

// catalogTag is the tag of t's catalog: t itself when it has one or when
// its language has none (a new translation), else its language's
// (pl_PL is pl when there is a pl.json).
func catalogTag(t language.Tag, cats catalogs) string {
	if cats[t.String()] != nil {
		return t.String()
	}
	if base, _ := t.Base(); cats[base.String()] != nil {
		return base.String()
	}
	return t.String()
}
