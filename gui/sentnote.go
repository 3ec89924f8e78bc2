package gui

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/tern-mail/tern/assets/i18n"
	"github.com/tern-mail/tern/storage"
)

// sentNote follows the last message the user sent, so the status line can
// say whether it has gone or waits for the network.
type sentNote struct {
	mu        sync.Mutex
	accountID string
	outboxID  int64     // 0 when nothing was sent in this run
	goneAt    time.Time // when it was first seen sent
	refusal   string    // the server's words refusing it, "" if none
}

// sentShown is how long "Sent" stays on the status line.
const sentShown = time.Minute

// statusSent says on the status line that the last message sent went.
func statusSent() string { return i18n.T("status.sent") }

// statusWaiting says that it waits for the network.
func statusWaiting() string { return i18n.T("status.sent.waiting") }

// statusSending says that it is being sent.
func statusSending() string { return i18n.T("status.sent.sending") }

// noteQueued records that a message went into the outbox and shows, at
// once, what happens to it. It may be called from any goroutine.
func (w *MainWindow) noteQueued(accountID string, outboxID int64) {
	w.sent.mu.Lock()
	w.sent.accountID, w.sent.outboxID, w.sent.goneAt, w.sent.refusal = accountID, outboxID, time.Time{}, ""
	w.sent.mu.Unlock()
	Background(w.Reload)
}

// sentStatus says what became of the last message sent, "" if none: it
// reads the store, so it runs off the UI goroutine.
func (w *MainWindow) sentStatus() string {
	w.sent.mu.Lock()
	acct, id := w.sent.accountID, w.sent.outboxID
	w.sent.mu.Unlock()
	if id == 0 {
		return ""
	}
	rows, err := w.store.Outbox(context.Background(), acct)
	if err != nil {
		return ""
	}
	for _, r := range rows {
		if r.ID != id {
			continue
		}
		switch {
		case r.State == storage.OutboxSent:
			return w.sentFor()
		case r.State == storage.OutboxFailed:
			w.sent.mu.Lock()
			w.sent.refusal = r.LastError
			w.sent.mu.Unlock()
			return i18n.T("keys.status.sent.refused")
		}
		c := w.store.ConnectionOf(acct)
		if c.Blocked != nil {
			return i18n.T("keys.status.sent.password")
		}
		if (c.Known && !c.Online) || c.SendErr != nil || r.Attempts > 0 {
			return statusWaiting()
		}
		return statusSending()
	}
	// Gone from the outbox: delivered and filed in Sent.
	return w.sentFor()
}

// sentFor says "Sent" for a while, then leaves the line to other news.
func (w *MainWindow) sentFor() string {
	w.sent.mu.Lock()
	defer w.sent.mu.Unlock()
	if w.sent.goneAt.IsZero() {
		w.sent.goneAt = time.Now()
	}
	if time.Since(w.sent.goneAt) > sentShown {
		return ""
	}
	return statusSent()
}

// sentRefusal is the server's own words refusing the last message sent,
// for the status line's Details; nil when it was not refused.
func (w *MainWindow) sentRefusal() error {
	w.sent.mu.Lock()
	defer w.sent.mu.Unlock()
	if w.sent.refusal == "" {
		return nil
	}
	return errors.New(w.sent.refusal)
}
