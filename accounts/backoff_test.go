package accounts

import (
	"testing"
	"time"
)

func TestBackoffDoublesUpToItsCap(t *testing.T) {
	b := Backoff{First: 2 * time.Second, Max: 10 * time.Minute}
	for n, want := range []time.Duration{2 * time.Second, 4 * time.Second, 8 * time.Second, 16 * time.Second} {
		if got := b.Delay(n); got != want {
			t.Errorf("Delay(%d) = %v, want %v", n, got, want)
		}
	}
	if got := b.Delay(9); got != 10*time.Minute { // 2s·512 would be 17 minutes
		t.Errorf("Delay(9) = %v, want the cap", got)
	}
	if got := b.Delay(1000); got != 10*time.Minute {
		t.Errorf("Delay(1000) = %v, want the cap", got)
	}
	if got := (Backoff{First: 5 * time.Second, Max: 3 * time.Second}).Delay(0); got != 3*time.Second {
		t.Errorf("a cap below First: %v", got)
	}
}

func TestKickerMergesKicksAndClears(t *testing.T) {
	var k Kicker
	k.Kick()
	k.Kick() // merges; never blocks
	if !k.Clear() {
		t.Fatal("Clear found no pending kick")
	}
	if k.Clear() {
		t.Fatal("two kicks did not merge into one")
	}
	k.Kick()
	select {
	case <-k.Kicked():
	default:
		t.Fatal("a kick was not delivered")
	}
	var nilKicker *Kicker
	nilKicker.Kick() // ignored
}
