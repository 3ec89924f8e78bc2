package imap

import (
	"context"
	"fmt"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"

	"github.com/tern-mail/tern/storage"
	"github.com/tern-mail/tern/storage/message"
)

// headerBatch is how many envelopes one FETCH asks for: small enough that
// the first ones reach the list within a second, large enough to keep
// round trips few.
const headerBatch = 500

// bodyBatchBytes bounds the size of one FETCH of full messages.
const bodyBatchBytes = 8 << 20

// Policy says which message bodies to keep for offline reading.
type Policy struct {
	// BodiesSince keeps bodies of messages dated on or after it; the zero
	// time keeps every body.
	BodiesSince time.Time
}

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
	if err := c.fetchHeaders(ctx, st, f, missing); err != nil {
		return err
	}
	// Flags of the messages we already had.
	if !firstSync && len(local) > 0 {
		opts := &imap.FetchOptions{UID: true, Flags: true}
		if condstore && f.HighestModSeq != 0 {
			opts.ChangedSince = f.HighestModSeq // RFC 7162 section 3.1.4.1
		}
		var set imap.UIDSet
		set.AddRange(imap.UID(local[0]), imap.UID(local[len(local)-1]))
		msgs, err := c.c.Fetch(set, opts).Collect()
		if err != nil {
			return fmt.Errorf("imap: fetch flags of %q: %w", f.Name, err)
		}
		updates := make([]storage.UIDFlags, 0, len(msgs))
		for _, m := range msgs {
			updates = append(updates, storage.UIDFlags{UID: uint32(m.UID), Flags: convertFlags(m.Flags)})
		}
		if err := st.UpdateFlagsByUID(ctx, f.ID, updates); err != nil {
			return err
		}
	}
	return st.SetFolderSyncState(ctx, f.ID, sel.UIDValidity, uint32(sel.UIDNext), sel.HighestModSeq)
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
		msgs, err := c.c.Fetch(set, &imap.FetchOptions{
			UID: true, Flags: true, Envelope: true, RFC822Size: true, InternalDate: true,
			BodySection: []*imap.FetchItemBodySection{{Specifier: imap.PartSpecifierHeader,
				HeaderFields: []string{"References"}, Peek: true}},
		}).Collect()
		if err != nil {
			return fmt.Errorf("imap: fetch headers of %q: %w", f.Name, err)
		}
		sort.Slice(msgs, func(i, j int) bool { return msgs[i].UID > msgs[j].UID })
		batch := make([]storage.NewMessage, 0, len(msgs))
		for _, m := range msgs {
			batch = append(batch, convertMessage(m))
		}
		if _, err := st.AddEnvelopes(ctx, f.ID, batch); err != nil {
			return err
		}
		signal(c.stored)
		done = end
		st.SetProgress(storage.Progress{AccountID: f.AccountID, Folder: f.Name, Phase: "headers", Done: done, Total: total})
	}
	return nil
}

// fetchBodies downloads the full source of the folder's messages that have
// none yet, newest first, as far as the policy wants them. It is a
// pipeline: while one batch is parsed (on every core) and stored, the next
// is already on its way.
//
// It returns how many bodies it stored: 0 when the store lacked none, or
// when the server no longer has those it lacks.
func (c *Conn) fetchBodies(ctx context.Context, st *storage.Store, f storage.Folder, p Policy) (int, error) {
	if err := adoptKnownBodies(ctx, st, f); err != nil {
		return 0, err
	}
	want, err := st.MissingBodies(ctx, f.ID, p.BodiesSince)
	if err != nil || len(want) == 0 {
		return 0, err
	}
	if _, err := c.selectFolder(f.Name); err != nil {
		return 0, err
	}
	type batch struct {
		ids  map[uint32]int64
		set  imap.UIDSet
		got  map[uint32][]byte
		prep map[int64]storage.PreparedBody
		err  error
	}
	var batches []*batch
	for done := 0; done < len(want); {
		b := &batch{ids: map[uint32]int64{}}
		var size int64
		end := done
		for end < len(want) && (end == done || size+want[end].Size <= bodyBatchBytes) && end-done < 200 {
			b.set.AddNum(imap.UID(want[end].UID))
			b.ids[want[end].UID] = want[end].ID
			size += want[end].Size
			end++
		}
		batches = append(batches, b)
		done = end
	}

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	fetched := make(chan *batch, 1)
	parsed := make(chan *batch, 1)
	go func() { // stage 1: the network
		defer close(fetched)
		for _, b := range batches {
			b.got, b.err = c.fetchSources(b.set)
			select {
			case fetched <- b:
			case <-ctx.Done():
				return
			}
			if b.err != nil {
				return
			}
		}
	}()
	go func() { // stage 2: parsing, on every core
		defer close(parsed)
		for b := range fetched {
			if b.err == nil {
				b.prep = prepareAll(b.got, b.ids)
			}
			select {
			case parsed <- b:
			case <-ctx.Done():
				return
			}
		}
	}()
	var bytes int64
	stored := 0
	done := 0
	for b := range parsed { // stage 3: the store, one writer
		if b.err != nil {
			return stored, fmt.Errorf("imap: fetch bodies of %q: %w", f.Name, b.err)
		}
		if err := st.SetPreparedBodies(ctx, b.prep); err != nil {
			return stored, err
		}
		for _, raw := range b.got {
			bytes += int64(len(raw))
		}
		done += len(b.ids)
		stored += len(b.prep)
		st.SetProgress(storage.Progress{AccountID: f.AccountID, Folder: f.Name, Phase: "bodies", Done: done, Total: len(want), Bytes: bytes})
	}
	return stored, ctx.Err()
}

