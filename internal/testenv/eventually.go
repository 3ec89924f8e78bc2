package testenv

import (
	"testing"
	"time"
)

// Eventually calls cond until it returns nil and fails the test with cond's
// last error when that has not happened within timeout. It is how a test
// waits for something another process (a server, the tern binary) does
// and cannot announce: it waits for the condition itself, never for a
// fixed time, so it passes as soon as the condition holds on a fast
// machine and still passes on a slow one. The timeout only bounds a
// failure.
//
// cond may call t.Fatal to stop at once, for example when the process it
// watches has exited.
func Eventually(t testing.TB, timeout time.Duration, cond func() error) {
	t.Helper()
	if err := Poll(timeout, cond); err != nil {
		t.Fatalf("still not so after %v: %v", timeout, err)
	}
}

// Poll calls cond until it returns nil, and returns nil then, or cond's
// last error once timeout has passed. The first calls follow each other
// closely, later ones at most 50 ms apart.
func Poll(timeout time.Duration, cond func() error) error {
	deadline := time.Now().Add(timeout)
	pause := time.Millisecond
	for {
		err := cond()
		if err == nil {
			return nil
		}
		if time.Now().After(deadline) {
			return err
		}
		time.Sleep(pause)
		pause = min(2*pause, 50*time.Millisecond)
	}
}
