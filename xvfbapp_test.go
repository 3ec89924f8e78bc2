package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tern-mail/tern/internal/testenv"
)

// windowApp is the real binary running on a test's virtual display.
type windowApp struct {
	cmd     *exec.Cmd
	display string        // the X display it runs on
	log     string        // where its output goes
	done    chan struct{} // closed when it has exited
	err     error         // how it exited, once done is closed
}

// startWindow runs tern with args on display, with its output in
// dir/tern.log. It is killed when the test ends.
func startWindow(t *testing.T, display, dir string, args ...string) *windowApp {
	t.Helper()
	a := &windowApp{cmd: exec.Command(ternBinary(t), args...), display: display, log: filepath.Join(dir, "tern.log"), done: make(chan struct{})}
	a.cmd.Env = append(os.Environ(), "DISPLAY="+display, "LANG=en_US.UTF-8")
	logf, err := os.Create(a.log)
	if err != nil {
		t.Fatal(err)
	}
	a.cmd.Stdout, a.cmd.Stderr = logf, logf
	if err := a.cmd.Start(); err != nil {
		logf.Close()
		t.Fatal(err)
	}
	go func() {
		a.err = a.cmd.Wait()
		logf.Close()
		close(a.done)
	}()
	t.Cleanup(func() {
		a.cmd.Process.Kill()
		<-a.done
	})
	return a
}

// alive fails the test, with tern's output, when tern has exited, and
// with the X server's when that has: a window without its display says
// only that it could not open it.
func (a *windowApp) alive(t testing.TB) {
	t.Helper()
	xServerAlive(t, a.display)
	select {
	case <-a.done:
		log, _ := os.ReadFile(a.log)
		t.Fatalf("tern exited: %v\n%s", a.err, log)
	default:
	}
}

// demoSession is the demo window on a virtual display of its own, with a
// fresh profile, driven with xdotool and checked with the command line.
type demoSession struct {
	t       *testing.T
	app     *windowApp
	display string
	xdotool string
	bin     string // the tern binary
	profile string
}

// startDemoSession starts tern --demo on a new Xvfb display.
func startDemoSession(t *testing.T) *demoSession {
	t.Helper()
	display, _ := startXvfb(t)
	xdotool, err := exec.LookPath("xdotool")
	if err != nil {
		testenv.Missing(t, "xdotool (Debian package xdotool)")
	}
	tmp := t.TempDir()
	s := &demoSession{t: t, display: display, xdotool: xdotool, bin: ternBinary(t), profile: filepath.Join(tmp, "profile")}
	s.app = startWindow(t, display, tmp, "--demo", "--profile", s.profile)
	return s
}

// x runs xdotool with args on the session's display and returns its output.
func (s *demoSession) x(args ...string) string {
	s.t.Helper()
	cmd := exec.Command(s.xdotool, args...)
	cmd.Env = append(os.Environ(), "DISPLAY="+s.display)
	out, _ := cmd.Output()
	return strings.TrimSpace(string(out))
}

// windows are the titles of the visible windows, one per line.
func (s *demoSession) windows() string {
	return s.x("search", "--onlyvisible", "--name", ".", "getwindowname", "%@")
}

// cli runs the tern command line on the session's profile and fails the
// test when it fails.
func (s *demoSession) cli(args ...string) string {
	s.t.Helper()
	out, err := exec.Command(s.bin, append([]string{"--profile", s.profile}, args...)...).CombinedOutput()
	if err != nil {
		s.t.Fatalf("tern %v: %v\n%s", args, err, out)
	}
	return string(out)
}
