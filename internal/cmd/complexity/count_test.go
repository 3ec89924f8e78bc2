package main

import (
	"bytes"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// parseFuncs parses src as a file of package p and returns its functions.
func parseFuncs(t *testing.T, src string) []Func {
	t.Helper()
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "snippet.go", "package p\n"+src, 0)
	if err != nil {
		t.Fatalf("parse %q: %v", src, err)
	}
	return File(fset, f)
}

// TestComplexityCountsEachBranchPoint checks each construct on its own, so
// that a counter which forgets one of them fails here.
func TestComplexityCountsEachBranchPoint(t *testing.T) {
	cases := []struct {
		name string
		src  string
		want int
	}{
		{"straight line", `func f() { a := 1; _ = a }`, 1},
		{"if", `func f(x int) { if x > 0 { x++ } }`, 2},
		{"if else if else", `func f(x int) { if x > 0 { x++ } else if x < 0 { x-- } else { x = 1 } }`, 3},
		{"for", `func f() { for i := 0; i < 3; i++ {} }`, 2},
		{"bare for", `func f() { for { break } }`, 2},
		{"range", `func f(s []int) { for range s {} }`, 2},
		{"switch cases, default free", `func f(x int) { switch x { case 1: case 2, 3: default: } }`, 3},
		{"type switch", `func f(x any) { switch x.(type) { case int: case string: default: } }`, 3},
		{"select", `func f(a, b chan int) { select { case <-a: case b <- 1: default: } }`, 3},
		{"and", `func f(a, b bool) bool { return a && b }`, 2},
		{"or", `func f(a, b bool) bool { return a || b }`, 2},
		{"other operators", `func f(a, b int) bool { return a+b > 0 == (a&b != 0) }`, 1},
		{"conditions chained", `func f(a, b, c bool) { if a && b || c {} }`, 4},
		{"closure counts towards its holder", `func f(s []int) { g := func() { for range s { if true {} } }; g() }`, 3},
		{"goto and labels add nothing", `func f() { L: goto L }`, 1},
	}
	for _, c := range cases {
		funcs := parseFuncs(t, c.src)
		if len(funcs) != 1 {
			t.Fatalf("%s: %d functions, want 1", c.name, len(funcs))
		}
		if got := funcs[0].Complexity; got != c.want {
			t.Errorf("%s: complexity %d, want %d\n%s", c.name, got, c.want, c.src)
		}
	}
}

// TestFileNamesFunctionsAndMethods checks the names, positions and line
// counts of what a file declares, and that bodiless declarations are left
// out.
func TestFileNamesFunctionsAndMethods(t *testing.T) {
	// Line 1 is the package clause parseFuncs adds.
	src := `type T struct{}
type G[K any] struct{}

func plain() {}

func (T) value() {}

func (t *T) pointer() {
	if t == nil {
		return
	}
}

func (g *G[K]) generic() {}

func external()
`
	funcs := parseFuncs(t, src)
	var names []string
	for _, f := range funcs {
		names = append(names, f.Name)
	}
	want := "plain T.value (*T).pointer (*G).generic"
	if got := strings.Join(names, " "); got != want {
		t.Fatalf("names %q, want %q", got, want)
	}
	p := funcs[2]
	if p.Pos.Line != 9 || p.Lines != 5 || p.Complexity != 2 {
		t.Errorf("(*T).pointer: line %d, %d lines, complexity %d; want line 9, 5 lines, complexity 2",
			p.Pos.Line, p.Lines, p.Complexity)
	}
}

// TestOverSortsMostComplexFirst checks the threshold is exclusive and the
// order of the listing.
func TestOverSortsMostComplexFirst(t *testing.T) {
	funcs := []Func{
		{Name: "a", Complexity: 20},
		{Name: "b", Complexity: 21, Pos: token.Position{Filename: "z.go", Line: 1}},
		{Name: "c", Complexity: 30},
		{Name: "d", Complexity: 21, Pos: token.Position{Filename: "a.go", Line: 9}},
		{Name: "e", Complexity: 21, Pos: token.Position{Filename: "a.go", Line: 2}},
	}
	var names []string
	for _, f := range Over(funcs, 20) {
		names = append(names, f.Name)
	}
	if got := strings.Join(names, " "); got != "c e d b" {
		t.Errorf("over 20: %q, want %q", got, "c e d b")
	}
}

// writeFile writes content to dir/rel, creating its directories.
func writeFile(t *testing.T, dir, rel, content string) {
	t.Helper()
	path := filepath.Join(dir, rel)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// branchy is a function named name with complexity n+1.
func branchy(name string, n int) string {
	return "func " + name + "(x int) {\n" + strings.Repeat("\tif x > 0 {\n\t}\n", n) + "}\n"
}

// TestRunFailsListingEveryOffender runs the command over a module tree
// that holds offenders in places it must read and in places it must skip.
func TestRunFailsListingEveryOffender(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "go.mod", "module example.com/m\n")
	writeFile(t, dir, "a.go", "package m\n"+branchy("simple", 3)+branchy("tooBig", 21))
	writeFile(t, dir, "sub/b.go", "package sub\n"+branchy("alsoTooBig", 25)+branchy("justRight", 19))
	writeFile(t, dir, "sub/b_test.go", "package sub\n"+branchy("testIsSkipped", 40))
	writeFile(t, dir, "testdata/c.go", "package c\n"+branchy("testdataIsSkipped", 40))
	writeFile(t, dir, ".git/d.go", "package d\n"+branchy("gitIsSkipped", 40))
	writeFile(t, dir, "notes.txt", branchy("notGo", 40))

	var stdout, stderr bytes.Buffer
	status := run([]string{"-over", "20", dir}, &stdout, &stderr)
	if status != 1 {
		t.Fatalf("status %d, want 1; stderr: %s", status, stderr.String())
	}
	lines := strings.Split(strings.TrimSpace(stdout.String()), "\n")
	if len(lines) != 2 {
		t.Fatalf("listed %d functions, want 2:\n%s", len(lines), stdout.String())
	}
	wantFirst := "26\t52\t" + filepath.Join(dir, "sub", "b.go") + ":2\talsoTooBig"
	if lines[0] != wantFirst {
		t.Errorf("first line %q, want %q", lines[0], wantFirst)
	}
	if !strings.HasPrefix(lines[1], "22\t") || !strings.HasSuffix(lines[1], "\ttooBig") {
		t.Errorf("second line %q, want tooBig at 22", lines[1])
	}

	stdout.Reset()
	if status := run([]string{"-over", "25", dir}, &stdout, &stderr); status != 1 || !strings.HasSuffix(strings.TrimSpace(stdout.String()), "alsoTooBig") {
		t.Errorf("over 25: status %d, output %q; want 1 and alsoTooBig alone", status, stdout.String())
	}
	stdout.Reset()
	if status := run([]string{"-over", "26", dir}, &stdout, &stderr); status != 0 || stdout.Len() != 0 {
		t.Errorf("over 26: status %d, output %q; want 0 and nothing", status, stdout.String())
	}
}

// TestRunReportsFilesThatDoNotParse checks a broken file is an error, not
// a pass.
func TestRunReportsFilesThatDoNotParse(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "broken.go", "package m\nfunc (\n")
	var stdout, stderr bytes.Buffer
	if status := run([]string{dir}, &stdout, &stderr); status != 2 {
		t.Errorf("status %d, want 2", status)
	}
	if !strings.Contains(stderr.String(), "broken.go") {
		t.Errorf("stderr %q does not name the file", stderr.String())
	}
}
