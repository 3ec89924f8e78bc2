package accounts

import (
	"fmt"
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

// EnsureProfile creates the profile directory with permissions for the user
// only, tightening them if the directory already exists.
func EnsureProfile(dir string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("profile: create %s: %w", dir, err)
	}
	if err := os.Chmod(dir, 0o700); err != nil {
		return fmt.Errorf("profile: %s: %w", dir, err)
	}
	return nil
}
