package imap

import (
	"context"
	"fmt"
	"iter"
	"runtime"
	"strconv"
	"sync"
	"time"

	"github.com/emersion/go-imap/v2"

	"github.com/tern-mail/tern/accounts"
	"github.com/tern-mail/tern/storage"
	"github.com/tern-mail/tern/storage/message"
)

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
				b.got, b.err = c.fetchWholeBatch(b.set, b.sizes, b.whole)
			case b.huge != nil:
				b.got, b.err = c.fetchHeadersOnly(b.set, b.huge)
			default:
				b.got, b.err = c.fetchSources(b.set, b.sizes)
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
	ids map[uint32]int64 // local id by UID
	set imap.UIDSet
	// sizes holds each message's size as the server said it.
	sizes map[uint32]int64
	got   map[uint32][]byte
	prep  map[uint32]storage.PreparedBody
	err   error
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
				b, size = &bodyBatch{ids: map[uint32]int64{}, sizes: map[uint32]int64{}}, 0
			}
			b.set.AddNum(imap.UID(w.UID))
			b.ids[w.UID] = w.ID
			b.sizes[w.UID] = w.Size
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

// FetchBody downloads one message's source now (for a message opened whose
// body the offline policy left on the server). Of a message larger than
// maxBodyBytes only the header is downloaded.
func (c *Conn) FetchBody(ctx context.Context, st *storage.Store, folder string, uid uint32, id int64) error {
	if _, err := c.selectFolder(folder); err != nil {
		return err
	}
	set := imap.UIDSetNum(imap.UID(uid))
	sizes, err := c.fetchSizes([]uint32{uid})
	if err != nil {
		return fmt.Errorf("imap: fetch size of %d: %w", uid, err)
	}
	size := int64(-1)
	if len(sizes) == 1 {
		size = sizes[0].Size
	}
	fetch := c.fetchSources
	if size > maxBodyBytes {
		fetch = c.fetchHeadersOnly
	}
	got, err := fetch(set, map[uint32]int64{uid: size})
	if err != nil {
		return fmt.Errorf("imap: fetch body of %d: %w", uid, err)
	}
	raw, ok := got[uid]
	if !ok {
		return fmt.Errorf("imap: message %d is no longer on the server", uid)
	}
	return st.SetBody(ctx, id, raw)
}
