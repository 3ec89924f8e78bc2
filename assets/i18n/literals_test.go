package i18n

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"unicode"
)

// The literal check: a sentence or label a person reads in the window
// comes from the catalogs, never from a string literal in gui/. It reads
// gui's Go files (not its tests) and follows text to where Fyne shows it.
//
// Text positions are:
//   - every argument of widget.* and dialog.*, of fyne.NewMenu,
//     NewMenuItem and NewNotification, canvas.NewText and
//     container.NewTabItem*, and of the methods SetText, SetPlaceHolder,
//     SetTitle, SetSubTitle, SetOptions, SetConfirmText, SetDismissText
//     and NewWindow;
//   - the fields Text, Title, Content, Label, PlaceHolder, HintText,
//     Subtitle, SubTitle and Options, in a literal of a Fyne type or
//     assigned to;
//   - what reaches those through gui's own code: a parameter of a gui
//     function passed on to a text position makes that function's
//     argument a text position (showInfo, askYesNo, newKeyButton), a
//     field of gui's own struct used there makes that field's values
//     text (a table of labels), a gui function called there makes what
//     it returns text, and a variable used there makes what is assigned
//     to it text.
//
// Within a text position, text is followed through +, parentheses,
// composite literals ([]string{...}) and the functions of fmt (Sprint*)
// and strings, but not into i18n.T and i18n.N nor any other call.
//
// A string literal found there is a finding when it still has a letter
// after its fmt verbs (%s, %d) are taken out, and is no id of the English
// catalogs. Names that stay as they are (Tern, IMAP, Ctrl+P) go into
// literalExceptions with the reason.

// literalExceptions are literals gui may show as they are: literal →
// why it needs no translation.
var literalExceptions = map[string]string{
	"Tern":     "the app's name",
	"IMAP":     "a protocol's name, the same in every language",
	"POP3":     "a protocol's name, the same in every language",
	"SSL/TLS":  "the name of a kind of encryption, as servers' settings pages write it",
	"STARTTLS": "the name of a kind of encryption, as servers' settings pages write it",
	"imap.":    "the start of a server's host name",
	"smtp.":    "the start of a server's host name",
	"pop.":     "the start of a server's host name",
	"https://myaccount.google.com/apppasswords": "a web address, shown as a link",
	"Compact": "the stored value of the list density; the label shown is view.density.compact",
	// Keys as the keyboard help names them: the names printed on
	// keyboards, which Fyne's menus show in the same form.
	"Ctrl+Enter": "key names", "Escape": "key names", "Up, Down": "key names",
	"F6, Shift+F6": "key names", "Ctrl+1 … Ctrl+9": "key names", "F10, Alt": "key names",
	"Backspace": "key names", "Shift+Delete": "key names", "Ctrl+Z": "key names",
	"Ctrl+A": "key names", "Ctrl-click, Shift-click": "key names", "Ctrl+=": "key names",
	"Ctrl+": "key names", "Cmd+": "key names",
}

var (
	fyneCalls = map[string]map[string]bool{
		"fyne.io/fyne/v2":           {"NewMenu": true, "NewMenuItem": true, "NewMenuItemWithIcon": true, "NewNotification": true},
		"fyne.io/fyne/v2/canvas":    {"NewText": true},
		"fyne.io/fyne/v2/container": {"NewTabItem": true, "NewTabItemWithIcon": true},
	}
	// fyneEverything: every function of these packages takes text.
	fyneEverything = map[string]bool{"fyne.io/fyne/v2/widget": true, "fyne.io/fyne/v2/dialog": true}
	textMethods    = map[string]bool{
		"SetText": true, "SetPlaceHolder": true, "SetTitle": true, "SetSubTitle": true,
		"SetOptions": true, "SetConfirmText": true, "SetDismissText": true, "NewWindow": true,
	}
	textFields = map[string]bool{
		"Text": true, "Title": true, "Content": true, "Label": true, "PlaceHolder": true,
		"HintText": true, "Subtitle": true, "SubTitle": true, "Options": true,
	}
	fmtVerb      = regexp.MustCompile(`%[-+# 0]*[0-9*]*(\.[0-9*]*)?(\[[0-9]+\])?[a-zA-Z%]`)
	majorVersion = regexp.MustCompile(`^v[0-9]+$`)
)

// literalFinding is a string literal shown as it is.
type literalFinding struct {
	pos  token.Position
	text string
}

