package support

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
)

// LogFile is the protocol log's name in the profile folder; the older
// half is LogFile + ".1".
const LogFile = "tern.log"

// DefaultLogCap is the most the two log files hold together.
const DefaultLogCap = 10 << 20

// Rotator is a file that never grows past half its cap: when the next
// write would pass it, the file becomes LogFile.1 (replacing the older
// one) and a new one starts. The two together hold at most the cap.
type Rotator struct {
	path string
	half int64

	mu   sync.Mutex
	f    *os.File
	size int64
}

// NewRotator writes dir/LogFile, keeping at most capBytes in the two files.
func NewRotator(dir string, capBytes int64) *Rotator {
	return &Rotator{path: filepath.Join(dir, LogFile), half: capBytes / 2}
}

// Paths are the log files, newest first; those that do not exist are
// left out.
func (r *Rotator) Paths() []string {
	var out []string
	for _, p := range []string{r.path, r.path + ".1"} {
		if _, err := os.Stat(p); err == nil {
			out = append(out, p)
		}
	}
	return out
}

// Write appends p, rotating first when p would take the file past half
// the cap. A single write larger than that is cut to fit.
func (r *Rotator) Write(p []byte) (int, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	n := len(p)
	if int64(len(p)) > r.half {
		p = p[:r.half]
	}
	if r.f == nil || r.size+int64(len(p)) > r.half {
		if err := r.rotate(int64(len(p))); err != nil {
			return 0, err
		}
	}
	w, err := r.f.Write(p)
	r.size += int64(w)
	if err != nil {
		return w, fmt.Errorf("support: write %s: %w", r.path, err)
	}
	return n, nil
}

// rotate opens the file, first moving it aside when need more bytes
// would take it past half the cap.
func (r *Rotator) rotate(need int64) error {
	if r.f != nil {
		r.f.Close()
		r.f = nil
	}
	if st, err := os.Stat(r.path); err == nil && st.Size() > 0 && st.Size()+need > r.half {
		if err := os.Rename(r.path, r.path+".1"); err != nil {
			return fmt.Errorf("support: rotate %s: %w", r.path, err)
		}
	}
	f, err := os.OpenFile(r.path, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return fmt.Errorf("support: open %s: %w", r.path, err)
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return fmt.Errorf("support: open %s: %w", r.path, err)
	}
	r.f, r.size = f, st.Size()
	return nil
}

// Sync flushes the file to disk, so that a report reads all of it.
func (r *Rotator) Sync() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.f == nil {
		return nil
	}
	return r.f.Sync()
}

// Close closes the file; the next Write opens it again.
func (r *Rotator) Close() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.f == nil {
		return nil
	}
	err := r.f.Close()
	r.f = nil
	return err
}

// Remove closes and deletes both files.
func (r *Rotator) Remove() error {
	r.Close()
	var errs []error
	for _, p := range []string{r.path, r.path + ".1"} {
		if err := os.Remove(p); err != nil && !errors.Is(err, os.ErrNotExist) {
			errs = append(errs, fmt.Errorf("support: remove %s: %w", p, err))
		}
	}
	return errors.Join(errs...)
}
