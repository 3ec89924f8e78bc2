package imap

import (
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"

	"github.com/tern-mail/tern/accounts"
	"github.com/tern-mail/tern/storage"
)

// headerBatch is how many envelopes one FETCH asks for: small enough that
// the first ones reach the list within a second, large enough to keep
// round trips few.
const headerBatch = 500

// firstRows is how many of a folder's newest messages a first sync lists
// by their envelopes before it hands the rest over to be fetched whole: the
// list's first page then takes one FETCH of envelopes, whatever the size
// of the messages, instead of waiting for batches of whole ones. Their
// bodies follow as any envelope's, on the second connection.
var firstRows = headerBatch

// syncFolder brings one folder's headers, flags and expunges in line with
// the server. rf is what LIST-STATUS said of it, if anything; when that
// shows nothing changed since the last sync, the folder is not even
// selected.
func (c *Conn) syncFolder(ctx context.Context, st *storage.Store, f storage.Folder, rf remoteFolder) error {
	local, err := st.LocalUIDs(ctx, f.ID)
	if err != nil {
		return err
	}
	if c.unchanged(f, rf.status, len(local)) {
		return nil // nothing changed: no SELECT needed
	}
	sel, err := c.selectChecked(ctx, st, &f, &local)
	if err != nil {
		return err
	}
	condstore := c.caps.Has(imap.CapCondStore) && sel.HighestModSeq != 0
	if !f.SyncedAt.IsZero() && uint32(sel.UIDNext) == f.UIDNext && int(sel.NumMessages) == len(local) &&
		condstore && sel.HighestModSeq == f.HighestModSeq {
		return st.SetFolderSyncState(ctx, f.ID, sel.UIDValidity, uint32(sel.UIDNext), sel.HighestModSeq)
	}
	server, err := c.serverUIDs(f, sel)
	if err != nil {
		return err
	}
	missing, gone := diff(server, local)
	if err := st.DeleteByUID(ctx, f.ID, gone); err != nil {
		return err
	}
	job, err := c.fetchNew(ctx, st, f, rf, sel, missing, len(local) == 0)
	if err != nil {
		return err
	}
	if err := c.syncKnownFlags(ctx, st, f, local, condstore); err != nil {
		return err
	}
	if job != nil {
		job.flagsDone = true
		return nil // the folder is in sync once the job is done (see fetchLeftOver)
	}
	return st.SetFolderSyncState(ctx, f.ID, sel.UIDValidity, uint32(sel.UIDNext), sel.HighestModSeq)
}

// unchanged reports whether what LIST-STATUS said of a folder (s, nil
// when it said nothing) shows it as it was at its last sync, with the
// stored messages it holds: then it need not be selected. With CONDSTORE
// its HIGHESTMODSEQ must not have moved either (no flag changed).
func (c *Conn) unchanged(f storage.Folder, s *imap.StatusData, stored int) bool {
	if s == nil || f.SyncedAt.IsZero() || s.UIDValidity != f.UIDValidity || uint32(s.UIDNext) != f.UIDNext {
		return false
	}
	if s.NumMessages == nil || int(*s.NumMessages) != stored {
		return false
	}
	return !c.caps.Has(imap.CapCondStore) || s.HighestModSeq == f.HighestModSeq
}

// selectChecked selects f and holds its UIDVALIDITY against the one
// stored: on a change (RFC 9051 section 2.3.1.1) the UIDs stored are void,
// so the folder is emptied and *f and *local updated to match; on first
// sight it is recorded.
func (c *Conn) selectChecked(ctx context.Context, st *storage.Store, f *storage.Folder, local *[]uint32) (*imap.SelectData, error) {
	c.forgetSelection()
	sel, err := c.selectFolder(f.Name)
	if err != nil {
		return nil, err
	}
	switch {
	case f.UIDValidity != 0 && sel.UIDValidity != f.UIDValidity:
		if err := st.ResetFolder(ctx, f.ID, sel.UIDValidity); err != nil {
			return nil, err
		}
		*local, f.HighestModSeq, f.SyncedAt = nil, 0, time.Time{}
	case f.UIDValidity == 0:
		if err := st.SetFolderUIDValidity(ctx, f.ID, sel.UIDValidity); err != nil {
			return nil, err
		}
	}
	return sel, nil
}

// serverUIDs returns the UIDs of the selected folder f, ascending.
func (c *Conn) serverUIDs(f storage.Folder, sel *imap.SelectData) ([]uint32, error) {
	if sel.NumMessages == 0 {
		return nil, nil
	}
	data, err := c.search(&imap.SearchCriteria{})
	if err != nil {
		return nil, fmt.Errorf("imap: search %q: %w", f.Name, err)
	}
	all := data.AllUIDs()
	server := make([]uint32, 0, len(all))
	for _, u := range all {
		server = append(server, uint32(u))
	}
	sort.Slice(server, func(i, j int) bool { return server[i] < server[j] })
	return server, nil
}