// literalCheck holds what the check has learnt of a package's code.
type literalCheck struct {
	fset    *token.FileSet
	files   []*ast.File
	ids     map[string]bool
	imports map[*ast.File]map[string]string // local name → import path
	funcs   map[string]bool                 // the package's functions and methods, by name
	structs map[string][]string             // its struct types → their fields, in order
	globals map[*ast.ValueSpec]bool         // its package-level variables and constants

	params  map[string]map[int]bool // function → its parameters that are text
	returns map[string]bool         // functions whose results are text
	fields  map[string]bool         // struct fields whose values are text
	names   map[string]bool         // variables and constants whose values are text (see nameKey)
	changed bool

	found map[token.Pos]literalFinding
}

// checkLiterals parses the package in dir (without its tests) and
// returns its findings, in order of file and line.
func checkLiterals(t *testing.T, dir string, ids map[string]bool) []literalFinding {
	t.Helper()
	c := &literalCheck{
		fset: token.NewFileSet(), ids: ids, imports: map[*ast.File]map[string]string{},
		funcs: map[string]bool{}, structs: map[string][]string{}, globals: map[*ast.ValueSpec]bool{},
		params: map[string]map[int]bool{}, returns: map[string]bool{}, fields: map[string]bool{},
		names: map[string]bool{}, found: map[token.Pos]literalFinding{},
	}
	paths, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no Go files in %s: %v", dir, err)
	}
	for _, p := range paths {
		if strings.HasSuffix(p, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(c.fset, p, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		c.learn(f)
	}
	for c.changed = true; c.changed; {
		c.changed = false
		for _, f := range c.files {
			c.walkFile(f)
		}
	}
	out := make([]literalFinding, 0, len(c.found))
	for _, f := range c.found {
		out = append(out, f)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].pos.Filename != out[j].pos.Filename {
			return out[i].pos.Filename < out[j].pos.Filename
		}
		return out[i].pos.Offset < out[j].pos.Offset
	})
	return out
}

// learn records a file's imports, functions and struct types.
func (c *literalCheck) learn(f *ast.File) {
	c.files = append(c.files, f)
	imp := map[string]string{}
	for _, s := range f.Imports {
		p, _ := strconv.Unquote(s.Path.Value)
		name := path.Base(p)
		if majorVersion.MatchString(name) {
			name = path.Base(path.Dir(p))
		}
		if s.Name != nil {
			name = s.Name.Name
		}
		imp[name] = p
	}
	c.imports[f] = imp
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			c.funcs[d.Name.Name] = true
		case *ast.GenDecl:
			for _, s := range d.Specs {
				switch s := s.(type) {
				case *ast.TypeSpec:
					if st, ok := s.Type.(*ast.StructType); ok {
						c.structs[s.Name.Name] = fieldNames(st)
					}
				case *ast.ValueSpec:
					c.globals[s] = true
				}
			}
		}
	}
}

func fieldNames(st *ast.StructType) []string {
	var out []string
	for _, f := range st.Fields.List {
		if len(f.Names) == 0 {
			out = append(out, "") // embedded
		}
		for _, n := range f.Names {
			out = append(out, n.Name)
		}
	}
	return out
}

// scope is where text is being followed: a function, or package level.
type scope struct {
	file   *ast.File
	fn     string         // "" at package level
	params map[string]int // parameter → its index
}

func (c *literalCheck) walkFile(f *ast.File) {
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			if d.Body != nil {
				c.walk(d.Body, scope{file: f, fn: d.Name.Name, params: paramIndexes(d.Type)})
			}
		case *ast.GenDecl:
			c.walk(d, scope{file: f})
		}
	}
}

func paramIndexes(ft *ast.FuncType) map[string]int {
	out := map[string]int{}
	i := 0
	for _, p := range ft.Params.List {
		if len(p.Names) == 0 {
			i++
		}
		for _, n := range p.Names {
			out[n.Name] = i
			i++
		}
	}
	return out
}

// walk finds the text positions in n.
func (c *literalCheck) walk(n ast.Node, s scope) {
	ast.Inspect(n, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.CallExpr:
			c.call(n, s)
		case *ast.AssignStmt:
			if len(n.Lhs) == len(n.Rhs) {
				for i, l := range n.Lhs {
					if c.textTarget(l) {
						c.text(n.Rhs[i], s)
					}
				}
			}
		case *ast.ValueSpec:
			for i, name := range n.Names {
				if c.names[c.nameKey(name)] && i < len(n.Values) {
					c.text(n.Values[i], s)
				}
			}
		case *ast.ReturnStmt:
			if s.fn != "" && c.returns[s.fn] {
				for _, r := range n.Results {
					c.text(r, s)
				}
			}
		case *ast.CompositeLit:
			c.composite(n, "", s)
		}
		return true
	})
}

