package storage

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"sort"
	"testing"
)

// A profile folder may have any name: the database lands in it, and
// nowhere else, whatever characters mean something in a URI.
func TestOpenAnyPath(t *testing.T) {
	for _, name := range []string{"Mail #2", "what?now", "100% mail", "a b  c", "%23x", "q?_pragma=x#y"} {
		t.Run(name, func(t *testing.T) {
			base := t.TempDir()
			dir := filepath.Join(base, name)
			path := filepath.Join(dir, FileName)
			s, err := Open(path)
			if err != nil {
				t.Fatalf("Open(%q): %v", path, err)
			}
			if _, err := s.Folders(context.Background(), "nobody"); err != nil {
				t.Fatalf("query: %v", err)
			}
			s.Close()
			fi, err := os.Stat(path)
			if err != nil {
				t.Fatalf("no database at %q: %v", path, err)
			}
			if m := fi.Mode().Perm(); m&0o077 != 0 {
				t.Errorf("database mode %v, want private", m)
			}
			top, _ := os.ReadDir(base)
			var got []string
			for _, e := range top {
				got = append(got, e.Name())
			}
			sort.Strings(got)
			if len(got) != 1 || got[0] != name {
				t.Errorf("files beside the profile: %q", got)
			}
		})
	}
}

func TestCheckLocationRefusesAnotherFile(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(filepath.Join(dir, "real", FileName))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := checkLocation(s.db, filepath.Join(dir, "real", FileName)); err != nil {
		t.Errorf("the right file: %v", err)
	}
	other := filepath.Join(dir, "other.db")
	os.WriteFile(other, nil, 0o600)
	if err := checkLocation(s.db, other); !errors.Is(err, ErrMisplaced) {
		t.Errorf("another file: err = %v, want ErrMisplaced", err)
	}
}
