package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// windowApp is the real binary running on a test's virtual display.
type windowApp struct {
	cmd  *exec.Cmd
	log  string        // where its output goes
	done chan struct{} // closed when it has exited
	err  error         // how it exited, once done is closed
}

// startWindow runs tern with args on display, with its output in
// dir/tern.log. It is killed when the test ends.
func startWindow(t *testing.T, display, dir string, args ...string) *windowApp {
	t.Helper()
	a := &windowApp{cmd: exec.Command(ternBinary(t), args...), log: filepath.Join(dir, "tern.log"), done: make(chan struct{})}
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

// alive fails the test, with tern's output, when tern has exited.
func (a *windowApp) alive(t testing.TB) {
	t.Helper()
	select {
	case <-a.done:
		log, _ := os.ReadFile(a.log)
		t.Fatalf("tern exited: %v\n%s", a.err, log)
	default:
	}
}
