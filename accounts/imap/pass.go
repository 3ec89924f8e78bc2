package imap

import (
	"context"
	"errors"
	"fmt"

	"github.com/tern-mail/tern/storage"
)

// Sync runs one full pass over the connection: replay the pending actions,
// bring the folder list in line, sync every folder's headers (Inbox first)
// and then download bodies as the policy wants them.
func (c *Conn) Sync(ctx context.Context, st *storage.Store, accountID string, p Policy) (err error) {
	// Envelopes stored without a body this pass become searchable by
	// subject and address, however the pass ends.
	defer func() {
		if ierr := st.IndexPending(context.WithoutCancel(ctx)); ierr != nil && err == nil {
			err = ierr
		}
	}()
	if err := c.replay(ctx, st, accountID); err != nil {
		return err
	}
	folders, status, err := c.syncFolderList(ctx, st, accountID)
	if err != nil {
		return err
	}
	// The Inbox first: it is what the user looks at.
	for i, f := range folders {
		if f.Role == storage.RoleInbox && i > 0 {
			folders[0], folders[i] = folders[i], folders[0]
		}
	}
	c.askNewCounts(folders, status)
	var bulk *bodyFollower
	if expectNew(folders, status) >= bulkThreshold {
		bulk = c.follow(ctx, st, folders, p)
	}
	// Only when every body is wanted: the policy goes by the Date in
	// each header, which a server does not tell before the source.
	if bulk != nil && p.BodiesSince.IsZero() {
		c.handOff = bulk.offer
		if c.caps.Has(capGmail) {
			// Gmail shows a message in a folder per label: after the
			// first folder, the others take the bodies already stored.
			c.handOff = func(j *wholeJob) bool {
				c.handOff = nil
				return bulk.offer(j)
			}
		}
	}
	defer c.stopFollowing(bulk)
	var errs []error
	for i, f := range folders {
		if err := c.syncFolder(ctx, st, f, status[f.ID]); err != nil {
			if c.broken() {
				return err
			}
			errs = append(errs, err) // e.g. one folder we may not read
		}
		bulk.folderDone(i + 1)
	}
	// What the follower could not fetch, this connection does: its error
	// (say its connection dropped) costs only time.
	c.stopFollowing(bulk)
	if bulk != nil {
		for _, j := range bulk.handed {
			if err := c.fetchLeftOver(ctx, st, j); err != nil {
				if c.broken() {
					return err
				}
				errs = append(errs, err)
			}
		}
	}
	for _, f := range folders {
		if _, err := c.fetchBodies(ctx, st, f, p); err != nil {
			if c.broken() {
				return err
			}
			errs = append(errs, err)
		}
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("imap: sync: %w", err)
	}
	return nil
}

// stopFollowing waits for b to finish (it does once every folder's
// envelopes are in and any folder handed over is fetched) and detaches
// it; on a nil b it does nothing.
func (c *Conn) stopFollowing(b *bodyFollower) {
	if b == nil || c.stored == nil {
		return
	}
	b.wait(c.broken())
	c.stored, c.handOff = nil, nil
}

// broken reports whether the connection has ended.
func (c *Conn) broken() bool {
	select {
	case <-c.c.Closed():
		return true
	default:
		return false
	}
}
