package transfer

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"sync"

	"github.com/tern-mail/tern/storage"
	"github.com/tern-mail/tern/storage/message"
	"github.com/tern-mail/tern/storage/message/mbox"
)

// errNotMail is why a message kept raw shows as it is.
var errNotMail = errors.New("this message could not be read as mail; it is shown as it was imported")

// LocalTarget is the Target of an account whose mail is kept on this
// computer (POP3): messages are stored in its folders here, folders it
// lacks are made as local folders.
func LocalTarget(st *storage.Store, accountID string) Target {
	return &localTarget{st: st, account: accountID}
}

type localTarget struct {
	st      *storage.Store
	account string
	roles   map[string]storage.Folder // read once
}

func (t *localTarget) keepsHeaders() bool { return true }

func (t *localTarget) folder(ctx context.Context, d dest) (folder, error) {
	if d.role != "" {
		if t.roles == nil {
			all, err := t.st.Folders(ctx, t.account)
			if err != nil {
				return nil, err
			}
			t.roles = map[string]storage.Folder{}
			for _, f := range all {
				if f.Role != "" {
					t.roles[f.Role] = f
				}
			}
		}
		if f, ok := t.roles[d.role]; ok {
			return &localFolder{st: t.st, f: f}, nil
		}
	}
	name := localName(d.path)
	f, err := t.st.FolderByName(ctx, t.account, name)
	if errors.Is(err, storage.ErrNotFound) {
		if f, err = t.st.CreateFolder(ctx, t.account, name, "/", false); err == nil && d.role != "" {
			f, err = t.st.EnsureFolder(ctx, t.account, name, "/", d.role)
		}
	}
	if err != nil {
		return nil, err
	}
	if d.role != "" {
		t.roles[d.role] = f
	}
	return &localFolder{st: t.st, f: f}, nil
}

// localName joins a path with "/", the delimiter of local folders; a
// "/" inside a name becomes "-". The Inbox is INBOX, in any case.
func localName(path []string) string {
	parts := make([]string, len(path))
	for i, p := range path {
		parts[i] = strings.ReplaceAll(p, "/", "-")
	}
	if strings.EqualFold(parts[0], "INBOX") {
		parts[0] = "INBOX" // and a folder below the Inbox is below INBOX
	}
	return strings.Join(parts, "/")
}

// localFolder is a folder on this computer.
type localFolder struct {
	st *storage.Store
	f  storage.Folder
}

func (f *localFolder) name() string { return f.f.DisplayName() }

// prepare parses the items as the store keeps them, on every core, while
// the batch before them is being stored (see preparer).
func (t *localTarget) prepare(items []*item) { prepareAll(items) }

// present looks for each item among the folder's messages of the same
// Message-ID (or, without one, the same date), preparing those not
// prepared yet.
func (f *localFolder) present(ctx context.Context, items []*item) ([]bool, error) {
	prepareAll(items)
	out := make([]bool, len(items))
	for i, it := range items {
		p := it.prep
		date := p.Date()
		if date.IsZero() {
			date = it.date
		}
		same, err := f.st.SameMessages(ctx, f.f.ID, p.MessageID(), date)
		if err != nil {
			return nil, err
		}
		if len(same) == 0 {
			continue
		}
		fp := it.fingerprint()
		if it.tooLarge {
			fp = mbox.Fingerprint(p.Raw()) // stored as its header
		}
		for _, raw := range same {
			if mbox.Fingerprint(raw) == fp {
				out[i] = true
				break
			}
		}
	}
	return out, nil
}

func (f *localFolder) put(ctx context.Context, items []*item) ([]error, error) {
	if len(items) == 0 {
		return nil, nil
	}
	prepareAll(items)
	msgs := make([]storage.FetchedMessage, len(items))
	for i, it := range items {
		msgs[i] = storage.FetchedMessage{Flags: storeFlags(it.flags), Received: it.date, Body: *it.prep}
		if it.tooLarge {
			msgs[i].Size = it.size
		}
	}
	if err := f.st.AddFetchedMessages(ctx, f.f.ID, msgs); err != nil {
		return nil, fmt.Errorf("transfer: store in %s: %w", f.f.Name, err)
	}
	return make([]error, len(items)), nil
}

// prepareAll prepares the sources of the items not prepared yet for the
// store, and works out their fingerprints, on every core. A message too
// large is kept as its header; one that is not mail, or that the parser
// cannot take, as it is (and marked kept raw).
func prepareAll(items []*item) {
	var todo []*item
	for _, it := range items {
		if it.prep == nil {
			todo = append(todo, it)
		}
	}
	var wg sync.WaitGroup
	work := make(chan *item)
	for range min(runtime.GOMAXPROCS(0), len(todo)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for it := range work {
				p := prepare(it)
				it.prep = &p
				it.fingerprint()
			}
		}()
	}
	for _, it := range todo {
		work <- it
	}
	close(work)
	wg.Wait()
}

// prepare prepares one item (see prepareAll).
func prepare(it *item) (p storage.PreparedBody) {
	raw := it.raw
	if it.tooLarge {
		raw = message.HeadersOnlySource(raw, it.size)
	}
	if it.keptRaw {
		return storage.PrepareAsArrived(raw, errNotMail)
	}
	defer func() {
		if r := recover(); r != nil {
			it.keptRaw = true
			p = storage.PrepareAsArrived(raw, fmt.Errorf("%w (%v)", errNotMail, r))
		}
	}()
	return storage.PrepareBody(raw)
}

// storeFlags are the store's flags for a message's state; forwarded is
// the $Forwarded keyword.
func storeFlags(f mbox.Flags) storage.Flags {
	out := storage.Flags{Seen: f.Seen, Answered: f.Answered, Flagged: f.Flagged, Draft: f.Draft}
	if f.Forwarded {
		out.Keywords = append(out.Keywords, "$Forwarded")
	}
	out.Keywords = append(out.Keywords, f.Keywords...)
	return out
}
