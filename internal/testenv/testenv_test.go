package testenv

import (
	"errors"
	"fmt"
	"testing"
	"time"
)

func TestPollReturnsOnceTheConditionHolds(t *testing.T) {
	calls := 0
	err := Poll(time.Minute, func() error {
		calls++
		if calls < 5 {
			return fmt.Errorf("call %d", calls)
		}
		return nil
	})
	if err != nil || calls != 5 {
		t.Fatalf("err = %v after %d calls, want nil after 5", err, calls)
	}
}

func TestPollReturnsTheLastErrorAtTheTimeout(t *testing.T) {
	calls := 0
	err := Poll(0, func() error {
		calls++
		return errors.New("never")
	})
	if err == nil || err.Error() != "never" || calls != 1 {
		t.Fatalf("err = %v after %d calls", err, calls)
	}
}

func TestSeedComesFromTheEnvironment(t *testing.T) {
	t.Setenv(SeedEnv, "42")
	if s := Seed(t); s != 42 {
		t.Fatalf("seed %d, want 42", s)
	}
}
