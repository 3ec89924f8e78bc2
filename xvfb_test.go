package main

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/tern-mail/tern/internal/testenv"
)

// How a window test gets an X display that stays its own.
//
// The X server resets when its last client leaves, and a client that
// connects while the server notices the last one leaving is accepted and
// then dropped by that reset: XOpenDisplay fails ("X11: Failed to open
// display :N" from GLFW). A test that checks the display with a client
// (xwininfo) and then starts Tern, or that restarts Tern on one display,
// does just that, and the busier the machine the wider the gap. -noreset
// keeps the server as it is when its clients come and go.
//
// Which display number is free is the server's business: with -displayfd
// it tries the numbers from :0 up, takes the first whose sockets it can
// bind (the abstract socket @/tmp/.X11-unix/XN, which only one process
// can hold, then the file /tmp/.X11-unix/XN) and writes the number to the
// pipe only once it listens and serves. Lock files play no part in it, so
// a server of someone else's that takes /tmp/.XN-lock cannot make a test
// believe it owns a display it does not (it only fails to bind and exits),
// and the test does not poll for anything.
//
// Clients (libxcb) connect to the abstract socket first and to the file
// when that fails; startXvfb checks that both answer with our Xvfb's
// process id (SO_PEERCRED), so that a display served by another process,
// whatever put it there, is reported at once and not as a window that
// never came up. The server is watched for the rest of the test: if it
// exits, the test fails saying so with the server's own output.

// xvfb is a virtual X server started for one test.
type xvfb struct {
	cmd     *exec.Cmd
	display string        // ":N"
	number  int           // N
	log     string        // the file with its output
	exited  chan struct{} // closed once it has exited
	err     error         // how it exited, once exited is closed
}

// xservers maps the display name of each running test server to its *xvfb.
var xservers sync.Map

// startXvfb runs a virtual X display for the test and returns its name and
// the xwininfo command that looks at it. The server is stopped when the
// test ends; the test fails if the server exits before that.
func startXvfb(t testing.TB) (display, xwininfo string) {
	t.Helper()
	bin, err := exec.LookPath("Xvfb")
	if err != nil {
		testenv.Missing(t, "Xvfb (Debian package xvfb)")
	}
	xwininfo, err = exec.LookPath("xwininfo")
	if err != nil {
		testenv.Missing(t, "xwininfo (Debian package x11-utils)")
	}
	s, err := launchXvfb(bin, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	xservers.Store(s.display, s)
	t.Cleanup(func() {
		xservers.Delete(s.display)
		if err := s.stop(); err != nil {
			t.Error(err)
		}
	})
	if err := s.owned(); err != nil {
		t.Fatal(err)
	}
	return s.display, xwininfo
}

// launchXvfb starts Xvfb with its output in dir and returns once it serves
// its display.
func launchXvfb(bin, dir string) (*xvfb, error) {
	s := &xvfb{log: filepath.Join(dir, "xvfb.log"), exited: make(chan struct{})}
	logf, err := os.Create(s.log)
	if err != nil {
		return nil, fmt.Errorf("xvfb: %w", err)
	}
	r, w, err := os.Pipe()
	if err != nil {
		logf.Close()
		return nil, fmt.Errorf("xvfb: display pipe: %w", err)
	}
	defer r.Close()
	// fd 3 in the server is w: ExtraFiles[0].
	s.cmd = exec.Command(bin, "-displayfd", "3", "-noreset", "-nolisten", "tcp", "-screen", "0", "1280x800x24")
	s.cmd.ExtraFiles = []*os.File{w}
	s.cmd.Stdout, s.cmd.Stderr = logf, logf
	err = s.cmd.Start()
	w.Close()
	if err != nil {
		logf.Close()
		return nil, fmt.Errorf("xvfb: start: %w", err)
	}
	go func() {
		s.err = s.cmd.Wait()
		logf.Close()
		close(s.exited)
	}()
	if s.number, err = readDisplayNumber(r); err != nil {
		s.stop()
		return nil, fmt.Errorf("xvfb: no display: %w\n%s", err, s.output())
	}
	s.display = ":" + strconv.Itoa(s.number)
	return s, nil
}

// readDisplayNumber reads the line Xvfb writes to its -displayfd once it
// serves the display. The pipe ends without one if Xvfb exits first.
func readDisplayNumber(r *os.File) (int, error) {
	type answer struct {
		line string
		err  error
	}
	got := make(chan answer, 1)
	go func() {
		line, err := bufio.NewReader(r).ReadString('\n')
		got <- answer{line, err}
	}()
	select {
	case a := <-got:
		if a.err != nil {
			return 0, fmt.Errorf("reading the display number: %w", a.err)
		}
		return strconv.Atoi(strings.TrimSpace(a.line))
	case <-time.After(60 * time.Second):
		return 0, errors.New("no display number after 60s")
	}
}

// owned checks that the sockets clients of the display use are our
// server's and that it answers on them.
func (s *xvfb) owned() error {
	for _, addr := range xSocketAddrs(s.number) {
		c, err := xDial(addr)
		if err != nil {
			return fmt.Errorf("xvfb %s: %w\n%s", s.display, err, s.output())
		}
		pid, err := c.peerPID()
		if err == nil && pid != s.cmd.Process.Pid {
			err = fmt.Errorf("served by process %d, not by our Xvfb (process %d)", pid, s.cmd.Process.Pid)
		}
		if err == nil {
			err = c.setup()
		}
		c.Close()
		if err != nil {
			return fmt.Errorf("xvfb %s: %s: %w\n%s", s.display, addr, err, s.output())
		}
	}
	return nil
}

// dead returns an error with the server's output when it has exited.
func (s *xvfb) dead() error {
	select {
	case <-s.exited:
		return fmt.Errorf("the X server (Xvfb) on %s, process %d, exited during the test: %v; its output:\n%s",
			s.display, s.cmd.Process.Pid, s.err, s.output())
	default:
		return nil
	}
}

// stop ends the server (SIGTERM lets it remove its sockets) and reports it
// if it had already exited on its own.
func (s *xvfb) stop() error {
	err := s.dead()
	s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-s.exited:
	case <-time.After(30 * time.Second):
		s.cmd.Process.Kill()
		<-s.exited
	}
	return err
}

// output is what the server has written so far.
func (s *xvfb) output() string {
	b, _ := os.ReadFile(s.log)
	return string(b)
}

// xServerAlive fails the test, with the server's output, when the test's
// Xvfb on display has exited.
func xServerAlive(t testing.TB, display string) {
	t.Helper()
	if v, ok := xservers.Load(display); ok {
		if err := v.(*xvfb).dead(); err != nil {
			t.Fatal(err)
		}
	}
}
