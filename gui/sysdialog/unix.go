//go:build !windows && !darwin

package sysdialog

import (
	"context"
	"errors"
)

// OpenFiles asks for one or more files to open, and returns their paths;
// none, and no error, when the person cancelled.
func OpenFiles(ctx context.Context, opt Options) ([]string, error) {
	paths, err := portalOpen(ctx, opt, false)
	if !errors.Is(err, errNoPortal) {
		return paths, err
	}
	return fallback(ctx, opt, openFiles)
}

// SaveFile asks where to save a file, opt.Name filled in; the system
// asks before a file is replaced. It returns the path, or "" when the
// person cancelled.
func SaveFile(ctx context.Context, opt Options) (string, error) {
	paths, err := portalSave(ctx, opt)
	if errors.Is(err, errNoPortal) {
		paths, err = fallback(ctx, opt, saveFile)
	}
	return first(paths), err
}

// PickFolder asks for a folder, and returns its path, or "" when the
// person cancelled.
func PickFolder(ctx context.Context, opt Options) (string, error) {
	paths, err := portalOpen(ctx, opt, true)
	if errors.Is(err, errNoPortal) {
		paths, err = fallback(ctx, opt, pickFolder)
	}
	return first(paths), err
}

func first(paths []string) string {
	if len(paths) == 0 {
		return ""
	}
	return paths[0]
}
