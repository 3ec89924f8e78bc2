package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/tern-mail/tern/internal/testenv"
)

// TestXvfbDisplayServesClientArrivingAsLastLeaves is the way a window
// test lost its display: a client (xwininfo checking the display, or a
// Tern that ends) leaves while the next one (Tern) connects. The server
// is stopped while the one leaves and the other arrives, so it sees both
// at once, as a busy machine makes it do; the newcomer must be served.
// A server that resets when its last client leaves drops it instead.
func TestXvfbDisplayServesClientArrivingAsLastLeaves(t *testing.T) {
	display, _ := startXvfb(t)
	s := testXvfb(t, display)
	t.Cleanup(func() { s.cmd.Process.Signal(syscall.SIGCONT) })
	for _, addr := range xSocketAddrs(s.number) {
		// Each round misses the race now and then (the server may take
		// the newcomer's setup before it sees the other leave): a few
		// rounds per socket catch a server that resets.
		for round := 1; round <= 4; round++ {
			last := xClient(t, addr)
			s.pause(t)
			last.Close()
			next, err := xDial(addr)
			if err == nil {
				err = next.sendSetup()
			}
			s.resume(t)
			if err == nil {
				err = next.readSetup()
				next.Close()
			}
			if err != nil {
				t.Fatalf("%s, round %d: the client that came as the last one left was not served: %v\n%s",
					addr, round, err, s.output())
			}
		}
	}
}

// TestXvfbDisplayKeptWhenAnotherServerStarts starts other X servers
// while the test's display is in use: one asking for its number the
// classic way (lock file, then sockets), as other programs on the machine
// do, and one more test display. The display stays the test's, served by
// its Xvfb, and the client it had keeps working.
func TestXvfbDisplayKeptWhenAnotherServerStarts(t *testing.T) {
	display, _ := startXvfb(t)
	s := testXvfb(t, display)
	inUse := xClient(t, xSocketAddrs(s.number)[0])
	defer inUse.Close()

	out, err := runOtherXvfb(t, display)
	var exit *exec.ExitError
	if !errors.As(err, &exit) {
		t.Fatalf("Xvfb %s beside ours: %v (it should have failed to listen)\n%s", display, err, out)
	}
	if !strings.Contains(out, "server already running") {
		t.Errorf("Xvfb %s beside ours failed, but not for want of the display:\n%s", display, out)
	}
	other, _ := startXvfb(t)
	if other == display {
		t.Fatalf("a second test display got our number %s", display)
	}

	if err := s.owned(); err != nil {
		t.Fatalf("after other servers started: %v", err)
	}
	if err := inUse.roundTrip(); err != nil {
		t.Fatalf("after other servers started, our client: %v", err)
	}
	xServerAlive(t, display)
}

// runOtherXvfb runs `Xvfb display` until it exits and returns its output.
// One that is still running after a minute has taken the display: it is
// killed and reported.
func runOtherXvfb(t *testing.T, display string) (string, error) {
	t.Helper()
	bin, err := exec.LookPath("Xvfb")
	if err != nil {
		testenv.Missing(t, "Xvfb (Debian package xvfb)")
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	out, err := exec.CommandContext(ctx, bin, display, "-nolisten", "tcp", "-screen", "0", "640x480x24").CombinedOutput()
	if ctx.Err() != nil {
		return string(out), errors.New("still running after a minute: it took the display")
	}
	return string(out), err
}

// testXvfb is the test's Xvfb serving display.
func testXvfb(t *testing.T, display string) *xvfb {
	t.Helper()
	v, ok := xservers.Load(display)
	if !ok {
		t.Fatalf("no test Xvfb on %s", display)
	}
	return v.(*xvfb)
}

// xClient connects to addr as an X client and fails the test if the
// server does not accept it. The client is closed when the test ends.
func xClient(t *testing.T, addr string) *xConn {
	t.Helper()
	c, err := xDial(addr)
	if err == nil {
		err = c.setup()
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// pause stops the server and returns once all its threads are stopped.
func (s *xvfb) pause(t *testing.T) {
	t.Helper()
	if err := s.cmd.Process.Signal(syscall.SIGSTOP); err != nil {
		t.Fatalf("stop Xvfb: %v", err)
	}
	tasks := filepath.Join("/proc", fmt.Sprint(s.cmd.Process.Pid), "task")
	testenv.Eventually(t, 30*time.Second, func() error {
		stats, err := filepath.Glob(filepath.Join(tasks, "*", "stat"))
		if err != nil || len(stats) == 0 {
			return fmt.Errorf("no threads in %s: %v", tasks, err)
		}
		for _, stat := range stats {
			b, err := os.ReadFile(stat)
			if err != nil {
				return err
			}
			// pid (comm) state ...: the state follows the last ')'.
			if f := strings.Fields(string(b[strings.LastIndexByte(string(b), ')')+1:])); len(f) == 0 || f[0] != "T" {
				return fmt.Errorf("%s: not stopped yet", stat)
			}
		}
		return nil
	})
}

// resume lets the stopped server go on.
func (s *xvfb) resume(t *testing.T) {
	t.Helper()
	if err := s.cmd.Process.Signal(syscall.SIGCONT); err != nil {
		t.Fatalf("continue Xvfb: %v", err)
	}
}

// TestXvfbDeathIsReported kills a test display's server: what the window
// tests report then names the server and carries its output, and stopping
// it at the end of the test says that it had gone.
func TestXvfbDeathIsReported(t *testing.T) {
	bin, err := exec.LookPath("Xvfb")
	if err != nil {
		testenv.Missing(t, "Xvfb (Debian package xvfb)")
	}
	s, err := launchXvfb(bin, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if err := s.dead(); err != nil {
		t.Fatalf("a running server reported dead: %v", err)
	}
	s.cmd.Process.Signal(syscall.SIGSEGV) // Xvfb says so in its output
	<-s.exited
	err = s.dead()
	if err == nil {
		t.Fatal("a server that exited is not reported")
	}
	for _, want := range []string{s.display, fmt.Sprint(s.cmd.Process.Pid), "exited during the test", "Caught signal 11"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("report %q lacks %q", err, want)
		}
	}
	if err := s.stop(); err == nil {
		t.Error("stopping a server that had exited reports nothing")
	}
}
