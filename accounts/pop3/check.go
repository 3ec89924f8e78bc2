package pop3

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/tern-mail/tern/accounts"
	"github.com/tern-mail/tern/storage"
	"github.com/tern-mail/tern/storage/message"
)

// Result tells what one check did.
type Result struct {
	Downloaded int // new messages stored here
	Deleted    int // messages deleted on the server
	Refused    int // deletions the server refused
}

// Check connects, downloads every message not downloaded before into the
// account's local Inbox, applies the server policy and says QUIT.
func Check(ctx context.Context, a accounts.Account, st *storage.Store, password string, opts Options) (Result, error) {
	var res Result
	inbox, err := st.FolderByName(ctx, a.ID, "INBOX")
	if err != nil {
		return res, err
	}
	c, err := Dial(ctx, a.Incoming, password, opts)
	if err != nil {
		return res, err
	}
	ok := false
	defer func() {
		if !ok {
			c.Abort() // no QUIT: nothing marked for deletion is deleted
		}
	}()

	count, err := c.count()
	if err != nil {
		return res, err
	}
	list, err := c.listing("LIST", count, listLineBytes)
	if err != nil {
		return res, fmt.Errorf("pop3: LIST: %w", err)
	}
	sizes := map[int]int{}
	for n, s := range list {
		if size, err := strconv.Atoi(s); err == nil && size >= 0 {
			sizes[n] = size
		}
	}
	known, err := st.POP3Records(ctx, a.ID)
	if err != nil {
		return res, err
	}
	now := opts.now()
	idn, err := c.identities(sizes, known, func(r storage.POP3Record) bool { return shouldDelete(a.POP3, r, now) })
	if err != nil {
		return res, err
	}

	// Download, oldest first, what was never downloaded.
	n, err := c.download(ctx, st, a.ID, inbox, idn, sizes, now)
	res.Downloaded = n
	if err != nil {
		return res, err
	}

	// Deletions, only of messages safely stored here.
	known, err = st.POP3Records(ctx, a.ID)
	if err != nil {
		return res, err
	}
	gone, err := c.deleteDue(ctx, st, a, idn.ids, known, now, &res)
	if err != nil {
		return res, err
	}
	if err := c.Close(); err != nil { // QUIT carries out the deletions
		return res, err
	}
	ok = true
	for u := range known {
		if !idn.present[u] {
			gone = append(gone, u)
		}
	}
	return res, st.ForgetPOP3(ctx, a.ID, gone)
}

// deleteDue marks for deletion (DELE) the messages the server policy says
// should go, of those known for sure to be stored here under their own
// identity; it returns their identities.
func (c *Conn) deleteDue(ctx context.Context, st *storage.Store, a accounts.Account, ids map[int]string,
	known map[string]storage.POP3Record, now time.Time, res *Result) ([]string, error) {
	var gone []string
	nums := make([]int, 0, len(ids))
	for n := range ids {
		nums = append(nums, n)
	}
	sort.Ints(nums)
	for _, n := range nums {
		u := ids[n]
		r, ok := known[u]
		if !ok || !shouldDelete(a.POP3, r, now) {
			continue
		}
		if err := c.within(small("DELE"), func() error { return c.c.Dele(n) }); err != nil {
			if !refused(err) {
				return gone, fmt.Errorf("pop3: DELE %d: %w", n, err)
			}
			res.Refused++
			if err := st.AddNotice(ctx, storage.Notice{AccountID: a.ID, Kind: storage.NoticeDeleteRefused,
				ServerText: err.Error()}); err != nil {
				return gone, err
			}
			continue
		}
		res.Deleted++
		gone = append(gone, u)
	}
	return gone, nil
}

// shouldDelete applies the server policy to one downloaded message.
func shouldDelete(p accounts.POP3Options, r storage.POP3Record, now time.Time) bool {
	switch {
	case r.DeleteOnServer:
		return true
	case p.Policy == accounts.DeleteAfterDownload:
		return true
	case p.Policy == accounts.DeleteAfterDays && p.Days > 0:
		return !now.Before(r.DownloadedAt.AddDate(0, 0, p.Days))
	}
	return false
}

