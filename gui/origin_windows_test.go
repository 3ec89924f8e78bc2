//go:build windows

package gui

import (
	"os"
	"path/filepath"
	"testing"
)

func TestFilesCarryTheMarkOfTheWeb(t *testing.T) {
	dir := t.TempDir()
	r := &reader{bg: func(f func()) { f() }}
	var got string
	r.writeAttachment(dir, attachmentNamed("report.txt"), func(p string, err error) {
		if err != nil {
			t.Fatal(err)
		}
		got = p
	})
	b, err := os.ReadFile(got + ":Zone.Identifier")
	if err != nil || string(b) != zoneInternet {
		t.Fatalf("%s: Zone.Identifier %q, %v", filepath.Base(got), b, err)
	}
}
