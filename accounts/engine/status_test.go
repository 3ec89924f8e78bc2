package engine

import (
	"context"
	"testing"
	"time"
)

// TestRunningWorkerReportsOnlineThroughTheStore starts the engine on the
// demo account and follows the store's notifications until the account's
// worker is online: connection status is no longer private to the engine.
func TestRunningWorkerReportsOnlineThroughTheStore(t *testing.T) {
	e, m := newEngine(t)
	st := m.Store()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	a, err := e.StartDemo(ctx)
	if err != nil {
		t.Fatal(err)
	}
	sub := st.Subscribe()
	defer sub.Close()
	e.Start(ctx)
	// The deadline only bounds a failure; success comes with an event.
	deadline := time.NewTimer(30 * time.Second)
	defer deadline.Stop()
	for {
		if c := st.ConnectionOf(a.ID); c.Known && c.Online {
			break
		}
		select {
		case <-sub.C():
		case <-deadline.C:
			t.Fatalf("the demo account's worker never reported online: %+v", st.ConnectionOf(a.ID))
		}
	}
	if c := st.ConnectionOf(a.ID); c.Err != nil {
		t.Fatalf("online with a problem: %v", c.Err)
	}
}
