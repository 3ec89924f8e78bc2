package gui

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"golang.org/x/text/language"

	"github.com/tern-mail/tern/assets/i18n"
	"github.com/tern-mail/tern/storage"
)

// PrefsFile is where the window keeps its layout inside the profile, so
// that all of Tern's state lives in one folder.
const PrefsFile = "window.json"

// prefLanguage is the language chosen in Preferences, a BCP 47 tag; ""
// (or none) follows the system's.
const prefLanguage = "language"

// language is the language chosen in Preferences, "" for the system's.
func (p *prefs) language() string { return p.String(prefLanguage) }

// languagesWanted are the languages a choice of Preferences asks for,
// best first: the one chosen, then the system's (Tern may lack the one
// chosen, or the choice is "": the system's).
func languagesWanted(choice string) []string {
	return append([]string{choice}, i18n.SystemLanguages()...)
}

// languageOf is the language Tern speaks for a choice of Preferences.
func languageOf(choice string) language.Tag { return i18n.Match(languagesWanted(choice)...) }

// useLanguage makes Tern speak the first of the languages wanted that it
// has, Fyne's own words too (speak); the window calls it before it makes
// any of its words. Tests replace it to see what was asked.
var useLanguage = speak

// prefs are the window's remembered choices (size, splits, folder, view).
type prefs struct {
	path string // "" when nothing is saved
	mu   sync.Mutex
	m    map[string]any
}

// prefsDamage tells what became of a preferences file that could not be
// read: kept is where it was moved aside, "" when it could not be moved
// (then nothing is saved over it).
type prefsDamage struct {
	kept string
	err  error
}

// loadPrefs reads the profile's window preferences; a missing file gives
// the defaults. A damaged one gives the defaults too, and is moved aside
// to PrefsFile.corrupt-<time> (see prefsDamage) rather than overwritten.
func loadPrefs(dir string) (*prefs, *prefsDamage) {
	p := &prefs{m: map[string]any{}}
	if dir == "" {
		return p, nil
	}
	p.path = filepath.Join(dir, PrefsFile)
	b, err := os.ReadFile(p.path)
	if errors.Is(err, fs.ErrNotExist) {
		return p, nil
	}
	if err == nil {
		if err = json.Unmarshal(b, &p.m); err == nil {
			if p.m == nil { // the file said null
				p.m = map[string]any{}
			}
			return p, nil
		}
		err = fmt.Errorf("prefs: read %s: %w", p.path, err)
	}
	p.m = map[string]any{}
	d := &prefsDamage{err: err}
	kept := p.path + ".corrupt-" + time.Now().Format("20060102-150405")
	if rerr := os.Rename(p.path, kept); rerr != nil {
		d.err = errors.Join(err, fmt.Errorf("prefs: keep aside: %w", rerr))
		p.path = "" // never write over what could not be kept
		return p, d
	}
	d.kept = kept
	return p, d
}

// tellPrefsDamage logs what went wrong with the preferences file and
// leaves a notice for the window to show, once: the file is moved aside.
func (w *MainWindow) tellPrefsDamage(d *prefsDamage) {
	if d == nil {
		return
	}
	fyne.LogError("read preferences", d.err)
	n := storage.Notice{Kind: storage.NoticePrefsReset, Dest: d.kept}
	if d.kept == "" {
		n.Folder = filepath.Join(w.manager.ProfileDir(), PrefsFile)
	}
	if w.store == nil {
		return
	}
	Background(func() {
		if err := w.store.AddNotice(context.Background(), n); err != nil {
			fyne.LogError("notice of reset preferences", err)
		}
	})
}

// save writes the preferences atomically: a temporary file in the same
// folder, written and synced, renamed over the old one, and the folder
// synced where the system allows it. Called with p.mu held.
func (p *prefs) save() error {
	if p.path == "" {
		return nil
	}
	b, err := json.MarshalIndent(p.m, "", "  ")
	if err != nil {
		return fmt.Errorf("prefs: encode: %w", err)
	}
	return writeFileAtomic(p.path, b)
}

// writeFileAtomic replaces path with b so that a crash leaves either the
// old content or the new, never a mix or nothing.
func writeFileAtomic(path string, b []byte) (err error) {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("prefs: create temporary file: %w", err)
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	if err := f.Chmod(0o600); err != nil && runtime.GOOS != "windows" {
		return fmt.Errorf("prefs: chmod %s: %w", f.Name(), err)
	}
	if _, err := f.Write(b); err != nil {
		return fmt.Errorf("prefs: write %s: %w", f.Name(), err)
	}
	if err := f.Sync(); err != nil {
		return fmt.Errorf("prefs: sync %s: %w", f.Name(), err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("prefs: close %s: %w", f.Name(), err)
	}
	if err := os.Rename(f.Name(), path); err != nil {
		return fmt.Errorf("prefs: rename to %s: %w", path, err)
	}
	return syncDir(dir)
}

// syncDir makes a rename in dir durable. Windows cannot open a folder to
// sync it (NTFS journals the rename), so there it does nothing.
func syncDir(dir string) error {
	if runtime.GOOS == "windows" {
		return nil
	}
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("prefs: open %s: %w", dir, err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("prefs: sync %s: %w", dir, err)
	}
	return nil
}

// set remembers a value. A failure to save is logged, not worth a dialog:
// the value holds for this session.
func (p *prefs) set(key string, v any) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.m[key] = v
	if err := p.save(); err != nil {
		fyne.LogError("save preferences", err)
	}
}

// FloatWithFallback returns a number, or fallback when unset.
func (p *prefs) FloatWithFallback(key string, fallback float64) float64 {
	p.mu.Lock()
	defer p.mu.Unlock()
	if v, ok := p.m[key].(float64); ok {
		return v
	}
	return fallback
}

// Float returns a number, 0 when unset.
func (p *prefs) Float(key string) float64 { return p.FloatWithFallback(key, 0) }

// SetFloat remembers a number.
func (p *prefs) SetFloat(key string, v float64) { p.set(key, v) }

// Bool returns a choice, false when unset.
func (p *prefs) Bool(key string) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	v, _ := p.m[key].(bool)
	return v
}

// SetBool remembers a choice.
func (p *prefs) SetBool(key string, v bool) { p.set(key, v) }

// String returns a text, "" when unset.
func (p *prefs) String(key string) string {
	p.mu.Lock()
	defer p.mu.Unlock()
	v, _ := p.m[key].(string)
	return v
}

// SetString remembers a text.
func (p *prefs) SetString(key string, v string) { p.set(key, v) }