// identities names the messages on the server: by UIDL, or, as UIDL is
// optional (RFC 1939 section 7), from their header blocks read with
// TOP n 0 and, where that cannot tell them apart, their contents (see
// byContent).
func (c *Conn) identities(sizes map[int]int, known map[string]storage.POP3Record,
	due func(storage.POP3Record) bool) (*identities, error) {
	uidls, err := c.listing("UIDL", len(sizes), uidlLineBytes)
	if err == nil {
		return byUIDL(uidls, known), nil
	}
	if !refused(err) {
		return nil, fmt.Errorf("pop3: UIDL: %w", err)
	}
	headers := map[int][]byte{}
	for n, size := range sizes {
		var buf *bytes.Buffer
		err := c.within(c.transfer("TOP", messageLimit(size), accounts.Oversized), func() error {
			var err error
			buf, err = c.c.Cmd("TOP", true, n, 0)
			return err
		})
		if err != nil {
			return nil, fmt.Errorf("pop3: TOP %d 0: %w", n, err)
		}
		headers[n] = unstuff(buf.Bytes())
	}
	return byContent(headers, sizes, known, due), nil
}

// refused reports whether err is the server answering -ERR, as opposed to
// the connection failing.
func refused(err error) bool {
	var ne net.Error
	return err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.As(err, &ne)
}

// maxBodyBytes is the size above which only a message's header is
// downloaded (TOP n 0) and stored (message.HeadersOnlySource).
var maxBodyBytes = message.MaxMessageBytes

// Fault injection for tests: how downloads are prepared and stored.
var (
	prepareBody = storage.PrepareBody
	storeBatch  = (*storage.Store).AddPOP3Messages
)

// Batching of downloads: how many RETRs may be in flight with PIPELINING
// (RFC 2449 section 6.6), and how much goes into one store transaction.
const (
	retrWindow    = 16
	batchMessages = 64
	batchBytes    = 8 << 20
)

// fetched is one batch of retrieved messages; err is why the batch ended
// early.
type fetched struct {
	nums []int
	raws [][]byte
	err  error
}

// download retrieves the messages idn says to fetch and stores each batch
// of those not stored before, with their identities, in one transaction,
// while the next batch is on its way. It returns how many it stored.
func (c *Conn) download(ctx context.Context, st *storage.Store, accountID string, inbox storage.Folder,
	idn *identities, sizes map[int]int, now time.Time) (int, error) {
	nums := idn.fetch
	if len(nums) == 0 {
		return 0, nil
	}
	window := 1
	if c.capa()["PIPELINING"] {
		window = retrWindow
	}
	batches := batchesOf(nums, sizes)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	ch := make(chan fetched, 1)
	go func() {
		defer close(ch)
		for _, b := range batches {
			raws, err := c.retrMany(b, sizes, window)
			select {
			case ch <- fetched{b, raws, err}:
			case <-ctx.Done():
				return
			}
			if err != nil {
				return
			}
		}
	}()
	stored, read := 0, 0
	var bytesDone int64
	for f := range ch {
		// What arrived before a failure is still stored.
		n, err := storeFetched(ctx, st, inbox, idn, f, now)
		stored += n // some may be stored even when it ends with an error
		if err != nil {
			return stored, err
		}
		read += len(f.raws)
		for _, raw := range f.raws {
			bytesDone += int64(len(raw))
		}
		st.SetProgress(storage.Progress{AccountID: accountID, Folder: inbox.Name, Phase: "download", Done: read, Total: len(nums), Bytes: bytesDone})
		if f.err != nil {
			return stored, f.err
		}
	}
	return stored, ctx.Err()
}

// batchesOf cuts the message numbers into batches of at most
// batchMessages messages and, unless one message alone is larger,
// batchBytes bytes.
func batchesOf(nums []int, sizes map[int]int) [][]int {
	var batches [][]int
	for i := 0; i < len(nums); {
		j, size := i, 0
		for j < len(nums) && j-i < batchMessages && (j == i || size+sizes[nums[j]] <= batchBytes) {
			size += sizes[nums[j]]
			j++
		}
		batches = append(batches, nums[i:j])
		i = j
	}
	return batches
}

