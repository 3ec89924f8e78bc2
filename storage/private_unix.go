//go:build !windows

package storage

import (
	"errors"
	"fmt"
	"os"
)

// makePrivate restricts the database files to the user: they hold mail.
func makePrivate(paths ...string) error {
	for _, p := range paths {
		if err := os.Chmod(p, 0o600); err != nil && !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("storage: chmod %s: %w", p, err)
		}
	}
	return nil
}
