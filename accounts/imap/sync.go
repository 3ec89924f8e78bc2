package imap

import (
	"context"
	"fmt"
	"io"
	"iter"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"

	"github.com/tern-mail/tern/accounts"
	"github.com/tern-mail/tern/storage"
	"github.com/tern-mail/tern/storage/message"
)

// headerBatch is how many envelopes one FETCH asks for: small enough that
// the first ones reach the list within a second, large enough to keep
// round trips few.
const headerBatch = 500

// bodyBatchBytes bounds the size of one FETCH of full messages. With at
// most five batches held at once (see pipeline) it is what bounds the
// memory of a sync; 2 MiB is still many messages per round trip.
const bodyBatchBytes = 2 << 20

// maxBodyBytes is the size above which only a message's header is
// fetched and stored (message.HeadersOnlySource): its body stays on the
// server and never passes through memory.
var maxBodyBytes int64 = message.MaxMessageBytes

// Fault injection for tests: how bodies are prepared and stored.
var (
	prepareBody    = storage.PrepareBody
	storeBodies    = (*storage.Store).SetPreparedBodies
	storeEnvelopes = (*storage.Store).AddEnvelopes
	storeFetched   = (*storage.Store).AddFetchedMessages
)

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
	var bytes int64
	done := 0
	return c.pipeline(ctx, "bodies of "+strconv.Quote(f.Name), nextBodyBatch(want), func(b *bodyBatch) (int, error) {
		prep := make(map[int64]storage.PreparedBody, len(b.prep))
		for uid, p := range b.prep {
			if id, ok := b.ids[uid]; ok { // not a UID the server slipped in
				prep[id] = p
			}
		}
		// A body the store refuses is skipped: the message still lacks
		// it, so the next pass fetches it again.
		n, err := storeEach(ctx, st, prep)
		if err != nil {
			return n, err
		}
		for _, raw := range b.got {
			bytes += int64(len(raw))
		}
		done += len(b.ids)
		st.SetProgress(storage.Progress{AccountID: f.AccountID, Folder: f.Name, Phase: "bodies", Done: done, Total: len(want), Bytes: bytes})
		return n, nil
	})
}

// pipeline fetches batches (what, for errors), parses each (on every core) and hands it to
// store, which returns how many messages it stored. While one batch is
// parsed and stored, the next is already on its way. It returns how many
// were stored in all; a batch that failed to arrive ends it with an
// error, as does store's.
func (c *Conn) pipeline(ctx context.Context, what string, batches iter.Seq[*bodyBatch], store func(*bodyBatch) (int, error)) (int, error) {
	ctx, cancel := context.WithCancel(ctx)
	// On return the stages stop, and are waited for: no FETCH of theirs
	// is still on the connection when the caller goes on with it.
	var stages sync.WaitGroup
	defer stages.Wait()
	defer cancel()
	// Each stage holds at most one batch and each channel one more, so
	// at most five batches (of bodyBatchBytes or fewer) are in memory,
	// however many messages the folder has. A batch is made only when the
	// network is ready for it, and nothing keeps it once it is stored.
	fetched := make(chan *bodyBatch, 1)
	parsed := make(chan *bodyBatch, 1)
	stages.Add(2)
	go func() { // stage 1: the network
		defer stages.Done()
		defer close(fetched)
		for b := range batches {
			if ctx.Err() != nil {
				return
			}
			switch {
			case b.whole != nil:
				b.got, b.err = c.fetchWholeBatch(b.set, b.whole)
			case b.huge != nil:
				b.got, b.err = c.fetchHeadersOnly(b.set, b.huge)
			default:
				b.got, b.err = c.fetchSources(b.set)
			}
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
		defer stages.Done()
		defer close(parsed)
		for b := range fetched {
			if b.err == nil {
				b.prep = prepareAll(b.got)
			}
			select {
			case parsed <- b:
			case <-ctx.Done():
				return
			}
		}
	}()
	stored := 0
	for b := range parsed { // stage 3: the store, one writer
		if b.err != nil {
			return stored, fmt.Errorf("imap: fetch %s: %w", what, b.err)
		}
		n, err := store(b)
		stored += n
		if err != nil {
			return stored, err
		}
		b.got, b.prep = nil, nil
	}
	return stored, ctx.Err()
}

// bodyBatch is one FETCH of message sources and what becomes of them.
type bodyBatch struct {
	ids  map[uint32]int64 // local id by UID
	set  imap.UIDSet
	got  map[uint32][]byte
	prep map[uint32]storage.PreparedBody
	err  error
	// huge holds the sizes of messages over maxBodyBytes, of which the
	// batch fetches only the header.
	huge map[uint32]int64
	// whole, when set, makes the batch one of messages not stored yet:
	// they are fetched whole, with what the server says of each beside
	// the source, which whole receives by UID.
	whole map[uint32]*fetchedMeta
}

// maxBatchMessages bounds how many messages one FETCH asks for.
const maxBatchMessages = 200

// nextBodyBatch yields the batches that fetch want, in its order: at
// most maxBatchMessages and bodyBatchBytes each (a single larger message
// goes alone), the messages over maxBodyBytes last, their headers only.
func nextBodyBatch(want []storage.BodyWanted) func(yield func(*bodyBatch) bool) {
	return func(yield func(*bodyBatch) bool) {
		var b *bodyBatch
		var size int64
		for _, w := range want {
			if w.Size > maxBodyBytes {
				continue
			}
			if b != nil && (size+w.Size > bodyBatchBytes || len(b.ids) >= maxBatchMessages) {
				if !yield(b) {
					return
				}
				b = nil
			}
			if b == nil {
				b, size = &bodyBatch{ids: map[uint32]int64{}}, 0
			}
			b.set.AddNum(imap.UID(w.UID))
			b.ids[w.UID] = w.ID
			size += w.Size
		}
		if b != nil && !yield(b) {
			return
		}
		b = nil
		for _, w := range want {
			if w.Size <= maxBodyBytes {
				continue
			}
			if b != nil && len(b.ids) >= maxBatchMessages {
				if !yield(b) {
					return
				}
				b = nil
			}
			if b == nil {
				b = &bodyBatch{ids: map[uint32]int64{}, huge: map[uint32]int64{}}
			}
			b.set.AddNum(imap.UID(w.UID))
			b.ids[w.UID] = w.ID
			b.huge[w.UID] = w.Size
		}
		if b != nil {
			yield(b)
		}
	}
}

// prepareAll parses fetched sources in parallel, keyed by UID. A message
// whose preparation panics is kept as it arrived, with a warning; one that
// cannot be kept even so is left out, to be fetched again.
func prepareAll(got map[uint32][]byte) map[uint32]storage.PreparedBody {
	type job struct {
		uid uint32
		raw []byte
	}
	jobs := make(chan job)
	out := make(map[uint32]storage.PreparedBody, len(got))
	var mu sync.Mutex
	var wg sync.WaitGroup
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				p, ok := safePrepare(j.raw)
				if !ok {
					continue
				}
				mu.Lock()
				out[j.uid] = p
				mu.Unlock()
			}
		}()
	}
	for uid, raw := range got {
		jobs <- job{uid, raw}
	}
	close(jobs)
	wg.Wait()
	return out
}

