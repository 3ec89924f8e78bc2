package pop3

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net"
	"net/textproto"
	"sort"
	"strings"
	"time"

	"github.com/tern-mail/tern/accounts"
	"github.com/tern-mail/tern/storage"
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

	list, err := c.c.List(0)
	if err != nil {
		return res, fmt.Errorf("pop3: LIST: %w", err)
	}
	sizes := map[int]int{}
	for _, m := range list {
		sizes[m.ID] = m.Size
	}
	uidls, err := c.uidls(sizes)
	if err != nil {
		return res, err
	}
	known, err := st.POP3Records(ctx, a.ID)
	if err != nil {
		return res, err
	}

	// Download, oldest first, what was never downloaded.
	var fresh []int
	for n, u := range uidls {
		if _, ok := known[u]; !ok {
			fresh = append(fresh, n)
		}
	}
	sort.Ints(fresh)
	var bytesDone int64
	for i, n := range fresh {
		if err := ctx.Err(); err != nil {
			return res, err
		}
		raw, err := c.retr(n)
		if err != nil {
			return res, fmt.Errorf("pop3: RETR %d: %w", n, err)
		}
		// The message and its UIDL are committed together.
		if _, err := st.AddPOP3Message(ctx, inbox.ID, uidls[n], raw, opts.now()); err != nil {
			return res, err
		}
		res.Downloaded++
		bytesDone += int64(len(raw))
		st.SetProgress(storage.Progress{AccountID: a.ID, Folder: inbox.Name, Phase: "download", Done: i + 1, Total: len(fresh), Bytes: bytesDone})
	}

	// Deletions, only of messages safely stored here.
	known, err = st.POP3Records(ctx, a.ID)
	if err != nil {
		return res, err
	}
	now := opts.now()
	var gone []string
	onServer := map[string]bool{}
	for n, u := range uidls {
		onServer[u] = true
		r, ok := known[u]
		if !ok || !shouldDelete(a.POP3, r, now) {
			continue
		}
		if err := c.c.Dele(n); err != nil {
			res.Refused++
			st.AddNotice(ctx, a.ID, fmt.Sprintf("The server of %s refused to delete a message (%v); it stays there.", a.Address, err))
			continue
		}
		res.Deleted++
		gone = append(gone, u)
	}
	if err := c.Close(); err != nil { // QUIT carries out the deletions
		return res, err
	}
	ok = true
	for u := range known {
		if !onServer[u] {
			gone = append(gone, u)
		}
	}
	return res, st.ForgetPOP3(ctx, a.ID, gone)
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

// uidls returns message number → unique id. Without UIDL support (it is
// optional, RFC 1939 section 7) the id is a hash of the message's
// Message-ID, Date, From and size, read with TOP n 0.
func (c *Conn) uidls(sizes map[int]int) (map[int]string, error) {
	out := map[int]string{}
	l, err := c.c.Uidl(0)
	if err == nil {
		for _, m := range l {
			out[m.ID] = m.UID
		}
		return out, nil
	}
	if !refused(err) {
		return nil, fmt.Errorf("pop3: UIDL: %w", err)
	}
	for n, size := range sizes {
		buf, err := c.c.Cmd("TOP", true, n, 0)
		if err != nil {
			return nil, fmt.Errorf("pop3: TOP %d 0: %w", n, err)
		}
		out[n] = headerHash(unstuff(buf.Bytes()), size)
	}
	return out, nil
}

// headerHash is the stand-in UIDL for servers without UIDL.
func headerHash(header []byte, size int) string {
	h, err := textproto.NewReader(bufio.NewReader(bytes.NewReader(append(header, '\r', '\n')))).ReadMIMEHeader()
	if err != nil && len(h) == 0 {
		h = textproto.MIMEHeader{}
	}
	sum := sha256.Sum256([]byte(fmt.Sprintf("%s\x00%s\x00%s\x00%d",
		strings.TrimSpace(h.Get("Message-Id")), strings.TrimSpace(h.Get("Date")), strings.TrimSpace(h.Get("From")), size)))
	return "hash:" + hex.EncodeToString(sum[:16])
}

// refused reports whether err is the server answering -ERR, as opposed to
// the connection failing.
func refused(err error) bool {
	var ne net.Error
	return err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.As(err, &ne)
}
