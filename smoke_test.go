package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tern-mail/tern/internal/testenv"
)

// TestSmokeWindowUnderXvfb builds the real binary, starts it on a virtual
// X display with a fresh profile and checks that its window appears and
// that it keeps running.
func TestSmokeWindowUnderXvfb(t *testing.T) {
	display, xwininfo := startXvfb(t)
	tmp := t.TempDir()
	app := startWindow(t, display, tmp, "--profile", filepath.Join(tmp, "profile"))

	var tree string
	waitUntil(t, 30*time.Second, "Tern's window", func() bool {
		app.alive(t)
		out, _ := exec.Command(xwininfo, "-root", "-tree", "-display", display).Output()
		tree = string(out)
		return strings.Contains(tree, `"Tern"`)
	})
	// The window is up; the store it opened is in the profile, and the
	// window is still there when asked again.
	if _, err := os.Stat(filepath.Join(tmp, "profile", "tern.db")); err != nil {
		t.Errorf("no store in the profile: %v", err)
	}
	waitUntil(t, 30*time.Second, "Tern's window, asked again", func() bool {
		out, _ := exec.Command(xwininfo, "-root", "-tree", "-display", display).Output()
		return strings.Contains(string(out), `"Tern"`)
	})
	app.alive(t)
}

var (
	binOnce sync.Once
	binPath string
	binErr  error
)

// ternBinary builds the tern command once per test run.
func ternBinary(t testing.TB) string {
	t.Helper()
	binOnce.Do(func() {
		dir, err := os.MkdirTemp("", "tern-bin-")
		if err != nil {
			binErr = err
			return
		}
		binPath = filepath.Join(dir, "tern")
		if out, err := exec.Command("go", "build", "-o", binPath, ".").CombinedOutput(); err != nil {
			binErr = fmt.Errorf("build: %v\n%s", err, out)
		}
	})
	if binErr != nil {
		t.Fatal(binErr)
	}
	return binPath
}

// TestSmokeDemoUnderXvfb starts `tern --demo` for real: the window comes
// up on the demo mailbox's Inbox, with its unread count in the title.
func TestSmokeDemoUnderXvfb(t *testing.T) {
	display, xwininfo := startXvfb(t)
	app := startWindow(t, display, t.TempDir(), "--demo")
	title := regexp.MustCompile(`"Tern — [0-9]+ unread"`)
	waitUntil(t, 60*time.Second, "the demo mailbox in the window title", func() bool {
		app.alive(t)
		out, _ := exec.Command(xwininfo, "-root", "-tree", "-display", display).Output()
		return title.Match(out)
	})
}

func waitUntil(t testing.TB, d time.Duration, what string, cond func() bool) {
	t.Helper()
	testenv.Eventually(t, d, func() error {
		if !cond() {
			return fmt.Errorf("%s did not appear", what)
		}
		return nil
	})
}
