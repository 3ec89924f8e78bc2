package imap

import (
	"context"
	"sync/atomic"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"

	"github.com/tern-mail/tern/accounts"
	"github.com/tern-mail/tern/storage"
)

// bulkThreshold is how many new messages a pass must expect before it
// opens a second connection for their bodies. Below it the login costs
// more than the overlap saves.
var bulkThreshold = 1000

// A first sync stores envelopes (newest first, in batches) and then
// bodies. Done one after the other on one connection, the bodies wait for
// the last envelope. When many messages are new, Sync opens a second
// connection and a bodyFollower on it fetches the bodies of the envelopes
// already stored while the first connection goes on storing the rest: the
// server, the network and the store are all busy at once. Whatever the
// follower leaves undone (it failed, or was not started) the first
// connection fetches afterwards, as it would on its own. A folder with
// many new messages goes to the follower whole instead (see whole.go).

// bodyFollower fetches bodies on its own connection, following the
// envelopes that the first connection stores.
type bodyFollower struct {
	conn    *Conn
	stored  *accounts.Kicker // a batch of envelopes was stored
	through atomic.Int32     // how many folders have all their envelopes stored
	end     chan error
	cancel  context.CancelFunc
	// whole carries a folder handed over to be fetched whole (see
	// whole.go); busy is set from the hand-over until that is done.
	whole chan wholeJob
	busy  atomic.Bool
	// handed is every job handed over, for the first connection to
	// finish what the follower could not.
	handed []*wholeJob
	// dialed is closed once the follower's connection is made, or could
	// not be: then busy is set for good, and it takes no job.
	dialed chan struct{}
}

// expectNew estimates how many messages a pass will fetch, from what
// LIST-STATUS (or STATUS, see askNewCounts) said of each folder.
func expectNew(folders []storage.Folder, status map[int64]remoteFolder) int {
	n := 0
	for _, f := range folders {
		s := status[f.ID].status
		switch {
		case s == nil:
		case f.SyncedAt.IsZero() && s.NumMessages != nil:
			n += int(*s.NumMessages)
		case uint32(s.UIDNext) > f.UIDNext:
			n += int(uint32(s.UIDNext) - f.UIDNext)
		}
	}
	return n
}

// askNewCounts fills in how many messages the folders never synced hold
// where LIST-STATUS did not say (the server lacks it), so that expectNew
// counts them: one STATUS each (RFC 9051 section 6.3.11), all sent before
// the first answer is read. A folder that cannot be asked is left out.
func (c *Conn) askNewCounts(folders []storage.Folder, status map[int64]remoteFolder) {
	var ask []storage.Folder
	for _, f := range folders {
		if f.SyncedAt.IsZero() && status[f.ID].status == nil {
			ask = append(ask, f)
		}
	}
	if len(ask) == 0 {
		return
	}
	c.within(c.sparse("STATUS", int64(len(ask))*folderBytes), func() error {
		cmds := map[int64]*imapclient.StatusCommand{}
		for _, f := range ask {
			c.names.mailbox(f.Name)
			cmds[f.ID] = c.c.Status(f.Name, &imap.StatusOptions{NumMessages: true})
		}
		for id, cmd := range cmds {
			if data, err := cmd.Wait(); err == nil {
				r := status[id]
				r.status = data
				status[id] = r
			}
		}
		return nil
	})
}

// follow starts a bodyFollower over folders (in the order their envelopes
// will be stored), or returns nil when c cannot dial another connection.
// The connection is made meanwhile: the first connection goes on with the
// Inbox, and its first rows are listed no later for it. Should it fail,
// the follower ends at once, having taken nothing: the first connection
// does it all, as it would alone.
func (c *Conn) follow(ctx context.Context, st *storage.Store, folders []storage.Folder, p Policy) *bodyFollower {
	if c.another == nil {
		return nil
	}
	ctx, cancel := context.WithCancel(ctx)
	b := &bodyFollower{stored: &accounts.Kicker{}, end: make(chan error, 1), cancel: cancel,
		whole: make(chan wholeJob, 1), dialed: make(chan struct{})}
	c.stored = b.stored
	go func() {
		helper, err := c.another(ctx)
		if err != nil {
			b.busy.Store(true)
			close(b.dialed)
			b.end <- nil
			return
		}
		b.conn = helper
		close(b.dialed)
		defer helper.Close()
		// Stopped, it ends at once: a FETCH under way ends with its
		// connection rather than run to its end.
		defer context.AfterFunc(ctx, helper.closeNow)()
		b.end <- b.run(ctx, st, folders, p)
	}()
	return b
}

// run fetches the bodies of each folder's stored envelopes, again each
// time more are stored, until the folder's envelopes are all in; and the
// messages of any folder handed over whole, as soon as it is.
func (b *bodyFollower) run(ctx context.Context, st *storage.Store, folders []storage.Folder, p Policy) error {
	// Once it has ended, it takes no job: set last, after any job's end.
	defer b.busy.Store(true)
	for i, f := range folders {
		for {
			complete := int(b.through.Load()) > i
			n, err := b.conn.fetchBodies(ctx, st, f, p)
			if err != nil {
				return err
			}
			if n > 0 {
				continue
			}
			// A job handed over before the folders counted in complete
			// were done is waiting by now.
			select {
			case j := <-b.whole:
				if err := b.do(ctx, st, j); err != nil {
					return err
				}
				continue
			default:
			}
			if complete {
				break
			}
			select {
			case <-b.stored.Kicked():
			case j := <-b.whole:
				if err := b.do(ctx, st, j); err != nil {
					return err
				}
			case <-ctx.Done():
				return ctx.Err()
			}
		}
	}
	return nil
}

// do fetches the messages of j whole.
func (b *bodyFollower) do(ctx context.Context, st *storage.Store, j wholeJob) error {
	defer b.busy.Store(false)
	return b.conn.fetchWhole(ctx, st, j)
}

// offer hands j over, unless the follower is still busy with another or
// has no connection: then the first connection lists that folder by its
// envelopes, as usual.
// It is called by the first connection only.
func (b *bodyFollower) offer(j *wholeJob) bool {
	<-b.dialed // long since, as a rule: dialing began before the first folder
	if !b.busy.CompareAndSwap(false, true) {
		return false
	}
	b.whole <- *j // never blocks: the follower has taken any job before
	b.handed = append(b.handed, j)
	return true
}

// folderDone tells the follower that the envelopes of the first n folders
// are all stored. It does nothing on a nil follower.
func (b *bodyFollower) folderDone(n int) {
	if b == nil {
		return
	}
	b.through.Store(int32(n))
	b.stored.Kick()
}

// wait returns when the follower has finished, or at once when the pass
// is over for another reason (stop is set): then the follower is stopped.
func (b *bodyFollower) wait(stop bool) error {
	if b == nil {
		return nil
	}
	if stop {
		b.cancel()
	}
	err := <-b.end
	b.cancel()
	return err
}
