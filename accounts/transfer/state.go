package transfer

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// stateFile keeps where imports stopped, by account, target folder and
// source, in a small JSON file of the profile: an import run again after
// an interruption goes on from there. It is written whole after each
// batch (to a temporary file, then renamed, so a crash leaves the old or
// the new one). A source done to its end has no entry: importing it again
// reads it all, and the duplicate check adds nothing.
type stateFile struct {
	path  string
	marks map[string]mark
}

// loadState reads the state file at path ("" keeps no state). A file
// that cannot be read is started afresh: the duplicate check keeps a
// rerun from adding anything twice.
func loadState(path string) *stateFile {
	s := &stateFile{path: path, marks: map[string]mark{}}
	if path == "" {
		return s
	}
	if data, err := os.ReadFile(path); err == nil {
		if json.Unmarshal(data, &s.marks) != nil {
			s.marks = map[string]mark{}
		}
	}
	return s
}

func (s *stateFile) get(key string) mark { return s.marks[key] }

// set records m for key and writes the file.
func (s *stateFile) set(key string, m mark) error {
	s.marks[key] = m
	return s.save()
}

// clear forgets key and writes the file (removing it when empty).
func (s *stateFile) clear(key string) error {
	if _, ok := s.marks[key]; !ok {
		return nil
	}
	delete(s.marks, key)
	return s.save()
}

func (s *stateFile) save() error {
	if s.path == "" {
		return nil
	}
	if len(s.marks) == 0 {
		if err := os.Remove(s.path); err != nil && !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("transfer: %w", err)
		}
		return nil
	}
	data, err := json.MarshalIndent(s.marks, "", "  ")
	if err != nil {
		return fmt.Errorf("transfer: import progress: %w", err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(s.path), ".import-progress-*")
	if err != nil {
		return fmt.Errorf("transfer: import progress: %w", err)
	}
	_, werr := tmp.Write(data)
	cerr := tmp.Close()
	if err := errors.Join(werr, cerr); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("transfer: import progress: %w", err)
	}
	if err := os.Rename(tmp.Name(), s.path); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("transfer: import progress: %w", err)
	}
	return nil
}