// storeEach stores prepared bodies by local id with accounts.StoreEach.
func storeEach(ctx context.Context, st *storage.Store, prep map[int64]storage.PreparedBody) (int, error) {
	ids := make([]int64, 0, len(prep))
	for id := range prep {
		ids = append(ids, id)
	}
	return accounts.StoreEach(ctx, ids, func(ids []int64) error {
		if len(ids) == len(prep) {
			return storeBodies(st, ctx, prep)
		}
		part := make(map[int64]storage.PreparedBody, len(ids))
		for _, id := range ids {
			part[id] = prep[id]
		}
		return storeBodies(st, ctx, part)
	})
}

// safePrepare is prepareBody, kept as it arrived when it panics.
func safePrepare(raw []byte) (storage.PreparedBody, bool) {
	return storage.PrepareOrKeep(prepareBody, raw)
}

// fetchHeadersOnly returns, by UID, what is stored of the messages in set
// that are too large to download: their header (at most
// message.MaxHeaderBytes of it, RFC 9051 section 6.4.5 partial fetch)
// marked with their size, sizes[uid].
func (c *Conn) fetchHeadersOnly(set imap.UIDSet, sizes map[uint32]int64) (map[uint32][]byte, error) {
	section := &imap.FetchItemBodySection{Specifier: imap.PartSpecifierHeader, Peek: true,
		Partial: &imap.SectionPartial{Offset: 0, Size: message.MaxHeaderBytes}}
	msgs, err := c.fetchAll(c.c.Fetch(set, &imap.FetchOptions{UID: true, BodySection: []*imap.FetchItemBodySection{section}}))
	if err != nil {
		return nil, err
	}
	out := map[uint32][]byte{}
	for _, m := range msgs {
		if size, ok := sizes[uint32(m.UID)]; ok {
			out[uint32(m.UID)] = message.HeadersOnlySource(m.FindBodySection(section), size)
		}
	}
	return out, nil
}

// fetchSources returns BODY.PEEK[] of the messages in set, by UID. A
// message expunged meanwhile is simply missing from the result. Each
// source is read from the connection into a buffer of its announced size.
func (c *Conn) fetchSources(set imap.UIDSet) (map[uint32][]byte, error) {
	section := &imap.FetchItemBodySection{Peek: true}
	msgs, err := c.fetchAll(c.c.Fetch(set, &imap.FetchOptions{UID: true, BodySection: []*imap.FetchItemBodySection{section}}))
	if err != nil {
		return nil, err
	}
	out := make(map[uint32][]byte, len(msgs))
	for _, m := range msgs {
		if raw := m.FindBodySection(section); m.UID != 0 && raw != nil {
			out[uint32(m.UID)] = raw
		}
	}
	return out, nil
}

