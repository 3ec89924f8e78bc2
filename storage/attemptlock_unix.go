//go:build !windows

package storage

import (
	"errors"
	"fmt"
	"os"
	"syscall"
)

// lockAttempt opens (creating) the lock file at path and takes an
// exclusive flock on it without waiting. held reports that another open
// file — in this process or another — has the lock; the kernel lets go of
// a lock when its holder dies, so a free lock means nobody runs that
// attempt.
func lockAttempt(path string) (f *os.File, held bool, err error) {
	f, err = os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, false, fmt.Errorf("storage: attempt lock %s: %w", path, err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, true, nil
		}
		return nil, false, fmt.Errorf("storage: attempt lock %s: %w", path, err)
	}
	return f, false, nil
}

// unlockAttempt removes the lock file and lets go of its lock. The name
// goes first, so nobody opens it anew; whoever opened it before finds the
// attempt's row settled.
func unlockAttempt(f *os.File) {
	os.Remove(f.Name())
	f.Close()
}
