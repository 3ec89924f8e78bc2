package imap

import (
	"context"
	"fmt"
	"iter"
	"slices"
	"sort"
	"strconv"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"

	"github.com/tern-mail/tern/accounts"
	"github.com/tern-mail/tern/storage"
)

// When a pass finds many new messages in a folder and keeps every body,
// fetching envelopes first and bodies after costs each message twice: the
// server builds an envelope and then sends the source, and the store
// writes a row and then rewrites it with the body. Instead, the first
// connection hands such a folder over to the bodyFollower, which fetches
// its new messages whole, newest first, and stores each once; meanwhile
// the first connection goes on listing the other folders. The list fills
// from the top all the same, a batch at a time.
//
// A batch of whole messages is at most 2 MiB: the first few hundred of a
// folder would take several, more the larger the messages. So on a first
// sync the first connection lists the newest firstRows by their envelopes
// (one FETCH) before it hands the others over (see fetchNew); their bodies
// follow as any envelope's, fetched by the follower before or after the
// job, and never twice: the job leaves their UIDs out.

// wholeJob is a folder's new messages, handed over to be fetched whole.
type wholeJob struct {
	f    storage.Folder
	sel  imap.SelectData // as the first connection selected the folder
	uids []uint32        // newest first
	// flagsDone is set by the first connection once the flags of the
	// folder's other messages are in: only then may the folder be marked
	// in sync.
	flagsDone bool
}

// wholeMin is how many new messages a folder needs before it is handed
// over: fewer are fetched the usual way, on the first connection.
var wholeMin = headerBatch

// fetchedMeta is what the server said of a message fetched whole, beside
// its source.
type fetchedMeta struct {
	flags    storage.Flags
	size     int64
	received time.Time
}

// fetchWhole fetches j's messages whole and stores them. Those too large
// to download get their envelope only, as in any pass: their header is
// fetched with the bodies the folder still lacks.
func (c *Conn) fetchWhole(ctx context.Context, st *storage.Store, j wholeJob) error {
	sel, err := c.selectFolder(j.f.Name)
	if err != nil {
		return err
	}
	if sel.UIDValidity != j.sel.UIDValidity {
		// RFC 9051 section 2.3.1.1: these UIDs are not those any more.
		return fmt.Errorf("imap: %q changed its UIDVALIDITY during the sync", j.f.Name)
	}
	sizes, err := c.fetchSizes(j.uids)
	if err != nil {
		return fmt.Errorf("imap: fetch sizes in %q: %w", j.f.Name, err)
	}
	want := sizes[:0]
	var huge []uint32 // listed by their envelope, as in any pass
	for _, w := range sizes {
		if w.Size > maxBodyBytes {
			huge = append(huge, w.UID)
		} else {
			want = append(want, w)
		}
	}
	done := 0
	_, err = c.pipeline(ctx, "messages of "+strconv.Quote(j.f.Name), wholeBatches(want), func(b *bodyBatch) (int, error) {
		msgs := make([]storage.FetchedMessage, 0, len(b.prep))
		for uid, p := range b.prep {
			if m := b.whole[uid]; m != nil {
				msgs = append(msgs, storage.FetchedMessage{UID: uid, Flags: m.flags, Size: m.size, Received: m.received, Body: p})
			}
		}
		sort.Slice(msgs, func(i, k int) bool { return msgs[i].UID > msgs[k].UID })
		// A message the store refuses stays missing here: the pass lists
		// it by its envelope, or the next fetches it again.
		n, err := accounts.StoreEach(ctx, msgs, func(m []storage.FetchedMessage) error {
			return storeFetched(st, ctx, j.f.ID, m)
		})
		done += len(b.whole)
		st.SetProgress(storage.Progress{AccountID: j.f.AccountID, Folder: j.f.Name, Phase: "download", Done: done, Total: len(want)})
		return n, err
	})
	if err != nil {
		return err
	}
	return c.fetchHeaders(ctx, st, j.f, huge)
}

// wholeBatches is nextBodyBatch for messages not stored yet, none of them
// over maxBodyBytes.
func wholeBatches(want []storage.BodyWanted) iter.Seq[*bodyBatch] {
	return func(yield func(*bodyBatch) bool) {
		for b := range nextBodyBatch(want) {
			b.whole = make(map[uint32]*fetchedMeta, len(b.ids))
			for uid := range b.ids {
				b.whole[uid] = &fetchedMeta{}
			}
			if !yield(b) {
				return
			}
		}
	}
}

