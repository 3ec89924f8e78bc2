package imap

import (
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/emersion/go-imap/v2"

	"github.com/tern-mail/tern/storage"
)

// headerBatch is how many envelopes one FETCH asks for: small enough that
// the first ones reach the list within a second, large enough to keep
// round trips few.
const headerBatch = 500

// syncFolder brings one folder's headers, flags and expunges in line with
// the server. rf is what LIST-STATUS said of it, if anything; when that
// shows nothing changed since the last sync, the folder is not even
// selected.
func (c *Conn) syncFolder(ctx context.Context, st *storage.Store, f storage.Folder, rf remoteFolder) error {
	local, err := st.LocalUIDs(ctx, f.ID)
	if err != nil {
		return err
	}
	if s := rf.status; s != nil && !f.SyncedAt.IsZero() && s.UIDValidity == f.UIDValidity &&
		uint32(s.UIDNext) == f.UIDNext && s.NumMessages != nil && int(*s.NumMessages) == len(local) &&
		(!c.caps.Has(imap.CapCondStore) || s.HighestModSeq == f.HighestModSeq) {
		return nil // nothing changed: no SELECT needed
	}
	c.forgetSelection()
	sel, err := c.selectFolder(f.Name)
	if err != nil {
		return err
	}
	if f.UIDValidity != 0 && sel.UIDValidity != f.UIDValidity {
		// RFC 9051 section 2.3.1.1: the UIDs we hold are void.
		if err := st.ResetFolder(ctx, f.ID, sel.UIDValidity); err != nil {
			return err
		}
		local, f.HighestModSeq, f.SyncedAt = nil, 0, time.Time{}
	} else if f.UIDValidity == 0 {
		if err := st.SetFolderUIDValidity(ctx, f.ID, sel.UIDValidity); err != nil {
			return err
		}
	}
	condstore := c.caps.Has(imap.CapCondStore) && sel.HighestModSeq != 0
	if !f.SyncedAt.IsZero() && uint32(sel.UIDNext) == f.UIDNext && int(sel.NumMessages) == len(local) &&
		condstore && sel.HighestModSeq == f.HighestModSeq {
		return st.SetFolderSyncState(ctx, f.ID, sel.UIDValidity, uint32(sel.UIDNext), sel.HighestModSeq)
	}

	var server []uint32
	if sel.NumMessages > 0 {
		data, err := c.c.UIDSearch(&imap.SearchCriteria{}, nil).Wait()
		if err != nil {
			return fmt.Errorf("imap: search %q: %w", f.Name, err)
		}
		for _, u := range data.AllUIDs() {
			server = append(server, uint32(u))
		}
		sort.Slice(server, func(i, j int) bool { return server[i] < server[j] })
	}
	missing, gone := diff(server, local)
	if err := st.DeleteByUID(ctx, f.ID, gone); err != nil {
		return err
	}
	firstSync := len(local) == 0
	// The folder of every message (RFC 6154 \All) holds copies of the
	// others: listed by envelope, it takes the bodies already stored.
	var job *wholeJob
	if len(missing) >= wholeMin && c.handOff != nil && !rf.all {
		job = &wholeJob{f: f, sel: *sel, uids: missing}
		if !c.handOff(job) {
			job = nil
		}
	}
	if job == nil {
		if err := c.fetchHeaders(ctx, st, f, missing); err != nil {
			return err
		}
	}
	// Flags of the messages we already had.
	if !firstSync && len(local) > 0 {
		opts := &imap.FetchOptions{UID: true, Flags: true}
		if condstore && f.HighestModSeq != 0 {
			opts.ChangedSince = f.HighestModSeq // RFC 7162 section 3.1.4.1
		}
		var set imap.UIDSet
		set.AddRange(imap.UID(local[0]), imap.UID(local[len(local)-1]))
		if err := c.syncFlags(ctx, st, f, set, opts); err != nil {
			return err
		}
	}
	if job != nil {
		job.flagsDone = true
		return nil // the folder is in sync once the job is done (see fetchLeftOver)
	}
	return st.SetFolderSyncState(ctx, f.ID, sel.UIDValidity, uint32(sel.UIDNext), sel.HighestModSeq)
}

// flagBatch is how many flag updates are stored at a time while the
// answer to a FETCH of flags is still arriving.
const flagBatch = 1000

