package storage

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"

	"modernc.org/sqlite"
)

// Trouble is a problem of the computer's, not of any server's, that stops
// Tern from keeping mail: a fact the window and the command line put into
// words, with the way out.
type Trouble string

// The kinds of trouble.
const (
	// TroubleNone: the last write worked.
	TroubleNone Trouble = ""
	// TroubleDiskFull: the disk holding the profile is full.
	TroubleDiskFull Trouble = "disk-full"
	// TroubleReadOnly: the profile cannot be written (a read-only disk,
	// or files Tern may not write).
	TroubleReadOnly Trouble = "read-only"
	// TroubleMissing: the profile's folder is gone (a removed disk, a
	// folder deleted while Tern runs).
	TroubleMissing Trouble = "profile-missing"
)

// SQLite's primary result codes that tell of trouble
// (https://sqlite.org/rescode.html).
const (
	sqliteReadOnly = 8
	sqliteIOErr    = 10
	sqliteFull     = 13
	sqliteCantOpen = 14
)

// TroubleOf says what trouble err shows, for a profile in dir: SQLite's
// SQLITE_FULL or ENOSPC is a full disk; SQLITE_READONLY, EROFS or EACCES
// a profile that cannot be written; an error while dir is gone a missing
// profile. Anything else is no trouble of the computer's.
func TroubleOf(err error, dir string) Trouble {
	if err == nil {
		return TroubleNone
	}
	if _, serr := os.Stat(dir); errors.Is(serr, fs.ErrNotExist) {
		return TroubleMissing
	}
	var se *sqlite.Error
	code := 0
	if errors.As(err, &se) {
		code = se.Code() & 0xff
	}
	switch {
	case code == sqliteFull || errors.Is(err, syscall.ENOSPC):
		return TroubleDiskFull
	case code == sqliteReadOnly || errors.Is(err, syscall.EROFS) || errors.Is(err, syscall.EACCES):
		return TroubleReadOnly
	case code == sqliteCantOpen || code == sqliteIOErr:
		return TroubleOfDir(dir)
	}
	return TroubleNone
}

// TroubleOfDir looks at the profile's folder itself, for an error that
// does not say what went wrong: gone, or not writable.
func TroubleOfDir(dir string) Trouble {
	probe, err := os.CreateTemp(dir, ".tern-write-*")
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return TroubleMissing
	case errors.Is(err, syscall.ENOSPC):
		return TroubleDiskFull
	case err != nil:
		return TroubleReadOnly
	}
	probe.Close()
	os.Remove(probe.Name())
	if free, ok := FreeSpace(dir); ok && free == 0 {
		return TroubleDiskFull // an empty file still fits; nothing more does
	}
	return TroubleNone
}

// Dir is the folder holding the store's database (the profile).
func (s *Store) Dir() string { return filepath.Dir(s.path) }

// Trouble returns the trouble the last write showed; TroubleNone once a
// write works again. Subscribers hear ChangeStatus when it changes.
func (s *Store) Trouble() Trouble {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.trouble
}

// noteWrite records how a write ended: trouble when err shows some, none
// when it worked. Errors that are no trouble of the computer's (a
// constraint, a cancelled context) change nothing.
func (s *Store) noteWrite(err error) {
	t := TroubleOf(err, s.Dir())
	if err != nil && t == TroubleNone {
		return
	}
	s.mu.Lock()
	changed := s.trouble != t
	s.trouble = t
	s.mu.Unlock()
	if changed {
		s.notify(ChangeStatus)
	}
}