// storeFetched names the messages of one batch, in server order, and
// stores those not stored before. It returns how many it stored.
func storeFetched(ctx context.Context, st *storage.Store, inbox storage.Folder, idn *identities,
	f fetched, now time.Time) (int, error) {
	var ids []string
	var raws [][]byte
	for i, raw := range f.raws {
		if id, fresh := idn.identify(f.nums[i], raw); fresh {
			ids = append(ids, id)
			raws = append(raws, raw)
		}
	}
	prepared := make([]storage.POP3Download, len(raws))
	ok := make([]bool, len(raws))
	var wg sync.WaitGroup
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	for i, raw := range raws {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			// A message whose preparation panics is kept as it arrived,
			// with a warning; one that cannot be kept even so is left
			// out (its identity is not recorded, so the next check
			// downloads it again), and the others are stored.
			body, kept := storage.PrepareOrKeep(prepareBody, raw)
			prepared[i] = storage.POP3Download{UIDL: ids[i], Body: body}
			ok[i] = kept
		}()
	}
	wg.Wait()
	var good []storage.POP3Download
	for i := range prepared {
		if ok[i] {
			good = append(good, prepared[i])
		}
	}
	// A message the store refuses is skipped: its identity is not
	// recorded, so the next check downloads it again.
	return accounts.StoreEach(ctx, good, func(msgs []storage.POP3Download) error {
		return storeBatch(st, ctx, inbox.ID, msgs, now)
	})
}

// retrMany retrieves messages keeping up to window RETR commands in
// flight. Of a message larger than maxBodyBytes only the header is
// retrieved, with TOP n 0 (RFC 1939 section 7), and marked with its size.
// On failure it returns the messages read so far with the error.
func (c *Conn) retrMany(nums []int, sizes map[int]int, window int) ([][]byte, error) {
	out := make([][]byte, 0, len(nums))
	cmd := func(n int) string {
		if sizes[n] > maxBodyBytes {
			return fmt.Sprintf("TOP %d 0", n)
		}
		return fmt.Sprintf("RETR %d", n)
	}
	sent := 0
	for len(out) < len(nums) {
		for sent < len(nums) && sent-len(out) < window {
			if err := c.c.Send(cmd(nums[sent])); err != nil {
				return out, fmt.Errorf("pop3: %s: %w", cmd(nums[sent]), err)
			}
			sent++
		}
		n := nums[len(out)]
		huge := sizes[n] > maxBodyBytes
		buf, err := c.reply(cmd(n), sizes[n])
		if err != nil {
			if huge && refused(err) {
				// TOP is optional: keep what is known, the size.
				out = append(out, message.HeadersOnlySource(nil, int64(sizes[n])))
				continue
			}
			return out, fmt.Errorf("pop3: %s: %w", cmd(n), err)
		}
		raw := unstuff(buf.Bytes())
		if huge {
			raw = message.HeadersOnlySource(raw, int64(sizes[n]))
		}
		out = append(out, raw)
	}
	return out, nil
}

// reply reads the answer to RETR or TOP (what) of a message of size
// bytes, within its budget: a server that sends more than it said is cut
// off.
func (c *Conn) reply(what string, size int) (*bytes.Buffer, error) {
	var buf *bytes.Buffer
	err := c.within(c.transfer(what, messageLimit(size), accounts.Oversized), func() error {
		if _, err := c.c.ReadOne(); err != nil {
			return err
		}
		var err error
		buf, err = c.c.ReadAll()
		return err
	})
	return buf, err
}

// capa returns the server's capabilities (RFC 2449), empty when it has no
// CAPA command.
func (c *Conn) capa() map[string]bool {
	out := map[string]bool{}
	var buf *bytes.Buffer
	err := c.within(c.transfer("CAPA", answerBytes, accounts.LineFlood), func() error {
		var err error
		buf, err = c.c.Cmd("CAPA", true)
		return err
	})
	if err != nil {
		return out
	}
	for _, l := range strings.Split(buf.String(), "\r\n") {
		if f := strings.Fields(l); len(f) > 0 {
			out[strings.ToUpper(f[0])] = true
		}
	}
	return out
}
