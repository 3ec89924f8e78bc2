//go:build darwin

package sysdialog

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os/exec"
	"strings"
)

// The dialogs are AppleScript's, run by osascript: the system's
// NSOpenPanel and NSSavePanel. What Tern passes (title, folder, name)
// goes in as the script's arguments, never into its text, after a first
// argument of Tern's own, so that none is read as an option of osascript.

// openScript chooses several files; argv: "tern", prompt, folder ("" for none).
const openScript = `on run argv
	set p to item 2 of argv
	if item 3 of argv is "" then
		set fs to choose file with prompt p with multiple selections allowed
	else
		set fs to choose file with prompt p default location (POSIX file (item 3 of argv)) with multiple selections allowed
	end if
	set out to ""
	repeat with f in fs
		set out to out & POSIX path of f & linefeed
	end repeat
	return out
end run`

// saveScript asks where to save; argv: "tern", prompt, folder, name.
const saveScript = `on run argv
	set p to item 2 of argv
	if item 3 of argv is "" then
		set f to choose file name with prompt p default name (item 4 of argv)
	else
		set f to choose file name with prompt p default name (item 4 of argv) default location (POSIX file (item 3 of argv))
	end if
	return POSIX path of f
end run`

// folderScript chooses a folder; argv: "tern", prompt, folder.
const folderScript = `on run argv
	set p to item 2 of argv
	if item 3 of argv is "" then
		set f to choose folder with prompt p
	else
		set f to choose folder with prompt p default location (POSIX file (item 3 of argv))
	end if
	return POSIX path of f
end run`

// OpenFiles asks for one or more files to open, and returns their paths;
// none, and no error, when the person cancelled.
func OpenFiles(ctx context.Context, opt Options) ([]string, error) {
	return osascript(ctx, openScript, opt.Title, opt.Folder)
}

// SaveFile asks where to save a file, opt.Name filled in; macOS asks
// before a file is replaced. It returns the path, or "" when the person
// cancelled.
func SaveFile(ctx context.Context, opt Options) (string, error) {
	paths, err := osascript(ctx, saveScript, opt.Title, opt.Folder, opt.Name)
	return first(paths), err
}

// PickFolder asks for a folder, and returns its path, or "" when the
// person cancelled.
func PickFolder(ctx context.Context, opt Options) (string, error) {
	paths, err := osascript(ctx, folderScript, opt.Title, opt.Folder)
	return first(paths), err
}

func first(paths []string) string {
	if len(paths) == 0 {
		return ""
	}
	if p := paths[0]; len(p) > 1 {
		return strings.TrimSuffix(p, "/")
	}
	return paths[0]
}

// osascript runs script with args and returns the lines it printed; a
// cancelled dialog (error -128) is no lines and no error.
func osascript(ctx context.Context, script string, args ...string) ([]string, error) {
	path, err := exec.LookPath("osascript")
	if err != nil {
		return nil, ErrUnavailable
	}
	cmd := exec.CommandContext(ctx, path, append([]string{"-e", script, "tern"}, args...)...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err = cmd.Run()
	var exit *exec.ExitError
	switch {
	case ctx.Err() != nil:
		return nil, ctx.Err()
	case errors.As(err, &exit) && strings.Contains(stderr.String(), "-128"):
		return nil, nil
	case err != nil:
		return nil, fmt.Errorf("sysdialog: osascript: %w: %s", err, strings.TrimSpace(stderr.String()))
	}
	var paths []string
	for _, l := range strings.Split(strings.TrimRight(stdout.String(), "\n"), "\n") {
		if l != "" {
			paths = append(paths, l)
		}
	}
	return paths, nil
}