// fetchSizes returns the RFC822.SIZE of the messages of uids (newest
// first) that the server still has, in the same order. It keeps no more
// than the list it returns, however large the folder.
func (c *Conn) fetchSizes(uids []uint32) ([]storage.BodyWanted, error) {
	if len(uids) == 0 {
		return nil, nil
	}
	// One range keeps the command short however scattered the UIDs; the
	// answers for UIDs not asked about are dropped.
	var set imap.UIDSet
	set.AddRange(imap.UID(uids[len(uids)-1]), imap.UID(uids[0]))
	asked := func(uid uint32) bool { // uids is sorted, newest first
		i := sort.Search(len(uids), func(i int) bool { return uids[i] <= uid })
		return i < len(uids) && uids[i] == uid
	}
	var out []storage.BodyWanted
	// The range answers for every message in it: at most the folder's.
	n := max(len(uids), c.messages()) + fetchSlack
	err := c.within(c.transfer("FETCH", int64(n)*sizeBytes), func() error {
		return c.readSizes(c.c.Fetch(set, &imap.FetchOptions{UID: true, RFC822Size: true}), asked, n, &out)
	})
	if err != nil {
		return nil, err
	}
	sort.Slice(out, func(i, k int) bool { return out[i].UID > out[k].UID })
	// A server may answer for a message twice: keep it once.
	return slices.CompactFunc(out, func(a, b storage.BodyWanted) bool { return a.UID == b.UID }), nil
}

// sizeBytes is what one message's answer to a FETCH of sizes may take.
const sizeBytes = 1 << 10

// readSizes reads the answers of cmd, a FETCH of sizes, into out: those
// for UIDs asked, of at most n answers.
func (c *Conn) readSizes(cmd *imapclient.FetchCommand, asked func(uint32) bool, n int, out *[]storage.BodyWanted) error {
	for m, seen := cmd.Next(), 0; m != nil; m, seen = cmd.Next(), seen+1 {
		if seen == n {
			c.raw.Trip(accounts.Flood, "FETCH")
			break
		}
		w := storage.BodyWanted{Size: -1}
		for item := m.Next(); item != nil; item = m.Next() {
			switch it := item.(type) {
			case imapclient.FetchItemDataUID:
				w.UID = uint32(it.UID)
			case imapclient.FetchItemDataRFC822Size:
				w.Size = it.Size
			}
		}
		if w.UID != 0 && w.Size >= 0 && asked(w.UID) {
			*out = append(*out, w)
		}
	}
	return cmd.Close()
}

// fetchWholeBatch fetches the messages in set with their flags, internal
// date and size, and returns their sources by UID; sizes holds the size
// each was said to have, and meta, keyed by the
// UIDs wanted, receives the rest. A UID not in meta, or a message without
// its source, is left out.
func (c *Conn) fetchWholeBatch(set imap.UIDSet, sizes map[uint32]int64, meta map[uint32]*fetchedMeta) (map[uint32][]byte, error) {
	section := &imap.FetchItemBodySection{Peek: true}
	lim, total := sourceLimits(sizes)
	msgs, err := c.fetchAll(c.transfer("FETCH", total), lim, func() *imapclient.FetchCommand {
		return c.c.Fetch(set, &imap.FetchOptions{UID: true, Flags: true, InternalDate: true, RFC822Size: true,
			BodySection: []*imap.FetchItemBodySection{section}})
	})
	if err != nil {
		return nil, err
	}
	out := make(map[uint32][]byte, len(meta))
	for _, m := range msgs {
		dst, ok := meta[uint32(m.UID)]
		if raw := m.FindBodySection(section); ok && raw != nil {
			*dst = fetchedMeta{flags: convertFlags(m.Flags), size: m.RFC822Size, received: m.InternalDate}
			out[uint32(m.UID)] = raw
		}
	}
	return out, nil
}

// fetchLeftOver lists by their envelopes the messages of j that the
// follower did not store (it failed, or was stopped), so that none is
// missing when the pass ends, and then marks the folder in sync as of the
// first connection's SELECT, unless its flags failed to sync. Their
// bodies follow as any others'.
func (c *Conn) fetchLeftOver(ctx context.Context, st *storage.Store, j *wholeJob) error {
	local, err := st.LocalUIDs(ctx, j.f.ID)
	if err != nil {
		return err
	}
	asc := make([]uint32, len(j.uids))
	for i, u := range j.uids {
		asc[len(asc)-1-i] = u
	}
	if left, _ := diff(asc, local); len(left) > 0 {
		sel, err := c.selectFolder(j.f.Name)
		if err != nil {
			return err
		}
		if sel.UIDValidity != j.sel.UIDValidity {
			// RFC 9051 section 2.3.1.1: what was stored is void.
			return st.ResetFolder(ctx, j.f.ID, sel.UIDValidity)
		}
		if err := c.fetchHeaders(ctx, st, j.f, left); err != nil {
			return err
		}
	}
	if !j.flagsDone {
		return nil // the next pass syncs the folder again
	}
	return st.SetFolderSyncState(ctx, j.f.ID, j.sel.UIDValidity, uint32(j.sel.UIDNext), j.sel.HighestModSeq)
}
