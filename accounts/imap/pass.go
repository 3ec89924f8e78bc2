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
	c.rescues = 0
	if err := c.replay(ctx, st, accountID); err != nil {
		return err
	}
	folders, status, err := c.syncFolderList(ctx, st, accountID)
	if err != nil {
		return err
	}
	inboxFirst(folders)
	bulk := c.startFollowing(ctx, st, folders, status, p)
	defer c.stopFollowing(bulk)
	var errs passErrors
	for i, f := range folders {
		if err := errs.add(ctx, c, c.syncFolder(ctx, st, f, status[f.ID])); err != nil {
			return err
		}
		bulk.folderDone(i + 1)
	}
	// What the follower could not fetch, this connection does: its error
	// (say its connection dropped) costs only time.
	c.stopFollowing(bulk)
	if err := c.finishHandedOver(ctx, st, bulk, &errs); err != nil {
		return err
	}
	for _, f := range folders {
		_, err := c.fetchBodies(ctx, st, f, p)
		if err := errs.add(ctx, c, err); err != nil {
			return err
		}
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("imap: sync: %w", err)
	}
	return nil
}

// passErrors gathers the errors of a pass that leave the connection
// usable (say, one folder we may not read): the pass goes on after them.
type passErrors []error

// add keeps err for the end of the pass and returns nil, unless the
// connection has ended: then there is no going on, and it returns err —
// unless the server was cut off for misbehaving and a new connection
// could be made (rescue): the pass goes on with the other folders.
func (errs *passErrors) add(ctx context.Context, c *Conn, err error) error {
	if err == nil {
		return nil
	}
	if c.broken() && !c.rescue(ctx, err) {
		return err
	}
	*errs = append(*errs, err)
	return nil
}

// inboxFirst moves the Inbox to the front of folders: it is what the user
// looks at.
func inboxFirst(folders []storage.Folder) {
	for i, f := range folders {
		if f.Role == storage.RoleInbox && i > 0 {
			folders[0], folders[i] = folders[i], folders[0]
		}
	}
}

// startFollowing opens a second connection for the pass's bodies when it
// expects many new messages (bulkThreshold), and returns its follower, or
// nil. When every body is wanted, it also lets syncFolder hand a folder's
// new messages over to be fetched whole: the policy goes by the Date in
// each header, which a server does not tell before the source.
func (c *Conn) startFollowing(ctx context.Context, st *storage.Store, folders []storage.Folder, status map[int64]remoteFolder, p Policy) *bodyFollower {
	c.askNewCounts(folders, status)
	if expectNew(folders, status) < bulkThreshold {
		return nil
	}
	bulk := c.follow(ctx, st, folders, p)
	if bulk == nil || !p.BodiesSince.IsZero() {
		return bulk
	}
	c.handOff = bulk.offer
	if c.caps.Has(capGmail) {
		// Gmail shows a message in a folder per label: after the first
		// folder, the others take the bodies already stored.
		c.handOff = func(j *wholeJob) bool {
			c.handOff = nil
			return bulk.offer(j)
		}
	}
	return bulk
}

// finishHandedOver lists by envelope, on this connection, what the
// follower (stopped by now) left undone of the folders handed over to it
// (see fetchLeftOver). Errors that leave the connection usable go to errs.
func (c *Conn) finishHandedOver(ctx context.Context, st *storage.Store, bulk *bodyFollower, errs *passErrors) error {
	if bulk == nil {
		return nil
	}
	for _, j := range bulk.handed {
		if err := errs.add(ctx, c, c.fetchLeftOver(ctx, st, j)); err != nil {
			return err
		}
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

// broken reports whether the connection has ended, or was cut off (its
// end may still be on its way to go-imap's reader).
func (c *Conn) broken() bool {
	if c.raw.Tripped() != nil {
		return true
	}
	select {
	case <-c.c.Closed():
		return true
	default:
		return false
	}
}
