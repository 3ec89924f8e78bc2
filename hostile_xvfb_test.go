package main

import (
	"bytes"
	"fmt"
	"io"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tern-mail/tern/internal/hostile"
	"github.com/tern-mail/tern/internal/testenv"
)

// maxPeakRSS is the most memory Tern may ever hold while showing hostile
// mail.
const maxPeakRSS = 1536 << 20

// openBound is how long one hostile message may take to open before the
// test gives up on it: a bound for a hang, not a measure of speed (the
// store's and the parser's tests hold each message to its processor-time
// budget). The heaviest take seconds of processor time, and a machine
// running another `make test` beside this one stretches that several
// times over; on two cores shared by a dozen busy processes, a message
// that opens in seconds alone was seen to take over three minutes.
const openBound = 10 * time.Minute

// TestHostileMailUnderXvfb runs the real binary on a virtual display,
// opens each hostile message in the window, one after the other, and
// checks that Tern is still running afterwards and never held more than
// maxPeakRSS.
func TestHostileMailUnderXvfb(t *testing.T) {
	display, _ := startXvfb(t)
	xdotool, err := exec.LookPath("xdotool")
	if err != nil {
		testenv.Missing(t, "xdotool (Debian package xdotool)")
	}
	bin := ternBinary(t)
	tmp := t.TempDir()
	profile := filepath.Join(tmp, "profile")
	files := hostileMessages(t, tmp)
	imp := exec.Command(bin, append([]string{"--demo", "--profile", profile, "import", "--account", "demo@tern.example"}, files...)...)
	if out, err := imp.CombinedOutput(); err != nil {
		t.Fatalf("import: %v\n%s", err, out)
	}

	app := startWindow(t, display, tmp, "--demo", "--profile", profile)
	// unread reads the count from the window's title (xwininfo shows the
	// class, which keeps the title the window was created with).
	unread := func() int {
		cmd := exec.Command(xdotool, "search", "--onlyvisible", "--name", "^Tern", "getwindowname")
		cmd.Env = append(os.Environ(), "DISPLAY="+display)
		out, _ := cmd.Output()
		f := strings.Fields(strings.TrimPrefix(strings.TrimSpace(string(out)), "Tern — "))
		if len(f) != 2 || f[1] != "unread" {
			return -1
		}
		n, err := strconv.Atoi(f[0])
		if err != nil {
			return -1
		}
		return n
	}
	want := 8 + len(files) // the demo's unread mail, and ours
	waitUntil(t, 60*time.Second, fmt.Sprintf("the window with %d unread", want), func() bool {
		app.alive(t)
		return unread() == want
	})
	xdo := func(args ...string) {
		t.Helper()
		cmd := exec.Command(xdotool, args...)
		cmd.Env = append(os.Environ(), "DISPLAY="+display)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("xdotool %v: %v\n%s", args, err, out)
		}
	}
	xdo("search", "--sync", "--onlyvisible", "--name", "^Tern", "windowfocus", "--sync")
	// The hostile messages are the newest. Up selects the first row
	// whatever happened before (it never moves past the top), so it is
	// repeated until the list has loaded; then Down opens each in turn.
	// Opening a message marks it read, which the title counts.
	for i := range files {
		what := fmt.Sprintf("message %d (%s) opened", i+1, filepath.Base(files[i]))
		if i == 0 {
			polls := 0
			waitUntil(t, openBound, what, func() bool {
				app.alive(t)
				if polls%10 == 0 {
					xdo("key", "Up")
				}
				polls++
				return unread() == want-1
			})
			continue
		}
		xdo("key", "Down")
		waitUntil(t, openBound, what, func() bool {
			app.alive(t)
			return unread() == want-i-1
		})
	}
	app.alive(t)
	peak := vmHWM(t, app.cmd.Process.Pid)
	t.Logf("peak memory after opening %d hostile messages: %d MB", len(files), peak>>20)
	if peak > maxPeakRSS {
		t.Fatalf("peak memory %d MB, over %d MB", peak>>20, maxPeakRSS>>20)
	}
}

// vmHWM reads a process's peak resident memory, in bytes.
func vmHWM(t *testing.T, pid int) int64 {
	t.Helper()
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range strings.Split(string(b), "\n") {
		if f := strings.Fields(l); len(f) == 3 && f[0] == "VmHWM:" && f[2] == "kB" {
			kb, err := strconv.ParseInt(f[1], 10, 64)
			if err != nil {
				t.Fatal(err)
			}
			return kb << 10
		}
	}
	t.Fatal("no VmHWM in /proc status")
	return 0
}

// hostileMessages writes every message of the hostile corpus (and one
// over 100 MB, streamed) into dir, each dated after the demo mailbox's
// mail so that they list at the top, and returns the files.
func hostileMessages(t *testing.T, dir string) []string {
	t.Helper()
	all := hostile.All()
	names := slices.Sorted(maps.Keys(all))
	var files []string
	for i, name := range names {
		p := filepath.Join(dir, fmt.Sprintf("%02d-%s.eml", i, name))
		if err := os.WriteFile(p, redate(all[name], i), 0o600); err != nil {
			t.Fatal(err)
		}
		files = append(files, p)
	}
	p := filepath.Join(dir, fmt.Sprintf("%02d-huge.eml", len(names)))
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := hostile.Huge(&redater{w: f, i: len(names)}, hostile.HugeSize); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return append(files, p)
}

// redate gives a corpus message the i-th date of a day in 2031, after
// all of the demo mailbox's mail.
func redate(raw []byte, i int) []byte {
	date := time.Date(2031, 1, 30, 9, 0, 0, 0, time.UTC).Add(-time.Duration(i) * time.Minute).Format(time.RFC1123Z)
	return bytes.Replace(raw, []byte("Date: "+hostile.Date+"\r\n"), []byte("Date: "+date+"\r\n"), 1)
}

// redater redates the first write to it, which holds the whole header of
// what hostile.Huge writes, and passes the rest through: the huge message
// is never held in memory.
type redater struct {
	w    io.Writer
	i    int
	done bool
}

func (r *redater) Write(p []byte) (int, error) {
	if r.done {
		return r.w.Write(p)
	}
	r.done = true
	if _, err := r.w.Write(redate(p, r.i)); err != nil {
		return 0, err
	}
	return len(p), nil
}