// fetchNew lists the folder's missing messages (newest first), or hands
// them over to be fetched whole on the second connection when there are
// many (wholeMin) and a follower takes them; it returns the job handed
// over, if any. The folder of every message (RFC 6154 \All) holds copies
// of the others: listed by envelope, it takes the bodies already stored.
//
// On a first sync (the folder holds nothing yet) the newest firstRows are
// listed by envelope before the rest is handed over, so that the list
// shows its first page at once; the bodies of those follow as any
// envelope's, and the job leaves them out: no message is fetched whole
// that already has its row.
func (c *Conn) fetchNew(ctx context.Context, st *storage.Store, f storage.Folder, rf remoteFolder, sel *imap.SelectData,
	missing []uint32, firstSync bool) (*wholeJob, error) {
	if len(missing) < wholeMin || c.handOff == nil || rf.all {
		return nil, c.fetchHeaders(ctx, st, f, missing)
	}
	if firstSync {
		n := min(firstRows, len(missing))
		if err := c.fetchHeaders(ctx, st, f, missing[:n]); err != nil {
			return nil, err
		}
		if missing = missing[n:]; len(missing) == 0 {
			return nil, nil
		}
	}
	job := &wholeJob{f: f, sel: *sel, uids: missing}
	if !c.handOff(job) {
		return nil, c.fetchHeaders(ctx, st, f, missing)
	}
	return job, nil
}

// syncKnownFlags brings in line the flags of the messages stored before
// this pass (local, ascending): with CONDSTORE and a mod-sequence stored,
// only those changed since (RFC 7162 section 3.1.4.1).
func (c *Conn) syncKnownFlags(ctx context.Context, st *storage.Store, f storage.Folder, local []uint32, condstore bool) error {
	if len(local) == 0 {
		return nil
	}
	opts := &imap.FetchOptions{UID: true, Flags: true}
	if condstore && f.HighestModSeq != 0 {
		opts.ChangedSince = f.HighestModSeq
	}
	var set imap.UIDSet
	set.AddRange(imap.UID(local[0]), imap.UID(local[len(local)-1]))
	return c.syncFlags(ctx, st, f, set, opts)
}

// flagBatch is how many flag updates are stored at a time while the
// answer to a FETCH of flags is still arriving.
const flagBatch = 1000

// syncFlags fetches the flags of the messages in set and stores them as
// they arrive, flagBatch at a time, so that a folder's worth of answers
// is never held at once. Should the pass end halfway, the folder's sync
// state is not updated and the next pass asks again.
func (c *Conn) syncFlags(ctx context.Context, st *storage.Store, f storage.Folder, set imap.UIDSet, opts *imap.FetchOptions) error {
	n := c.messages() + fetchSlack
	b := c.transfer("FETCH", int64(n)*flagBytes)
	// Only the flags changed: the server may look long and find few.
	b.Sparse = opts.ChangedSince != 0
	return c.within(b, func() error {
		return c.streamFlags(ctx, st, f, c.c.Fetch(set, opts), n)
	})
}

// messages is how many messages the selected folder holds, as SELECT
// said.
func (c *Conn) messages() int {
	if c.selectedData == nil {
		return 0
	}
	return int(c.selectedData.NumMessages)
}

// streamFlags stores the flags the FETCH cmd brings, at most n messages'.
func (c *Conn) streamFlags(ctx context.Context, st *storage.Store, f storage.Folder, cmd *imapclient.FetchCommand, n int) error {
	updates := make([]storage.UIDFlags, 0, flagBatch)
	flush := func() error {
		if len(updates) == 0 {
			return nil
		}
		err := st.UpdateFlagsByUID(ctx, f.ID, updates)
		updates = updates[:0]
		return err
	}
	for seen := 0; ; seen++ {
		m := cmd.Next()
		if m == nil {
			break
		}
		if seen == n {
			c.raw.Trip(accounts.Flood, "FETCH")
			cmd.Close()
			return fmt.Errorf("imap: fetch flags of %q: more than %d answers", f.Name, n)
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
		n := end - done
		lim := fetchLimits{messages: n + fetchSlack, literal: func(uint32) int64 { return maxLiteral }}
		msgs, err := c.fetchAll(c.transfer("FETCH", int64(n)*envelopeBytes), lim, func() *imapclient.FetchCommand {
			return c.c.Fetch(set, &imap.FetchOptions{
				UID: true, Flags: true, Envelope: true, RFC822Size: true, InternalDate: true,
				BodySection: []*imap.FetchItemBodySection{{Specifier: imap.PartSpecifierHeader,
					HeaderFields: []string{"References"}, Peek: true}},
			})
		})
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
