package imap

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/emersion/go-imap/v2"

	"github.com/tern-mail/tern/storage"
)

// maxBatch caps how many queued actions go to the server as one command.
const maxBatch = 500

// batchOf returns the actions at the head of the queue that can go to the
// server as one command on a UID set: the same kind of message action
// (flags, move, copy, expunge) with the same folder, UIDVALIDITY and
// details, on known and different UIDs. A selection of 300 messages moved
// to the Trash becomes one UID MOVE.
func batchOf(actions []storage.Action) []storage.Action {
	head := actions[0]
	switch head.Kind {
	case storage.ActionFlags, storage.ActionMove, storage.ActionCopy, storage.ActionExpunge:
	default:
		return actions[:1]
	}
	if head.UID == 0 {
		return actions[:1]
	}
	seen := map[uint32]bool{head.UID: true}
	n := 1
	now := time.Now()
	for _, a := range actions[1:] {
		if n == maxBatch || a.Kind != head.Kind || a.Folder != head.Folder || a.UIDValidity != head.UIDValidity ||
			a.UID == 0 || seen[a.UID] || a.NextAttempt.After(now) || a.Args.Dest != head.Args.Dest ||
			!slices.Equal(a.Args.Add, head.Args.Add) || !slices.Equal(a.Args.Remove, head.Args.Remove) {
			break
		}
		seen[a.UID] = true
		n++
	}
	return actions[:n]
}

// replayBatch applies a batch from batchOf as one command and records the
// outcome of each action in it. When the server refuses the command it
// records nothing and reports refused: the caller then tries the actions
// one at a time, so that only those the server refuses on their own are
// rolled back (a COPY of 300 messages over quota may still take 290).
func (c *Conn) replayBatch(ctx context.Context, st *storage.Store, batch []storage.Action) (refused bool, err error) {
	var set imap.UIDSet
	for _, a := range batch {
		set.AddNum(imap.UID(a.UID))
	}
	data, err := c.applySet(batch[0], set)
	switch {
	case err == nil:
		for _, a := range batch {
			var validity, newUID uint32
			var gone error
			if a.Kind == storage.ActionMove || a.Kind == storage.ActionCopy {
				validity, newUID, gone = copied(data, a.UID)
			}
			if gone != nil {
				err = st.DropAction(ctx, a.ID)
			} else {
				err = st.CompleteAction(ctx, a, validity, newUID)
			}
			if err != nil {
				return false, err
			}
		}
		return false, nil
	case errors.Is(err, errGone):
		for _, a := range batch {
			if err := st.DropAction(ctx, a.ID); err != nil {
				return false, err
			}
		}
		return false, nil
	case permanent(err):
		return true, nil
	default:
		for _, a := range batch {
			st.RetryAction(ctx, a.ID, err.Error(), time.Now().Add(replayBackoff.Delay(a.Attempts)))
		}
		return false, fmt.Errorf("imap: replay %s of %d messages: %w", batch[0].Kind, len(batch), err)
	}
}