// textTarget: is what is assigned to e text?
func (c *literalCheck) textTarget(e ast.Expr) bool {
	switch e := e.(type) {
	case *ast.SelectorExpr:
		return textFields[e.Sel.Name] || c.fields[e.Sel.Name]
	case *ast.Ident:
		return c.names[c.nameKey(e)]
	}
	return false
}

// nameKey tells variables and constants apart: a package-level one by
// its name (it may be used in another file, where the parser does not
// resolve it), a local one by its declaration. It is "" for what is
// neither (a function, a type, nil).
func (c *literalCheck) nameKey(id *ast.Ident) string {
	if id.Obj == nil {
		if id.Name == "nil" || id.Name == "true" || id.Name == "false" {
			return ""
		}
		return "package " + id.Name
	}
	if id.Obj.Kind != ast.Var && id.Obj.Kind != ast.Con {
		return ""
	}
	if vs, ok := id.Obj.Decl.(*ast.ValueSpec); ok && c.globals[vs] {
		return "package " + id.Name
	}
	return fmt.Sprintf("%s %p", id.Name, id.Obj)
}

// call marks the text arguments of a call.
func (c *literalCheck) call(n *ast.CallExpr, s scope) {
	all, which := c.textArgs(n, s)
	for i, a := range n.Args {
		if all || which[i] {
			c.text(a, s)
		}
	}
}

// textArgs tells which arguments of a call are text: all of them, or
// those in which.
func (c *literalCheck) textArgs(n *ast.CallExpr, s scope) (all bool, which map[int]bool) {
	switch fn := n.Fun.(type) {
	case *ast.Ident:
		return false, c.params[fn.Name]
	case *ast.SelectorExpr:
		if x, ok := fn.X.(*ast.Ident); ok {
			if p, ok := c.imports[s.file][x.Name]; ok {
				return fyneEverything[p] || fyneCalls[p][fn.Sel.Name], nil
			}
		}
		if textMethods[fn.Sel.Name] {
			return true, nil
		}
		return false, c.params[fn.Sel.Name]
	}
	return false, nil
}

// text follows the text position e to its literals, and learns what
// reaches it.
func (c *literalCheck) text(e ast.Expr, s scope) {
	switch e := e.(type) {
	case *ast.BasicLit:
		c.literal(e)
	case *ast.BinaryExpr:
		if e.Op == token.ADD {
			c.text(e.X, s)
			c.text(e.Y, s)
		}
	case *ast.ParenExpr:
		c.text(e.X, s)
	case *ast.CompositeLit:
		for _, el := range e.Elts {
			if kv, ok := el.(*ast.KeyValueExpr); ok {
				el = kv.Value
			}
			c.text(el, s)
		}
	case *ast.Ident:
		if i, ok := s.params[e.Name]; ok {
			c.learnParam(s.fn, i)
		} else {
			c.learnName(c.nameKey(e))
		}
	case *ast.SelectorExpr:
		if x, ok := e.X.(*ast.Ident); !ok || c.imports[s.file][x.Name] == "" {
			c.learnField(e.Sel.Name)
		}
	case *ast.CallExpr:
		c.textCall(e, s)
	}
}

// textCall follows text through fmt.Sprint* and strings.*, and learns
// that a gui function's results are text.
func (c *literalCheck) textCall(e *ast.CallExpr, s scope) {
	switch fn := e.Fun.(type) {
	case *ast.Ident:
		c.learnReturns(fn.Name)
	case *ast.SelectorExpr:
		x, ok := fn.X.(*ast.Ident)
		p := ""
		if ok {
			p = c.imports[s.file][x.Name]
		}
		switch {
		case p == "fmt" && strings.HasPrefix(fn.Sel.Name, "Sprint"), p == "strings":
			for _, a := range e.Args {
				c.text(a, s)
			}
		case p == "":
			c.learnReturns(fn.Sel.Name)
		}
	}
}

// composite marks the text fields of a composite literal whose type is
// a Fyne type or a struct of the package (typ, when the literal leaves
// its type out inside a slice or map of them).
func (c *literalCheck) composite(n *ast.CompositeLit, typ string, s scope) {
	fyneType := false
	switch t := n.Type.(type) {
	case *ast.Ident:
		typ = t.Name
	case *ast.SelectorExpr:
		if x, ok := t.X.(*ast.Ident); ok && strings.HasPrefix(c.imports[s.file][x.Name], "fyne.io/") {
			fyneType = true
		}
	case *ast.ArrayType:
		c.elements(n, elemType(t.Elt), s)
		return
	case *ast.MapType:
		c.elements(n, elemType(t.Value), s)
		return
	}
	fields := c.structs[typ]
	for i, el := range n.Elts {
		name := ""
		if kv, ok := el.(*ast.KeyValueExpr); ok {
			if k, ok := kv.Key.(*ast.Ident); ok {
				name = k.Name
			}
			el = kv.Value
		} else if !fyneType && i < len(fields) {
			name = fields[i]
		}
		if fyneType && textFields[name] || !fyneType && name != "" && c.fields[name] {
			c.text(el, s)
		}
	}
}

