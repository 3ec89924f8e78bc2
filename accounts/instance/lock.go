package instance

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// LockName is the name of the lock file inside a profile folder. The file
// stays; only the lock on it comes and goes.
const LockName = "tern.lock"

// ErrBusy says that another process holds the profile's lock.
var ErrBusy = errors.New("the profile is in use by another Tern")

// Lock is a profile claimed by this process. The zero value is not
// usable; get one from TryLock or WaitLock.
type Lock struct {
	f *os.File
}

// TryLock claims the profile in dir, or returns ErrBusy at once when
// another process holds it.
func TryLock(dir string) (*Lock, error) {
	path := filepath.Join(dir, LockName)
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("instance: open %s: %w", path, err)
	}
	if err := lockFile(f); err != nil {
		f.Close()
		if errors.Is(err, ErrBusy) {
			return nil, ErrBusy
		}
		return nil, fmt.Errorf("instance: lock %s: %w", path, err)
	}
	return &Lock{f: f}, nil
}

// PollInterval is how often WaitLock tries again.
const PollInterval = 50 * time.Millisecond

// WaitLock claims the profile in dir, trying again while another process
// holds it, until ctx ends; then it returns ErrBusy. Between tries it
// calls also, when not nil: a non-nil error from it ends the wait with
// that error (the caller found another way, e.g. handed over to the
// window).
func WaitLock(ctx context.Context, dir string, also func() error) (*Lock, error) {
	t := time.NewTicker(PollInterval)
	defer t.Stop()
	for {
		l, err := TryLock(dir)
		if !errors.Is(err, ErrBusy) {
			return l, err
		}
		if also != nil {
			if err := also(); err != nil {
				return nil, err
			}
		}
		select {
		case <-ctx.Done():
			return nil, ErrBusy
		case <-t.C:
		}
	}
}

// Release lets the profile go. It is safe to call more than once.
func (l *Lock) Release() error {
	if l == nil || l.f == nil {
		return nil
	}
	err := unlockFile(l.f)
	if cerr := l.f.Close(); err == nil {
		err = cerr
	}
	l.f = nil
	if err != nil {
		return fmt.Errorf("instance: release lock: %w", err)
	}
	return nil
}
