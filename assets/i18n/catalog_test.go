package i18n

import (
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"
)

// message is one catalog entry: a plain string, or plural forms by CLDR
// category.
type message map[string]string

func loadCatalogs(t *testing.T) map[string]map[string]message {
	t.Helper()
	files, err := fs.Glob(catalogs, "*.json")
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]map[string]message{}
	for _, f := range files {
		data, err := catalogs.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var raw map[string]json.RawMessage
		if err := json.Unmarshal(data, &raw); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		parts := strings.Split(f, ".")
		lang := parts[len(parts)-2]
		if out[lang] == nil {
			out[lang] = map[string]message{}
		}
		for id, r := range raw {
			var s string
			if json.Unmarshal(r, &s) == nil {
				out[lang][id] = message{"other": s}
				continue
			}
			var m message
			if err := json.Unmarshal(r, &m); err != nil {
				t.Fatalf("%s: %s: neither a string nor plural forms: %v", f, id, err)
			}
			out[lang][id] = m
		}
	}
	return out
}

// idCalls finds, in the module's Go files, the ids passed as literals to
// i18n.T and i18n.N (each must be in the English catalog) and every
// string literal (a catalog id that appears as no literal is unused).
func idCalls(t *testing.T) (called map[string]string, literals map[string]bool) {
	t.Helper()
	called, literals = map[string]string{}, map[string]bool{}
	root := filepath.Join("..", "..")
	fset := token.NewFileSet()
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (strings.HasPrefix(d.Name(), ".") && path != root || d.Name() == "testdata") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.BasicLit:
				if n.Kind == token.STRING {
					if s, err := strconv.Unquote(n.Value); err == nil {
						literals[s] = true
					}
				}
			case *ast.CallExpr:
				sel, ok := n.Fun.(*ast.SelectorExpr)
				if !ok || len(n.Args) == 0 {
					return true
				}
				if x, ok := sel.X.(*ast.Ident); !ok || x.Name != "i18n" || (sel.Sel.Name != "T" && sel.Sel.Name != "N") {
					return true
				}
				if lit, ok := n.Args[0].(*ast.BasicLit); ok && lit.Kind == token.STRING {
					s, _ := strconv.Unquote(lit.Value)
					called[s] = fset.Position(lit.Pos()).String()
				}
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return called, literals
}

// TestEveryIDUsedIsInEnglish: a T or N call naming an id the English
// catalog lacks would show the id itself to a person.
func TestEveryIDUsedIsInEnglish(t *testing.T) {
	en := loadCatalogs(t)["en"]
	called, _ := idCalls(t)
	for id, where := range called {
		if _, ok := en[id]; !ok {
			t.Errorf("%s: id %q is not in the English catalog", where, id)
		}
	}
}

// TestNoUnusedIDs: every id in the English catalog appears in the code
// as a string literal (in a T or N call, or in a table of ids).
func TestNoUnusedIDs(t *testing.T) {
	en := loadCatalogs(t)["en"]
	_, literals := idCalls(t)
	var unused []string
	for id := range en {
		if !literals[id] {
			unused = append(unused, id)
		}
	}
	sort.Strings(unused)
	for _, id := range unused {
		t.Errorf("id %q is in the catalog but no code uses it", id)
	}
}

var placeholder = regexp.MustCompile(`\{\{\s*\.([A-Za-z0-9_]+)\s*\}\}`)

// placeholders lists a message's placeholders. {{.Count}} is left out
// of plural messages (plural says whether the English one is): a language
// may spell the count out in one form ("jedna wiadomość"), and one with a
// single form (Japanese, Chinese: "other" only) looks like a plain string.
func placeholders(m message, plural bool) string {
	set := map[string]bool{}
	for _, s := range m {
		for _, p := range placeholder.FindAllStringSubmatch(s, -1) {
			set[p[1]] = true
		}
	}
	if plural {
		delete(set, "Count")
	}
	var out []string
	for p := range set {
		out = append(out, p)
	}
	sort.Strings(out)
	return strings.Join(out, ",")
}

// formNames are the CLDR plural categories as catalogs name them.
var formNames = map[plural.Form]string{
	plural.Zero: "zero", plural.One: "one", plural.Two: "two",
	plural.Few: "few", plural.Many: "many", plural.Other: "other",
}

// checkForms: a plural message has exactly the CLDR plural forms of its
// language: the form CLDR picks for every count from 0 to 1,000 (Polish:
// one, few, many), and "other", and a plain one stays plain.
func checkForms(t *testing.T, lang, id string, en, tr message) {
	t.Helper()
	if len(en) == 1 {
		if len(tr) != 1 {
			t.Errorf("%s: %q is plural, English is not", lang, id)
		}
		return
	}
	tag := language.Make(lang)
	for n := 0; n <= 1000; n++ {
		f := formNames[plural.Cardinal.MatchPlural(tag, n, 0, 0, 0, 0)]
		if tr[f] == "" {
			t.Errorf("%s: %q lacks the plural form %q (for %d)", lang, id, f, n)
			return
		}
	}
	if tr["other"] == "" {
		t.Errorf("%s: %q lacks the plural form \"other\"", lang, id)
	}
}

// TestCatalogsComplete: every language has every English id, no other
// ids, and the same placeholders as the English message.
func TestCatalogsComplete(t *testing.T) {
	all := loadCatalogs(t)
	en := all["en"]
	if len(en) == 0 {
		t.Fatal("no English catalog")
	}
	for lang, cat := range all {
		if lang == "en" {
			continue
		}
		for id, m := range en {
			tr, ok := cat[id]
			if !ok {
				t.Errorf("%s: missing %q", lang, id)
				continue
			}
			isPlural := len(m) > 1 || m["other"] == ""
			if a, b := placeholders(m, isPlural), placeholders(tr, isPlural); a != b {
				t.Errorf("%s: %q has placeholders [%s], English has [%s]", lang, id, b, a)
			}
			checkForms(t, lang, id, m, tr)
		}
		for id := range cat {
			if _, ok := en[id]; !ok {
				t.Errorf("%s: %q is not an English id", lang, id)
			}
		}
	}
}
