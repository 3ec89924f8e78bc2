package instance

import (
	"bufio"
	"context"
	"errors"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
)

func TestLockIsExclusive(t *testing.T) {
	dir := t.TempDir()
	a, err := TryLock(dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := TryLock(dir); !errors.Is(err, ErrBusy) {
		t.Fatalf("second lock: %v, want ErrBusy", err)
	}
	if err := a.Release(); err != nil {
		t.Fatal(err)
	}
	if err := a.Release(); err != nil {
		t.Fatalf("second release: %v", err)
	}
	b, err := TryLock(dir)
	if err != nil {
		t.Fatalf("lock after release: %v", err)
	}
	b.Release()
}

// holder starts another process that takes dir's lock and returns it once
// the lock is taken.
func holder(t *testing.T, dir string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "TERN_INSTANCE_HOLD="+dir)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { stdin.Close(); cmd.Process.Kill(); cmd.Wait() })
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if strings.TrimSpace(line) != "locked" {
		t.Fatalf("holder said %q (%v)", line, err)
	}
	return cmd
}

// TestLockDroppedWhenHolderIsKilled: the system drops the lock of a
// process killed with SIGKILL, so the next one takes it at once.
func TestLockDroppedWhenHolderIsKilled(t *testing.T) {
	dir := t.TempDir()
	cmd := holder(t, dir)
	if _, err := TryLock(dir); !errors.Is(err, ErrBusy) {
		t.Fatalf("lock held by another process: %v, want ErrBusy", err)
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
	l, err := TryLock(dir)
	if err != nil {
		t.Fatalf("lock after the holder was killed: %v", err)
	}
	l.Release()
}

func TestWaitLock(t *testing.T) {
	dir := t.TempDir()
	a, err := TryLock(dir)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := WaitLock(ctx, dir, nil); !errors.Is(err, ErrBusy) {
		t.Fatalf("wait with an ended context: %v, want ErrBusy", err)
	}
	// The caller's other way out ends the wait with its error.
	found := errors.New("handed over")
	if _, err := WaitLock(context.Background(), dir, func() error { return found }); err != found {
		t.Fatalf("wait with a way out: %v", err)
	}
	// Released while waiting: the waiter gets it. The release happens in
	// the waiter's own hook, so the test needs no timing.
	tries := 0
	b, err := WaitLock(context.Background(), dir, func() error {
		tries++
		if tries == 2 {
			a.Release()
		}
		return nil
	})
	if err != nil {
		t.Fatalf("wait for a released lock: %v", err)
	}
	if tries != 2 {
		t.Errorf("took the lock after %d tries, want 2", tries)
	}
	b.Release()
}
