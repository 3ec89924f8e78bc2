package transfer

import (
	"context"
	"strings"

	"github.com/tern-mail/tern/accounts/imap"
	"github.com/tern-mail/tern/storage/message/mbox"
)

// Uploader is what importing into an IMAP account needs of a connection;
// *imap.Conn has it.
type Uploader interface {
	Layout(ctx context.Context) (imap.Layout, error)
	CreateFolder(name string) error
	FindByHeader(folder, key string, values []string) ([]uint32, error)
	FetchSources(folder string, uids []uint32) (map[uint32][]byte, error)
	Append(ctx context.Context, folder string, msgs []imap.Upload) ([]imap.Uploaded, error)
}

// IMAPTarget is the Target of an IMAP account: messages are uploaded to
// its server on c (APPEND, with their flags and the time they were
// received), folders it lacks are made there. The messages show here
// with the account's next sync.
func IMAPTarget(ctx context.Context, c Uploader) (Target, error) {
	l, err := c.Layout(ctx)
	if err != nil {
		return nil, err
	}
	return &imapTarget{c: c, layout: l}, nil
}

type imapTarget struct {
	c      Uploader
	layout imap.Layout
}

func (t *imapTarget) keepsHeaders() bool { return false }

func (t *imapTarget) folder(ctx context.Context, d dest) (folder, error) {
	name := t.serverName(d)
	if !t.layout.Names[name] {
		if err := t.c.CreateFolder(name); err != nil {
			return nil, err
		}
		t.layout.Names[name] = true
	}
	return &imapFolder{c: t.c, folder: name, display: strings.TrimPrefix(name, t.layout.Prefix)}, nil
}

// serverName is the server's name for d: the account's folder of its
// role, the Inbox, or its path below the personal namespace, a
// delimiter inside a name replaced by "-".
func (t *imapTarget) serverName(d dest) string {
	if d.role != "" {
		if n := t.layout.Roles[d.role]; n != "" {
			return n
		}
	}
	if len(d.path) == 1 && strings.EqualFold(d.path[0], "INBOX") {
		return "INBOX"
	}
	delim := t.layout.Delim
	if delim == "" {
		delim = "-" // a flat namespace: no levels
	}
	parts := make([]string, len(d.path))
	for i, p := range d.path {
		parts[i] = strings.ReplaceAll(p, delim, "-")
	}
	if strings.EqualFold(parts[0], "INBOX") {
		parts[0] = "INBOX"
		return strings.Join(parts, delim)
	}
	return t.layout.Prefix + strings.Join(parts, delim)
}

// imapFolder is a folder on the server.
type imapFolder struct {
	c       Uploader
	folder  string
	display string
}

func (f *imapFolder) name() string { return f.display }

// present asks the server for the folder's messages with the items'
// Message-IDs (or, for one without, its Date field) and compares their
// content: a message is there when one of them has its fingerprint.
func (f *imapFolder) present(ctx context.Context, items []*item) ([]bool, error) {
	var ids, dates []string
	for _, it := range items {
		switch {
		case it.msgID != "":
			ids = append(ids, "<"+it.msgID+">")
		case it.dateField != "":
			dates = append(dates, it.dateField)
		}
	}
	uids, err := f.c.FindByHeader(f.folder, "Message-ID", ids)
	if err != nil {
		return nil, err
	}
	byDate, err := f.c.FindByHeader(f.folder, "Date", dates)
	if err != nil {
		return nil, err
	}
	out := make([]bool, len(items))
	if len(uids)+len(byDate) == 0 {
		return out, nil
	}
	got, err := f.c.FetchSources(f.folder, append(uids, byDate...))
	if err != nil {
		return nil, err
	}
	there := map[string]bool{}
	for _, raw := range got {
		there[mbox.Fingerprint(raw)] = true
	}
	for i, it := range items {
		out[i] = there[it.fingerprint()]
	}
	return out, nil
}

// put uploads the items in one pipelined batch; a message too large to
// import is left out (errTooLarge).
func (f *imapFolder) put(ctx context.Context, items []*item) ([]error, error) {
	each := make([]error, len(items))
	var ups []imap.Upload
	var which []int
	for i, it := range items {
		if it.tooLarge {
			each[i] = errTooLarge
			continue
		}
		ups = append(ups, imap.Upload{Raw: imap.CRLF(it.raw), Flags: storeFlags(it.flags), Date: it.date})
		which = append(which, i)
	}
	if len(ups) == 0 {
		return each, nil
	}
	res, err := f.c.Append(ctx, f.folder, ups)
	for j, r := range res {
		each[which[j]] = r.Err
	}
	if err != nil {
		// Only the messages the server answered for are known.
		n := 0
		if len(res) > 0 {
			n = which[len(res)-1] + 1
		}
		return each[:n], err
	}
	return each, nil
}
