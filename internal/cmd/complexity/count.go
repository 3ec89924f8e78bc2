package main

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"sort"
	"strings"
)

// Func is one function or method and its cyclomatic complexity.
type Func struct {
	Name       string         // "name", "T.name" or "(*T).name"
	Pos        token.Position // where its declaration starts
	Lines      int            // how many lines it spans
	Complexity int
}

// String formats f as "complexity lines file:line name".
func (f Func) String() string {
	return fmt.Sprintf("%d\t%d\t%s:%d\t%s", f.Complexity, f.Lines, f.Pos.Filename, f.Pos.Line, f.Name)
}

// Complexity is the cyclomatic complexity of the function body n: 1, plus
// one for every branch point inside it, function literals included.
func Complexity(n ast.Node) int {
	c := 1
	ast.Inspect(n, func(n ast.Node) bool {
		c += branches(n)
		return true
	})
	return c
}

// branches is how many paths the node n adds: one for an if, a loop, a
// case or select clause other than default, a && or a ||.
func branches(n ast.Node) int {
	switch n := n.(type) {
	case *ast.IfStmt, *ast.ForStmt, *ast.RangeStmt:
		return 1
	case *ast.CaseClause:
		if n.List != nil {
			return 1
		}
	case *ast.CommClause:
		if n.Comm != nil {
			return 1
		}
	case *ast.BinaryExpr:
		if n.Op == token.LAND || n.Op == token.LOR {
			return 1
		}
	}
	return 0
}

// File lists the functions with a body that the parsed file f declares.
func File(fset *token.FileSet, f *ast.File) []Func {
	var funcs []Func
	for _, d := range f.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || fd.Body == nil {
			continue
		}
		start, end := fset.Position(fd.Pos()), fset.Position(fd.End())
		funcs = append(funcs, Func{
			Name:       funcName(fd),
			Pos:        start,
			Lines:      end.Line - start.Line + 1,
			Complexity: Complexity(fd.Body),
		})
	}
	return funcs
}

// funcName names fd as gocyclo does: "name" for a function, "T.name" or
// "(*T).name" for a method.
func funcName(fd *ast.FuncDecl) string {
	if fd.Recv == nil || len(fd.Recv.List) == 0 {
		return fd.Name.Name
	}
	return recvName(fd.Recv.List[0].Type) + "." + fd.Name.Name
}

// recvName names a receiver type: "T", "(*T)", generic parameters left out.
func recvName(t ast.Expr) string {
	switch t := t.(type) {
	case *ast.StarExpr:
		return "(*" + recvName(t.X) + ")"
	case *ast.IndexExpr:
		return recvName(t.X)
	case *ast.IndexListExpr:
		return recvName(t.X)
	case *ast.ParenExpr:
		return recvName(t.X)
	case *ast.Ident:
		return t.Name
	}
	return "?"
}

// Dir lists the functions of every non-test .go file under root. It skips
// what the go tool skips: testdata and directories named ".*" or "_*"
// (.git among them).
func Dir(root string) ([]Func, error) {
	fset := token.NewFileSet()
	var funcs []Func
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if path != root && skipDir(d.Name()) {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			return fmt.Errorf("parse: %w", err)
		}
		funcs = append(funcs, File(fset, f)...)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("walk %s: %w", root, err)
	}
	return funcs, nil
}

// skipDir tells whether the go tool leaves out a directory so named.
func skipDir(name string) bool {
	return name == "testdata" || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_")
}

// Over lists the functions of funcs whose complexity is over limit, most
// complex first, then by position.
func Over(funcs []Func, limit int) []Func {
	var over []Func
	for _, f := range funcs {
		if f.Complexity > limit {
			over = append(over, f)
		}
	}
	sort.SliceStable(over, func(i, j int) bool {
		if over[i].Complexity != over[j].Complexity {
			return over[i].Complexity > over[j].Complexity
		}
		if over[i].Pos.Filename != over[j].Pos.Filename {
			return over[i].Pos.Filename < over[j].Pos.Filename
		}
		return over[i].Pos.Line < over[j].Pos.Line
	})
	return over
}