// fetchAll reads cmd's answers to its end, as its Collect would, but with
// every literal read through readSource: Collect skips the rest of a
// literal whose read failed, which races with the client's reader.
func (c *Conn) fetchAll(cmd *imapclient.FetchCommand) ([]*imapclient.FetchMessageBuffer, error) {
	var out []*imapclient.FetchMessageBuffer
	for m := cmd.Next(); m != nil; m = cmd.Next() {
		buf := &imapclient.FetchMessageBuffer{SeqNum: m.SeqNum}
		for item := m.Next(); item != nil; item = m.Next() {
			switch it := item.(type) {
			case imapclient.FetchItemDataUID:
				buf.UID = it.UID
			case imapclient.FetchItemDataFlags:
				buf.Flags = it.Flags
			case imapclient.FetchItemDataEnvelope:
				buf.Envelope = it.Envelope
			case imapclient.FetchItemDataInternalDate:
				buf.InternalDate = it.Time
			case imapclient.FetchItemDataRFC822Size:
				buf.RFC822Size = it.Size
			case imapclient.FetchItemDataBodySection:
				var b []byte
				if it.Literal != nil {
					var err error
					if b, err = c.readSource(it.Literal); err != nil {
						return nil, err
					}
				}
				buf.BodySection = append(buf.BodySection, imapclient.FetchBodySectionBuffer{Section: it.Section, Bytes: b})
			}
		}
		out = append(out, buf)
	}
	if err := cmd.Close(); err != nil {
		return nil, err
	}
	return out, nil
}

// readSource reads a message source whole. A source cut short leaves the
// connection unusable: it is closed, rather than have the command skip
// what is left of a literal the client has given up on.
func (c *Conn) readSource(lit imap.LiteralReader) ([]byte, error) {
	b, err := readLiteral(lit)
	if err != nil {
		c.c.Close()
	}
	return b, err
}

// readLiteral reads a literal whole. A buffer of the size the server
// announced is made at once when that is plausible; a larger one is read
// as it comes, so that a false size cannot ask for a huge allocation.
func readLiteral(lit imap.LiteralReader) ([]byte, error) {
	n := lit.Size()
	if n < 0 || n > 2*maxBodyBytes {
		return io.ReadAll(lit)
	}
	buf := make([]byte, n)
	if _, err := io.ReadFull(lit, buf); err != nil {
		return nil, fmt.Errorf("imap: read message source: %w", err)
	}
	return buf, nil
}

// FetchBody downloads one message's source now (for a message opened whose
// body the offline policy left on the server). Of a message larger than
// maxBodyBytes only the header is downloaded.
func (c *Conn) FetchBody(ctx context.Context, st *storage.Store, folder string, uid uint32, id int64) error {
	if _, err := c.selectFolder(folder); err != nil {
		return err
	}
	set := imap.UIDSetNum(imap.UID(uid))
	sz, err := c.c.Fetch(set, &imap.FetchOptions{UID: true, RFC822Size: true}).Collect()
	if err != nil {
		return fmt.Errorf("imap: fetch size of %d: %w", uid, err)
	}
	fetch := c.fetchSources
	if len(sz) == 1 && sz[0].RFC822Size > maxBodyBytes {
		fetch = func(set imap.UIDSet) (map[uint32][]byte, error) {
			return c.fetchHeadersOnly(set, map[uint32]int64{uid: sz[0].RFC822Size})
		}
	}
	got, err := fetch(set)
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
	// Header text from the server is cleaned once, here, as Parse cleans
	// the headers it reads: nothing from a stranger reaches the window or
	// a terminal with control or direction characters in it.
	if e := m.Envelope; e != nil {
		nm.Envelope = &storage.Envelope{
			Date:      e.Date,
			Subject:   message.CleanHeader(e.Subject),
			From:      convertAddrs(e.From),
			To:        convertAddrs(e.To),
			Cc:        convertAddrs(e.Cc),
			MessageID: message.CleanHeader(strings.Trim(e.MessageID, "<> ")),
		}
		if len(e.InReplyTo) > 0 {
			nm.Envelope.InReplyTo = message.CleanHeader(strings.Trim(e.InReplyTo[0], "<> "))
		}
	}
	for _, s := range m.BodySection {
		nm.Envelope.References = message.MessageIDs(string(s.Bytes))
	}
	return nm
}

func convertAddrs(l []imap.Address) []message.Address {
	out := make([]message.Address, 0, len(l))
	for _, a := range l {
		if a.IsGroupStart() || a.IsGroupEnd() {
			continue
		}
		out = append(out, message.Address{Name: message.CleanHeader(a.Name), Email: message.CleanHeader(a.Addr())})
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
