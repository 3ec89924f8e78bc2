package imap

import (
	"context"
	"sync"
	"testing"
	"time"
)

// TestMailInTheGapBeforeIdleArrives delivers a message after the worker's
// pass has synced the Inbox and before it starts IDLE: the server will not
// announce it during IDLE (it was there before), so the worker must notice
// it from the Inbox's UIDNEXT and EXISTS and sync again at once, not at the
// next check 10 minutes later.
func TestMailInTheGapBeforeIdleArrives(t *testing.T) {
	fx := newFixture(t)
	// More than one folder, so the pass does not end with the Inbox
	// selected.
	must(t, fx.other.Create("Archive", nil).Wait())
	fx.appendMsg(t, "Archive", msg(1, "Old", "filed"))
	fx.appendMsg(t, "INBOX", msg(2, "First", "before the worker"))

	sub := fx.st.Subscribe()
	defer sub.Close()
	delivered := make(chan struct{})
	var once sync.Once
	w := &Worker{Account: fx.acct, Store: fx.st, Password: func(context.Context) (string, error) { return fx.pw, nil }}
	w.beforeIdle = func() {
		once.Do(func() {
			fx.appendMsg(t, "INBOX", msg(3, "In the gap", "between the sync and IDLE"))
			close(delivered)
		})
	}
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { defer wg.Done(); w.Run(ctx) }()
	defer func() { cancel(); wg.Wait() }()

	// Wait on the store's notifications; the deadline only bounds a
	// failure (the next regular check would be 10 minutes away).
	<-delivered
	deadline := time.NewTimer(20 * time.Second)
	defer deadline.Stop()
	for {
		for _, m := range fx.local(t, "INBOX") {
			if m.Subject == "In the gap" {
				return
			}
		}
		select {
		case <-sub.C():
		case <-deadline.C:
			t.Fatal("the message delivered before IDLE did not arrive")
		}
	}
}
