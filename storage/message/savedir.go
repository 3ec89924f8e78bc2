package message

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// SaveDir creates attachment files in one folder, each under its safe
// name made unique with " (2)", " (3)" …, never outside the folder and
// never over a file that is there. It remembers the names it gave, so
// thousands of files of one name cost no more than thousands of names.
// It is for one goroutine.
type SaveDir struct {
	dir  string
	next map[string]int // the next number to try for a safe name
}

// NewSaveDir returns a SaveDir for dir.
func NewSaveDir(dir string) (*SaveDir, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("message: save folder %q: %w", dir, err)
	}
	return &SaveDir{dir: abs, next: map[string]int{}}, nil
}

// Create creates a new file for an attachment called name (see
// SafeFilename), open for writing, with only the user allowed to read it.
func (s *SaveDir) Create(name, contentType string, index int) (*os.File, error) {
	safe := SafeFilename(name, contentType, index)
	ext := filepath.Ext(safe)
	base := strings.TrimSuffix(safe, ext)
	for n := max(s.next[safe], 1); n < 1_000_000; n++ {
		candidate := safe
		if n > 1 {
			candidate = fmt.Sprintf("%s (%d)%s", base, n, ext)
		}
		p := filepath.Join(s.dir, candidate)
		if filepath.Dir(p) != s.dir {
			return nil, fmt.Errorf("message: save %q: %w", name, ErrOutsideFolder)
		}
		// O_EXCL: a file that appeared since is never written over.
		f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if errors.Is(err, os.ErrExist) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("message: save %q: %w", candidate, err)
		}
		s.next[safe] = n + 1
		return f, nil
	}
	return nil, fmt.Errorf("message: save %q in %q: too many files of that name", safe, s.dir)
}