// syncFlags fetches the flags of the messages in set and stores them as
// they arrive, flagBatch at a time, so that a folder's worth of answers
// is never held at once. Should the pass end halfway, the folder's sync
// state is not updated and the next pass asks again.
func (c *Conn) syncFlags(ctx context.Context, st *storage.Store, f storage.Folder, set imap.UIDSet, opts *imap.FetchOptions) error {
	cmd := c.c.Fetch(set, opts)
	updates := make([]storage.UIDFlags, 0, flagBatch)
	flush := func() error {
		if len(updates) == 0 {
			return nil
		}
		err := st.UpdateFlagsByUID(ctx, f.ID, updates)
		updates = updates[:0]
		return err
	}
	for {
		m := cmd.Next()
		if m == nil {
			break
		}
		buf, err := m.Collect()
		if err != nil {
			cmd.Close()
			return fmt.Errorf("imap: fetch flags of %q: %w", f.Name, err)
		}
		if buf.UID == 0 {
			continue
		}
		updates = append(updates, storage.UIDFlags{UID: uint32(buf.UID), Flags: convertFlags(buf.Flags)})
		if len(updates) == flagBatch {
			if err := flush(); err != nil {
				cmd.Close()
				return err
			}
		}
	}
	if err := cmd.Close(); err != nil {
		return fmt.Errorf("imap: fetch flags of %q: %w", f.Name, err)
	}
	return flush()
}

// diff returns what server has that local lacks, newest first, and what
// local has that server lost. Both inputs are sorted ascending.
func diff(server, local []uint32) (missing, gone []uint32) {
	i, j := 0, 0
	for i < len(server) || j < len(local) {
		switch {
		case j >= len(local) || (i < len(server) && server[i] < local[j]):
			missing = append(missing, server[i])
			i++
		case i >= len(server) || local[j] < server[i]:
			gone = append(gone, local[j])
			j++
		default:
			i++
			j++
		}
	}
	for l, r := 0, len(missing)-1; l < r; l, r = l+1, r-1 {
		missing[l], missing[r] = missing[r], missing[l]
	}
	return missing, gone
}

// fetchHeaders stores envelopes and flags of uids (newest first) in
// batches, so the list fills from the top while the rest arrives.
func (c *Conn) fetchHeaders(ctx context.Context, st *storage.Store, f storage.Folder, uids []uint32) error {
	total := len(uids)
	for done := 0; done < total; {
		if err := ctx.Err(); err != nil {
			return err
		}
		end := min(done+headerBatch, total)
		var set imap.UIDSet
		for _, u := range uids[done:end] {
			set.AddNum(imap.UID(u))
		}
		msgs, err := c.fetchAll(c.c.Fetch(set, &imap.FetchOptions{
			UID: true, Flags: true, Envelope: true, RFC822Size: true, InternalDate: true,
			BodySection: []*imap.FetchItemBodySection{{Specifier: imap.PartSpecifierHeader,
				HeaderFields: []string{"References"}, Peek: true}},
		}))
		if err != nil {
			return fmt.Errorf("imap: fetch headers of %q: %w", f.Name, err)
		}
		sort.Slice(msgs, func(i, j int) bool { return msgs[i].UID > msgs[j].UID })
		batch := make([]storage.NewMessage, 0, len(msgs))
		for _, m := range msgs {
			batch = append(batch, convertMessage(m))
		}
		if err := addEnvelopesEach(ctx, st, f.ID, batch); err != nil {
			return err
		}
		c.stored.Kick()
		done = end
		st.SetProgress(storage.Progress{AccountID: f.AccountID, Folder: f.Name, Phase: "headers", Done: done, Total: total})
	}
	return nil
}

// addEnvelopesEach stores a batch of envelopes in one transaction, or,
// when that fails, one by one: an envelope that cannot be stored is
// skipped (its UID stays missing here, so the next pass asks for it
// again) and never holds back the folder. It fails only when the store
// took none of several, or the context ended.
func addEnvelopesEach(ctx context.Context, st *storage.Store, folderID int64, batch []storage.NewMessage) error {
	_, err := storeEnvelopes(st, ctx, folderID, batch)
	if err == nil || ctx.Err() != nil || len(batch) == 0 {
		return err
	}
	stored := 0
	var last error
	for _, m := range batch {
		if _, err := storeEnvelopes(st, ctx, folderID, []storage.NewMessage{m}); err != nil {
			last = err
			continue
		}
		stored++
	}
	if stored == 0 && len(batch) > 1 {
		return last
	}
	return ctx.Err()
}
