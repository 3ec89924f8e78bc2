//go:build darwin

package gui

import (
	"strings"
	"testing"

	"golang.org/x/sys/unix"
)

func TestFilesAreQuarantined(t *testing.T) {
	dir := t.TempDir()
	got := writtenAttachment(t, dir, "report.txt")
	buf := make([]byte, 256)
	n, err := unix.Getxattr(got, "com.apple.quarantine", buf)
	if err != nil || !strings.HasPrefix(string(buf[:n]), "0081;") {
		t.Fatalf("quarantine attribute %q, %v", buf[:max(n, 0)], err)
	}
}
