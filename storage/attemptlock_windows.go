//go:build windows

package storage

import (
	"errors"
	"fmt"
	"os"

	"golang.org/x/sys/windows"
)

// lockAttempt opens (creating) the file at path with no sharing allowed:
// while one handle holds it, any other open fails, and Windows closes the
// handles of a process that dies. held reports that another holder has it.
func lockAttempt(path string) (f *os.File, held bool, err error) {
	p, err := windows.UTF16PtrFromString(path)
	if err != nil {
		return nil, false, fmt.Errorf("storage: attempt lock %s: %w", path, err)
	}
	h, err := windows.CreateFile(p, windows.GENERIC_READ|windows.GENERIC_WRITE, 0, nil,
		windows.OPEN_ALWAYS, windows.FILE_ATTRIBUTE_NORMAL, 0)
	if err != nil {
		if errors.Is(err, windows.ERROR_SHARING_VIOLATION) {
			return nil, true, nil
		}
		return nil, false, fmt.Errorf("storage: attempt lock %s: %w", path, err)
	}
	return os.NewFile(uintptr(h), path), false, nil
}

// unlockAttempt closes the lock file and removes it (Windows removes no
// open file).
func unlockAttempt(f *os.File) {
	f.Close()
	os.Remove(f.Name())
}
