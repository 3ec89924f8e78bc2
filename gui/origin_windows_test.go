//go:build windows

package gui

import (
	"os"
	"path/filepath"
	"testing"
)

func TestFilesCarryTheMarkOfTheWeb(t *testing.T) {
	dir := t.TempDir()
	got := writtenAttachment(t, dir, "report.txt")
	b, err := os.ReadFile(got + ":Zone.Identifier")
	if err != nil || string(b) != zoneInternet {
		t.Fatalf("%s: Zone.Identifier %q, %v", filepath.Base(got), b, err)
	}
}
