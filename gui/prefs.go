package gui

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sync"
)

// PrefsFile is where the window keeps its layout inside the profile, so
// that all of Tern's state lives in one folder.
const PrefsFile = "window.json"

// prefs are the window's remembered choices (size, splits, folder, view).
type prefs struct {
	path string
	mu   sync.Mutex
	m    map[string]any
}

// loadPrefs reads the profile's window preferences; a missing or damaged
// file gives the defaults.
func loadPrefs(dir string) *prefs {
	p := &prefs{m: map[string]any{}}
	if dir == "" {
		return p
	}
	p.path = filepath.Join(dir, PrefsFile)
	if b, err := os.ReadFile(p.path); err == nil {
		json.Unmarshal(b, &p.m)
	}
	return p
}

// save writes the preferences atomically; errors are not worth a dialog.
func (p *prefs) save() {
	if p.path == "" {
		return
	}
	b, err := json.MarshalIndent(p.m, "", "  ")
	if err != nil {
		return
	}
	tmp := p.path + ".tmp"
	if os.WriteFile(tmp, b, 0o600) == nil {
		os.Rename(tmp, p.path)
	}
}

func (p *prefs) set(key string, v any) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.m[key] = v
	p.save()
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
