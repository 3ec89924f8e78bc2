package imap

import (
	"context"
	"fmt"
	"time"

	"github.com/tern-mail/tern/storage"
)

// When the computer cannot keep mail (storage.Trouble: the disk is full,
// the profile is read-only or gone), fetching more only fails again. The
// worker pauses instead, and goes on by itself: when any write works
// again (the store clears its trouble), when the disk has more free space
// than when it paused, every TroubleRetry, or when kicked.
const (
	// DefaultTroubleRetry is how often a paused worker tries a pass.
	DefaultTroubleRetry = time.Minute
	// spaceLook is how often a paused worker looks at the disk's free
	// space.
	spaceLook = 5 * time.Second
	// spaceGained is how much free space counts as room made: more than
	// SQLite's journal needs for a batch of messages.
	spaceGained = 1 << 20
)

// troubleRetry returns how often a paused worker tries a pass.
func (o Options) troubleRetry() time.Duration {
	if o.TroubleRetry > 0 {
		return o.TroubleRetry
	}
	return DefaultTroubleRetry
}

// waitForRoom pauses while the store reports trouble; it returns when it
// is worth trying a pass again, or with an error when the connection or
// ctx ended meanwhile.
func (w *Worker) waitForRoom(ctx context.Context, c *Conn) error {
	sub := w.Store.Subscribe()
	defer sub.Close()
	retry := time.NewTimer(w.Options.troubleRetry())
	defer retry.Stop()
	look := time.NewTicker(spaceLook)
	defer look.Stop()
	free0, _ := storage.FreeSpace(w.Store.Dir())
	for w.Store.Trouble() != storage.TroubleNone {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-c.c.Closed():
			return fmt.Errorf("imap: connection closed while paused")
		case <-sub.C():
		case <-retry.C:
			return nil
		case <-w.Kicked():
			return nil
		case <-look.C:
			if free, ok := storage.FreeSpace(w.Store.Dir()); ok && free > free0+spaceGained {
				return nil
			}
		}
	}
	return nil
}
