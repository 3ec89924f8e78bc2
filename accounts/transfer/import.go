package transfer

import (
	"context"
	"errors"
	"io"
	"time"

	"github.com/tern-mail/tern/storage/message/mbox"
)

// Target is an account mail is imported into: see LocalTarget and
// IMAPTarget.
type Target interface {
	// folder returns the folder of the account for d, made if needed.
	folder(ctx context.Context, d dest) (folder, error)
	// keepsHeaders says whether a message too large to import is kept
	// as its header (on this computer) rather than left out.
	keepsHeaders() bool
}

// folder is one folder of the account being imported into.
type folder interface {
	name() string
	// present reports which of items the folder holds already.
	present(ctx context.Context, items []*item) ([]bool, error)
	// put stores items, none of them present, and returns what became of
	// each of those it got to (nil: stored; errTooLarge; the server's
	// refusal). err is for a failure after which nothing more is known.
	put(ctx context.Context, items []*item) (each []error, err error)
}

// errTooLarge is put's answer for a message over message.MaxMessageBytes
// that the target does not keep.
var errTooLarge = errors.New("the message is too large to import")

// Options tune an import.
type Options struct {
	// Folder is where the mail goes: a single mailbox into this folder,
	// a tree of them below it ("/" between levels). Empty: folders are
	// named as in the source, and special folders (Inbox, Sent, Trash …)
	// are the account's own.
	Folder string
	// StateFile is where progress is recorded so that an interrupted
	// import goes on where it stopped ("" records none); StateKey names
	// the account in it.
	StateFile, StateKey string
	// OnProgress hears how far the import is, after every batch.
	OnProgress func(Progress)
	// OnProblem hears of each message not imported and why.
	OnProblem func(Problem)
	// BatchMessages and BatchBytes bound a batch: the messages stored
	// (uploaded) together, after which progress is recorded. Zero is
	// 100 messages and 8 MB.
	BatchMessages int
	BatchBytes    int64
}

// Progress is how far an import is, and in the end what it did.
type Progress struct {
	Mailbox string // the source folder being read ("" for loose .eml files)
	Folder  string // where its mail goes

	Imported   int // messages stored (a message with several labels counts once per folder)
	Duplicates int // already there: not added again
	KeptRaw    int // of Imported, messages that cannot be read as mail, kept as they are
	Deleted    int // deleted in the source (waiting to be purged there): left out
	TooLarge   int // over 100 MB: kept as their header (LocalTarget) or left out (IMAPTarget)
	Refused    int // refused by the server: left out (see Options.OnProblem)

	Done, Total int64 // bytes of the sources read, of all
	Elapsed     time.Duration
	Left        time.Duration // an estimate; zero until one can be made
}

// Problem is a message that was not imported.
type Problem struct {
	Mailbox string // the source folder
	Subject string // as its header has it, not decoded
	Err     error
}

// Import reads the mailboxes (see Scan) and imports their messages into
// t. It stops when ctx is cancelled, after the batch under way: what was
// imported stays, and the recorded progress lets a rerun go on. The
// Progress it returns counts what was done either way.
func Import(ctx context.Context, t Target, boxes []Mailbox, opts Options) (Progress, error) {
	im := &importer{t: t, opts: opts, state: loadState(opts.StateFile), route: newRouter(opts.Folder),
		folders: map[string]folder{}, start: time.Now()}
	if im.opts.BatchMessages <= 0 {
		im.opts.BatchMessages = 100
	}
	if im.opts.BatchBytes <= 0 {
		im.opts.BatchBytes = 8 << 20
	}
	for _, mb := range boxes {
		im.p.Total += mb.Size
	}
	for _, mb := range boxes {
		if err := im.mailbox(ctx, mb); err != nil {
			im.p.Elapsed = time.Since(im.start)
			return im.p, err
		}
	}
	im.p.Elapsed, im.p.Left = time.Since(im.start), 0
	return im.p, nil
}

type importer struct {
	t       Target
	opts    Options
	state   *stateFile
	route   router
	folders map[string]folder // by dest key
	p       Progress
	start   time.Time
	resumed int64 // bytes passed over by going on from recorded progress
}

// preparer is a Target that prepares a batch for storing (parses it as
// its store keeps it) ahead, while the batch before is being stored.
type preparer interface {
	prepare(items []*item)
}

// readBatch is one batch read ahead of the one being stored.
type readBatch struct {
	items []*item
	end   bool // the source has no more
	err   error
	mark  mark // the source's, after items
}

// mailbox imports one mailbox, a batch at a time: the next batch is read
// (and prepared) on a goroutine of its own while one is stored, so that
// reading and parsing overlap the writes.
func (im *importer) mailbox(ctx context.Context, mb Mailbox) error {
	key := im.opts.StateKey + "\x00" + im.opts.Folder + "\x00" + mb.Where
	src, err := openSource(mb, im.state.get(key))
	if err != nil {
		return err
	}
	defer src.Close()
	before := im.p.Done
	skipped := src.mark().Done
	im.p.Done += skipped
	im.resumed += skipped
	im.p.Mailbox = mb.Name()
	batches, stop := im.readAhead(ctx, src)
	defer stop()
	for b := range batches {
		if b.err != nil {
			return b.err
		}
		if err := ctx.Err(); err != nil {
			return err // what was read of this batch is read again next time
		}
		if len(b.items) > 0 {
			if err := im.store(ctx, mb, b.items); err != nil {
				return err
			}
			im.p.Done = before + b.mark.Done
			if b.mark.Head != "" && !b.end {
				if err := im.state.set(key, b.mark); err != nil {
					return err
				}
			}
			im.report()
		}
		if b.end {
			im.p.Done = before + mb.Size
			return im.state.clear(key)
		}
	}
	return ctx.Err()
}

