//go:build !windows && !darwin

package defaultapp

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// How says whether Tern can make itself the mail app: with xdg-mime, when
// its desktop file is installed where the system looks for it.
func How() Way {
	if _, err := exec.LookPath("xdg-mime"); err != nil {
		return NotPossible
	}
	if !installed() {
		return NotPossible
	}
	return Direct
}

// IsDefault reports whether Tern opens both mailto: links and message
// files now (xdg-mime query default).
func IsDefault(ctx context.Context) (bool, error) {
	for _, t := range MIMETypes {
		out, err := exec.CommandContext(ctx, "xdg-mime", "query", "default", t).Output()
		if err != nil {
			return false, fmt.Errorf("defaultapp: xdg-mime query default %s: %w", t, err)
		}
		if strings.TrimSpace(string(out)) != DesktopID {
			return false, nil
		}
	}
	return true, nil
}

// Make makes Tern the app for mailto: links and message files
// (xdg-mime default), and checks that the system now says so.
func Make(ctx context.Context) error {
	if !installed() {
		return ErrNotInstalled
	}
	args := append([]string{"default", DesktopID}, MIMETypes...)
	if out, err := exec.CommandContext(ctx, "xdg-mime", args...).CombinedOutput(); err != nil {
		return fmt.Errorf("defaultapp: xdg-mime default: %w: %s", err, strings.TrimSpace(string(out)))
	}
	ok, err := IsDefault(ctx)
	if err != nil {
		return err
	}
	if !ok {
		return fmt.Errorf("defaultapp: xdg-mime default did not take: another setting of the desktop wins")
	}
	return nil
}

// installed reports whether Tern's desktop file is in one of the
// folders the system reads desktop files from (the XDG Base Directory
// data folders' applications folder).
func installed() bool {
	for _, dir := range dataDirs() {
		if st, err := os.Stat(filepath.Join(dir, "applications", DesktopID)); err == nil && !st.IsDir() {
			return true
		}
	}
	return false
}

// dataDirs are XDG_DATA_HOME and XDG_DATA_DIRS, with their defaults.
func dataDirs() []string {
	home := os.Getenv("XDG_DATA_HOME")
	if home == "" {
		if h, err := os.UserHomeDir(); err == nil {
			home = filepath.Join(h, ".local", "share")
		}
	}
	dirs := os.Getenv("XDG_DATA_DIRS")
	if dirs == "" {
		dirs = "/usr/local/share:/usr/share"
	}
	out := []string{}
	if home != "" {
		out = append(out, home)
	}
	for _, d := range filepath.SplitList(dirs) {
		if d != "" {
			out = append(out, d)
		}
	}
	return out
}
