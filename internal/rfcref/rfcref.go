// Package rfcref finds the RFC citations in the module's comments, so that
// its test can check each names a section the RFC has. A rule is cited at
// the line that applies it, in one form: "RFC 5322 section 3.6.4".
package rfcref

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
)

// Citation is one "RFC NNNN section X.Y" in a comment.
type Citation struct {
	RFC     int
	Section string
	Pos     string // file:line where the comment starts
}

// Malformed is a comment that cites an RFC section in another form.
type Malformed struct {
	Text string
	Pos  string
}

// citation is the one form a citation takes.
var citation = regexp.MustCompile(`\bRFC (\d{3,5}) section (\d+(?:\.\d+)*)`)

// malformed are the other ways of citing a section: without the space,
// with a comma, capitalised or abbreviated, with a section sign, or with
// the section first.
var malformed = []*regexp.Regexp{
	regexp.MustCompile(`\bRFC\d{3,5}\s*,?\s*(?:[Ss]ection|[Ss]ect?\.)\s*\d`),
	regexp.MustCompile(`\bRFC \d{3,5}\s*,\s*(?:[Ss]ection|[Ss]ect?\.)\s*\d`),
	regexp.MustCompile(`\bRFC \d{3,5}\s+(?:Section|SECTION|[Ss]ect?\.)\s*\d`),
	regexp.MustCompile(`\bRFC \d{3,5}\s*\(\s*(?:[Ss]ection|[Ss]ect?\.)\s*\d`),
	regexp.MustCompile(`\b[Ss]ection \d+(?:\.\d+)* (?:of|in) RFC ?\d{3,5}`),
	regexp.MustCompile(`§\s*\d`),
}

// Find returns the citations in a comment's text, and the citations in
// another form. Line breaks count as spaces, so a citation may run over
// two lines of a comment.
func Find(text string) ([]Citation, []string) {
	flat := strings.Join(strings.Fields(text), " ")
	var cites []Citation
	for _, m := range citation.FindAllStringSubmatch(flat, -1) {
		n, _ := strconv.Atoi(m[1])
		cites = append(cites, Citation{RFC: n, Section: m[2]})
	}
	var bad []string
	for _, re := range malformed {
		bad = append(bad, re.FindAllString(flat, -1)...)
	}
	return cites, bad
}

// Walk finds the citations in the comments of every .go file under root,
// leaving out hidden folders, testdata and vendor.
func Walk(root string) ([]Citation, []Malformed, error) {
	var cites []Citation
	var bad []Malformed
	fset := token.NewFileSet()
	err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			name := d.Name()
			if path != root && (strings.HasPrefix(name, ".") || name == "testdata" || name == "vendor") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.ParseComments|parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		for _, g := range f.Comments {
			pos := fset.Position(g.Pos())
			where := filepath.ToSlash(rel(root, pos.Filename)) + ":" + strconv.Itoa(pos.Line)
			c, m := Find(g.Text())
			for i := range c {
				c[i].Pos = where
			}
			cites = append(cites, c...)
			for _, t := range m {
				bad = append(bad, Malformed{Text: t, Pos: where})
			}
		}
		return nil
	})
	return cites, bad, err
}

// rel returns path relative to root when it can.
func rel(root, path string) string {
	if r, err := filepath.Rel(root, path); err == nil {
		return r
	}
	return path
}
