package message

import (
	goparser "go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// The package stays the leaf every part of Tern can use: it imports
// nothing of Tern's but the catalogs (assets/i18n, a leaf too), for the
// words a person reads. Its tests may use the test helpers of internal/.
func TestImportsNothingOfTerns(t *testing.T) {
	const catalogs = "github.com/tern-mail/tern/assets/i18n"
	files, err := filepath.Glob("*.go")
	if err != nil || len(files) == 0 {
		t.Fatalf("no source files: %v", err)
	}
	fset := token.NewFileSet()
	for _, f := range files {
		ast, err := goparser.ParseFile(fset, f, nil, goparser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range ast.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			helper := strings.HasSuffix(f, "_test.go") && strings.HasPrefix(path, "github.com/tern-mail/tern/internal/")
			if strings.HasPrefix(path, "github.com/tern-mail/tern") && !helper && path != catalogs {
				t.Errorf("%s imports %s", f, path)
			}
		}
	}
}
