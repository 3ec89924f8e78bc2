package testenv

import (
	"errors"
	"fmt"
	"net"
	"testing"
	"time"
)

func TestFreePortsAreDistinct(t *testing.T) {
	for round := 0; round < 20; round++ {
		ports, err := FreePorts(6)
		if err != nil {
			t.Fatal(err)
		}
		seen := map[int]bool{}
		for _, p := range ports {
			if p <= 0 || seen[p] {
				t.Fatalf("round %d: ports %v", round, ports)
			}
			seen[p] = true
		}
	}
}

// TestStartOnFreePortsTriesOthersWhenAPortIsTaken: a server that finds
// one of its ports taken (here: bound by the test itself before the
// server's turn) is started again on four other ports.
func TestStartOnFreePortsTriesOthersWhenAPortIsTaken(t *testing.T) {
	var tried []MailPorts
	got := StartOnFreePorts(t, func(p MailPorts) error {
		tried = append(tried, p)
		if len(tried) == 1 {
			thief, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", p.IMAPSPort))
			if err != nil {
				t.Fatal(err)
			}
			defer thief.Close()
		}
		var ls []net.Listener
		for _, port := range p.All() {
			l, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", port))
			if err != nil {
				for _, l := range ls {
					l.Close()
				}
				return err
			}
			ls = append(ls, l)
		}
		t.Cleanup(func() {
			for _, l := range ls {
				l.Close()
			}
		})
		return nil
	})
	if len(tried) != 2 || got != tried[1] || got == tried[0] {
		t.Fatalf("tried %v, got %v: want a second try on other ports", tried, got)
	}
}

// TestWaitServingReturnsWhenTheServerExits: a server whose process ends
// before it listens is reported at once, not after the whole wait.
func TestWaitServingReturnsWhenTheServerExits(t *testing.T) {
	port, err := FreePort()
	if err != nil {
		t.Fatal(err)
	}
	exited := make(chan struct{})
	close(exited)
	if err := WaitServing(time.Hour, exited, port); !errors.Is(err, ErrExited) {
		t.Fatalf("got %v, want ErrExited", err)
	}
}