// readAhead reads src's batches on a goroutine, one ahead of the batch
// being stored (memory holds two batches at most), and prepares them for
// the target. stop ends it and waits for it; src is not read after.
func (im *importer) readAhead(ctx context.Context, src source) (batches <-chan readBatch, stop func()) {
	ctx, cancel := context.WithCancel(ctx)
	out := make(chan readBatch)
	done := make(chan struct{})
	prep, _ := im.t.(preparer)
	go func() {
		defer close(done)
		defer close(out)
		for {
			var b readBatch
			b.items, b.end, b.err = im.fill(ctx, src)
			b.mark = src.mark()
			if b.err == nil && ctx.Err() == nil {
				if prep != nil {
					prep.prepare(b.items)
				}
				for _, it := range b.items {
					it.fingerprint()
				}
			}
			select {
			case out <- b:
			case <-ctx.Done():
				return
			}
			if b.end || b.err != nil || ctx.Err() != nil {
				return
			}
		}
	}()
	return out, func() { cancel(); <-done }
}

// fill reads the next batch; end says the source has no more.
func (im *importer) fill(ctx context.Context, src source) (batch []*item, end bool, err error) {
	var bytes int64
	for len(batch) < im.opts.BatchMessages && bytes < im.opts.BatchBytes {
		if ctx.Err() != nil {
			return batch, false, nil
		}
		it, err := src.next()
		if errors.Is(err, io.EOF) {
			return batch, true, nil
		}
		if err != nil {
			return batch, false, err
		}
		batch = append(batch, it)
		bytes += int64(len(it.raw))
	}
	return batch, false, nil
}

// store files a batch: each message in the folders it goes to, unless
// it is there already or was deleted in the source.
func (im *importer) store(ctx context.Context, mb Mailbox, batch []*item) error {
	groups := map[string][]*item{}
	var order []dest
	for _, it := range batch {
		if it.flags.Deleted {
			im.p.Deleted++
			continue
		}
		for _, d := range im.route.dests(mb, it) {
			if _, ok := groups[d.key()]; !ok {
				order = append(order, d)
			}
			groups[d.key()] = append(groups[d.key()], it)
		}
	}
	for _, d := range order {
		if err := im.storeIn(ctx, mb, d, groups[d.key()]); err != nil {
			return err
		}
	}
	return nil
}

// storeIn files items in the folder for d.
func (im *importer) storeIn(ctx context.Context, mb Mailbox, d dest, items []*item) error {
	f, err := im.folderFor(ctx, d)
	if err != nil {
		return err
	}
	im.p.Folder = f.name()
	items = im.uniq(items)
	here, err := f.present(ctx, items)
	if err != nil {
		return err
	}
	var todo []*item
	for i, it := range items {
		if here[i] {
			im.p.Duplicates++
			continue
		}
		todo = append(todo, it)
	}
	each, err := f.put(ctx, todo)
	for i, e := range each {
		im.count(mb, todo[i], e)
	}
	return err
}

// count adds what became of one message to the progress.
func (im *importer) count(mb Mailbox, it *item, err error) {
	switch {
	case err == nil:
		im.p.Imported++
		if it.keptRaw {
			im.p.KeptRaw++
		}
		if it.tooLarge {
			im.p.TooLarge++
		}
	case errors.Is(err, errTooLarge):
		im.p.TooLarge++
		im.problem(mb, it, err)
	default:
		im.p.Refused++
		im.problem(mb, it, err)
	}
}

func (im *importer) problem(mb Mailbox, it *item, err error) {
	if im.opts.OnProblem != nil {
		im.opts.OnProblem(Problem{Mailbox: mb.Name(), Subject: subjectOf(it), Err: err})
	}
}

// uniq drops the messages of a batch that are the same as one before
// them (a source may hold a message twice), counting them as duplicates.
func (im *importer) uniq(items []*item) []*item {
	seen := map[string]bool{}
	out := items[:0:0]
	for _, it := range items {
		fp := it.fingerprint()
		if seen[fp] {
			im.p.Duplicates++
			continue
		}
		seen[fp] = true
		out = append(out, it)
	}
	return out
}

// folderFor returns (and remembers) the folder for d.
func (im *importer) folderFor(ctx context.Context, d dest) (folder, error) {
	if f, ok := im.folders[d.key()]; ok {
		return f, nil
	}
	f, err := im.t.folder(ctx, d)
	if err != nil {
		return nil, err
	}
	im.folders[d.key()] = f
	return f, nil
}

// report tells OnProgress how far the import is, with an estimate of the
// time left from the pace so far.
func (im *importer) report() {
	im.p.Elapsed = time.Since(im.start)
	im.p.Left = 0
	if read := im.p.Done - im.resumed; read > 0 && im.p.Total > im.p.Done {
		im.p.Left = time.Duration(float64(im.p.Elapsed) * float64(im.p.Total-im.p.Done) / float64(read))
	}
	if im.opts.OnProgress != nil {
		im.opts.OnProgress(im.p)
	}
}

// subjectOf is a message's Subject as its header has it, for a problem
// report.
func subjectOf(it *item) string { return mbox.HeaderOf(it.raw).Get("Subject") }
