package accounts

import (
	"os"
	"path/filepath"
	"testing"
)

// Folders Tern makes for a profile are private; folders that were there
// before keep the mode their owner gave them.
func TestEnsureProfileTightensOnlyWhatItCreates(t *testing.T) {
	base := t.TempDir()
	shared := filepath.Join(base, "shared")
	if err := os.Mkdir(shared, 0o755); err != nil {
		t.Fatal(err)
	}
	os.Chmod(shared, 0o755)
	profile := filepath.Join(shared, "x", "Mail #2")
	if err := EnsureProfile(profile); err != nil {
		t.Fatal(err)
	}
	for dir, want := range map[string]os.FileMode{
		shared:                     0o755,
		filepath.Join(shared, "x"): 0o700,
		profile:                    0o700,
	} {
		fi, err := os.Stat(dir)
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Perm() != want {
			t.Errorf("%s: mode %v, want %v", dir, fi.Mode().Perm(), want)
		}
	}
	// An existing profile is left as it is.
	os.Chmod(profile, 0o750)
	if err := EnsureProfile(profile); err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Stat(profile); fi.Mode().Perm() != 0o750 {
		t.Errorf("existing profile: mode %v, want 0750 kept", fi.Mode().Perm())
	}
	// A file where the profile should be is an error, not overwritten.
	file := filepath.Join(base, "file")
	os.WriteFile(file, []byte("x"), 0o644)
	if err := EnsureProfile(filepath.Join(file, "p")); err == nil {
		t.Error("a profile under a file was accepted")
	}
}