// elements handles the literals of a slice or map whose elements leave
// their type (elem) out.
func (c *literalCheck) elements(n *ast.CompositeLit, elem string, s scope) {
	if elem == "" {
		return
	}
	for _, el := range n.Elts {
		if kv, ok := el.(*ast.KeyValueExpr); ok {
			el = kv.Value
		}
		if u, ok := el.(*ast.UnaryExpr); ok {
			el = u.X
		}
		if lit, ok := el.(*ast.CompositeLit); ok && lit.Type == nil {
			c.composite(lit, elem, s)
		}
	}
}

func elemType(e ast.Expr) string {
	if st, ok := e.(*ast.StarExpr); ok {
		e = st.X
	}
	if id, ok := e.(*ast.Ident); ok {
		return id.Name
	}
	return ""
}

func (c *literalCheck) learnParam(fn string, i int) {
	if fn == "" || c.params[fn][i] {
		return
	}
	if c.params[fn] == nil {
		c.params[fn] = map[int]bool{}
	}
	c.params[fn][i], c.changed = true, true
}

func (c *literalCheck) learnReturns(fn string) {
	if c.funcs[fn] && !c.returns[fn] {
		c.returns[fn], c.changed = true, true
	}
}

func (c *literalCheck) learnField(f string) {
	if !c.fields[f] && !textFields[f] {
		c.fields[f], c.changed = true, true
	}
}

func (c *literalCheck) learnName(n string) {
	if n != "" && !c.names[n] {
		c.names[n], c.changed = true, true
	}
}

// literal records a string literal that reads as words.
func (c *literalCheck) literal(l *ast.BasicLit) {
	if l.Kind != token.STRING {
		return
	}
	s, err := strconv.Unquote(l.Value)
	if err != nil || c.ids[s] || literalExceptions[s] != "" {
		return
	}
	if strings.IndexFunc(fmtVerb.ReplaceAllString(s, ""), unicode.IsLetter) < 0 {
		return
	}
	c.found[l.Pos()] = literalFinding{pos: c.fset.Position(l.Pos()), text: s}
}

// englishIDs are the ids of the English catalogs.
func englishIDs(t *testing.T) map[string]bool {
	ids := map[string]bool{}
	for id := range loadCatalogs(t)["en"] {
		ids[id] = true
	}
	return ids
}

// TestLiteralCheckRule runs the check on a small package made for it
// (testdata/literals), where each line that shows a literal as it is
// says so with a comment "// shown".
func TestLiteralCheckRule(t *testing.T) {
	dir := filepath.Join("testdata", "literals")
	got := map[string]string{}
	for _, f := range checkLiterals(t, dir, englishIDs(t)) {
		got[fmt.Sprintf("%s:%d", filepath.Base(f.pos.Filename), f.pos.Line)] += fmt.Sprintf("%q ", f.text)
	}
	want := map[string]bool{}
	fset := token.NewFileSet()
	pkgs, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range pkgs {
		f, err := parser.ParseFile(fset, p, nil, parser.ParseComments)
		if err != nil {
			t.Fatal(err)
		}
		for _, cg := range f.Comments {
			for _, cm := range cg.List {
				if cm.Text == "// shown" {
					want[fmt.Sprintf("%s:%d", filepath.Base(p), fset.Position(cm.Pos()).Line)] = true
				}
			}
		}
	}
	for at, lits := range got {
		if !want[at] {
			t.Errorf("%s: %sflagged, but the line is not marked shown", at, lits)
		}
	}
	for at := range want {
		if got[at] == "" {
			t.Errorf("%s: marked shown, but nothing flagged", at)
		}
	}
}

// TestNoLiteralSentencesInGUI: every sentence and label the window
// shows comes from the catalogs. (It fails until the window's sentences
// have all moved into the catalogs.)
func TestNoLiteralSentencesInGUI(t *testing.T) {
	found := checkLiterals(t, filepath.Join("..", "..", "gui"), englishIDs(t))
	for _, f := range found {
		t.Errorf("%s: %q is shown as it is: make it a catalog message (i18n.T)", f.pos, f.text)
	}
	if len(found) > 0 {
		t.Logf("%d literals shown as they are", len(found))
	}
}