// prepareAll parses fetched sources in parallel, keyed by local id.
func prepareAll(got map[uint32][]byte, ids map[uint32]int64) map[int64]storage.PreparedBody {
	type job struct {
		id  int64
		raw []byte
	}
	jobs := make(chan job)
	out := make(map[int64]storage.PreparedBody, len(got))
	var mu sync.Mutex
	var wg sync.WaitGroup
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				p := storage.PrepareBody(j.raw)
				mu.Lock()
				out[j.id] = p
				mu.Unlock()
			}
		}()
	}
	for uid, raw := range got {
		if id, ok := ids[uid]; ok {
			jobs <- job{id, raw}
		}
	}
	close(jobs)
	wg.Wait()
	return out
}

// fetchSources returns BODY.PEEK[] of the messages in set, by UID. A
// message expunged meanwhile is simply missing from the result.
func (c *Conn) fetchSources(set imap.UIDSet) (map[uint32][]byte, error) {
	section := &imap.FetchItemBodySection{Peek: true}
	cmd := c.c.Fetch(set, &imap.FetchOptions{UID: true, BodySection: []*imap.FetchItemBodySection{section}})
	out := map[uint32][]byte{}
	for {
		m := cmd.Next()
		if m == nil {
			break
		}
		buf, err := m.Collect()
		if err != nil {
			cmd.Close()
			return nil, err
		}
		if raw := buf.FindBodySection(section); raw != nil {
			out[uint32(buf.UID)] = raw
		}
	}
	if err := cmd.Close(); err != nil {
		return nil, err
	}
	return out, nil
}

// FetchBody downloads one message's source now (for a message opened whose
// body the offline policy left on the server).
func (c *Conn) FetchBody(ctx context.Context, st *storage.Store, folder string, uid uint32, id int64) error {
	if _, err := c.selectFolder(folder); err != nil {
		return err
	}
	got, err := c.fetchSources(imap.UIDSetNum(imap.UID(uid)))
	if err != nil {
		return fmt.Errorf("imap: fetch body of %d: %w", uid, err)
	}
	raw, ok := got[uid]
	if !ok {
		return fmt.Errorf("imap: message %d is no longer on the server", uid)
	}
	return st.SetBody(ctx, id, raw)
}

// convertMessage turns a FETCH response into a message for the store.
func convertMessage(m *imapclient.FetchMessageBuffer) storage.NewMessage {
	nm := storage.NewMessage{
		UID:      uint32(m.UID),
		Flags:    convertFlags(m.Flags),
		Size:     m.RFC822Size,
		Received: m.InternalDate,
		Envelope: &storage.Envelope{},
	}
	if e := m.Envelope; e != nil {
		nm.Envelope = &storage.Envelope{
			Date:      e.Date,
			Subject:   e.Subject,
			From:      convertAddrs(e.From),
			To:        convertAddrs(e.To),
			Cc:        convertAddrs(e.Cc),
			MessageID: strings.Trim(e.MessageID, "<> "),
		}
		if len(e.InReplyTo) > 0 {
			nm.Envelope.InReplyTo = strings.Trim(e.InReplyTo[0], "<> ")
		}
	}
	for _, s := range m.BodySection {
		nm.Envelope.References = message.MessageIDs(string(s.Bytes))
	}
	return nm
}

func convertAddrs(l []imap.Address) []storage.Address {
	out := make([]storage.Address, 0, len(l))
	for _, a := range l {
		if a.IsGroupStart() || a.IsGroupEnd() {
			continue
		}
		out = append(out, storage.Address{Name: a.Name, Email: a.Addr()})
	}
	return out
}

// convertFlags maps IMAP flags to the store's.
func convertFlags(fl []imap.Flag) storage.Flags {
	var f storage.Flags
	for _, x := range fl {
		switch imap.Flag(strings.ToLower(string(x))) {
		case "\\seen":
			f.Seen = true
		case "\\flagged":
			f.Flagged = true
		case "\\answered":
			f.Answered = true
		case "\\draft":
			f.Draft = true
		case "\\deleted":
			f.Deleted = true
		case "\\recent":
		default:
			f.Keywords = append(f.Keywords, string(x))
		}
	}
	return f
}

// SearchText asks the server which messages of folder contain text
// anywhere (RFC 9051 section 6.4.4, SEARCH TEXT) and returns their UIDs:
// for mail whose body is not on this computer.
func (c *Conn) SearchText(folder, text string) ([]uint32, error) {
	c.forgetSelection()
	if _, err := c.selectFolder(folder); err != nil {
		return nil, err
	}
	data, err := c.c.UIDSearch(&imap.SearchCriteria{Text: []string{text}}, &imap.SearchOptions{}).Wait()
	if err != nil {
		return nil, fmt.Errorf("imap: search %q in %q: %w", text, folder, err)
	}
	var out []uint32
	for _, u := range data.AllUIDs() {
		out = append(out, uint32(u))
	}
	return out, nil
}
