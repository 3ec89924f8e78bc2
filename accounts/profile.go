package accounts

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// ProfileEnv names the environment variable that chooses the profile
// directory when no --profile flag is given.
const ProfileEnv = "TERN_PROFILE"

// ProfileDir decides where Tern keeps its state: flagValue when set, else
// $TERN_PROFILE, else "Tern" in the platform's user configuration directory
// (~/.config/Tern on Linux, ~/Library/Application Support/Tern on macOS,
// %AppData%\Tern on Windows).
func ProfileDir(flagValue string) (string, error) {
	dir := flagValue
	if dir == "" {
		dir = os.Getenv(ProfileEnv)
	}
	if dir == "" {
		base, err := os.UserConfigDir()
		if err != nil {
			return "", fmt.Errorf("profile: no --profile given, %s unset, and %w", ProfileEnv, err)
		}
		dir = filepath.Join(base, "Tern")
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", fmt.Errorf("profile: %s: %w", dir, err)
	}
	return abs, nil
}

// EnsureProfile creates the profile directory, and any missing folders
// above it, with permissions for the user only. Folders that already exist
// keep their permissions: they belong to the user (or the system), who may
// have chosen them on purpose, and the mail inside is protected by the
// database's own mode.
func EnsureProfile(dir string) error {
	created, err := mkdirAllCreated(dir)
	if err != nil {
		return fmt.Errorf("profile: create %s: %w", dir, err)
	}
	for _, d := range created {
		// The umask may have narrowed 0700 further, never widened it;
		// make it exactly 0700 so Tern can use what it made.
		if err := os.Chmod(d, 0o700); err != nil {
			return fmt.Errorf("profile: %s: %w", d, err)
		}
	}
	return nil
}

// mkdirAllCreated is os.MkdirAll that returns the folders it created,
// outermost first.
func mkdirAllCreated(dir string) ([]string, error) {
	var missing []string
	for d := filepath.Clean(dir); ; d = filepath.Dir(d) {
		fi, err := os.Stat(d)
		if err == nil {
			if !fi.IsDir() {
				return nil, fmt.Errorf("%s is not a folder", d)
			}
			break
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
		missing = append(missing, d)
		if filepath.Dir(d) == d {
			break
		}
	}
	var created []string
	for i := len(missing) - 1; i >= 0; i-- {
		if err := os.Mkdir(missing[i], 0o700); err != nil {
			if errors.Is(err, fs.ErrExist) {
				continue // made meanwhile by someone else: not ours
			}
			return created, err
		}
		created = append(created, missing[i])
	}
	return created, nil
}
