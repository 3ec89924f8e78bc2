package imap

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"

	"github.com/tern-mail/tern/storage"
)

// Layout is how an account's server lays out folders, as the import of
// mail into it needs to know: where new folders go and the folders it
// has for each role.
type Layout struct {
	Prefix string            // the personal namespace's prefix (RFC 2342), e.g. "INBOX."
	Delim  string            // the hierarchy delimiter, "" for a flat namespace
	Roles  map[string]string // folder name by role (storage.RoleSent …)
	Names  map[string]bool   // every selectable folder
}

// Layout lists the server's folders and returns their layout. A server
// that announces no NAMESPACE is asked for its delimiter (RFC 3501
// section 6.3.8: LIST with an empty name).
func (c *Conn) Layout(ctx context.Context) (Layout, error) {
	folders, err := c.listFolders(ctx)
	if err != nil {
		return Layout{}, err
	}
	l := Layout{Prefix: c.ns.prefix, Delim: c.ns.delim, Roles: map[string]string{}, Names: map[string]bool{}}
	for _, f := range folders {
		l.Names[f.name] = true
		if f.role != "" && l.Roles[f.role] == "" {
			l.Roles[f.role] = f.name
		}
		if l.Delim == "" && f.delim != "" {
			l.Delim = f.delim
		}
	}
	if l.Delim == "" {
		if list, err := c.c.List("", "", nil).Collect(); err == nil && len(list) > 0 && list[0].Delim != 0 {
			l.Delim = string(list[0].Delim)
		}
	}
	return l, nil
}

// CreateFolder creates the folder name, and subscribes to it, unless it
// exists.
func (c *Conn) CreateFolder(name string) error {
	if err := c.c.Create(name, nil).Wait(); err != nil && code(err) != imap.ResponseCodeAlreadyExists {
		// Servers without ALREADYEXISTS say NO in words: look.
		if list, lerr := c.c.List("", name, nil).Collect(); lerr != nil || len(list) == 0 {
			return fmt.Errorf("imap: create %q: %w", name, err)
		}
	}
	if err := c.c.Subscribe(name).Wait(); err != nil {
		return fmt.Errorf("imap: subscribe %q: %w", name, err)
	}
	return nil
}

// searchChunk is how many Message-IDs one SEARCH asks for (ORed).
const searchChunk = 20

// FindByHeader returns the UIDs of the folder's messages whose header
// field key holds any of the values (UID SEARCH HEADER, RFC 9051 section
// 6.4.4), in as few commands as it can.
func (c *Conn) FindByHeader(folder, key string, values []string) ([]uint32, error) {
	if len(values) == 0 {
		return nil, nil
	}
	c.forgetSelection()
	if _, err := c.selectFolder(folder); err != nil {
		return nil, err
	}
	var out []uint32
	for start := 0; start < len(values); start += searchChunk {
		crit := orHeaders(key, values[start:min(len(values), start+searchChunk)])
		data, err := c.c.UIDSearch(crit, nil).Wait()
		if err != nil {
			return nil, fmt.Errorf("imap: search %q by %s: %w", folder, key, err)
		}
		for _, u := range data.AllUIDs() {
			out = append(out, uint32(u))
		}
	}
	return out, nil
}

// orHeaders is HEADER key v1 OR HEADER key v2 OR …
func orHeaders(key string, values []string) *imap.SearchCriteria {
	one := func(v string) imap.SearchCriteria {
		return imap.SearchCriteria{Header: []imap.SearchCriteriaHeaderField{{Key: key, Value: v}}}
	}
	crit := one(values[0])
	for _, v := range values[1:] {
		crit = imap.SearchCriteria{Or: [][2]imap.SearchCriteria{{crit, one(v)}}}
	}
	return &crit
}

// FetchSources returns the sources of the folder's messages uids, by UID.
func (c *Conn) FetchSources(folder string, uids []uint32) (map[uint32][]byte, error) {
	if len(uids) == 0 {
		return nil, nil
	}
	if _, err := c.selectFolder(folder); err != nil {
		return nil, err
	}
	var set imap.UIDSet
	sizes := make(map[uint32]int64, len(uids)) // sizes not known: each may take the largest literal
	for _, u := range uids {
		set.AddNum(imap.UID(u))
		sizes[u] = 0
	}
	got, err := c.fetchSources(set, sizes)
	if err != nil {
		return nil, fmt.Errorf("imap: fetch from %q: %w", folder, err)
	}
	return got, nil
}

// Upload is a message to APPEND.
type Upload struct {
	Raw   []byte // with CRLF line breaks (see CRLF)
	Flags storage.Flags
	Date  time.Time // the internal date; zero lets the server choose
}

// Uploaded is what became of one Upload.
type Uploaded struct {
	UID uint32 // from APPENDUID (RFC 4315 section 3); 0 without UIDPLUS
	Err error  // the server refused this message (its words), or nil
}

// Append uploads msgs to folder, keeping their flags and dates (RFC 3501
// section 6.3.11). The commands are sent one after the other without
// waiting for each answer, then the answers are read: one round trip for
// the batch. A message the server refuses has its Err set; err is for
// the connection failing, after which nothing more is known.
func (c *Conn) Append(ctx context.Context, folder string, msgs []Upload) ([]Uploaded, error) {
	out := make([]Uploaded, len(msgs))
	cmds := make([]*imapclient.AppendCommand, 0, len(msgs))
	for _, m := range msgs {
		if err := ctx.Err(); err != nil {
			break
		}
		opts := &imap.AppendOptions{Flags: appendFlags(m.Flags), Time: m.Date}
		cmd := c.c.Append(folder, int64(len(m.Raw)), opts)
		_, werr := cmd.Write(m.Raw)
		cerr := cmd.Close()
		cmds = append(cmds, cmd)
		if err := errors.Join(werr, cerr); err != nil {
			break
		}
	}
	c.forgetSelection()
	for i, cmd := range cmds {
		data, err := cmd.Wait()
		var ie *imap.Error
		switch {
		case errors.As(err, &ie):
			out[i].Err = fmt.Errorf("imap: append to %q: %w", folder, err)
		case err != nil:
			// The connection failed: what became of this message and
			// those after it is not known.
			return out[:i], fmt.Errorf("imap: append to %q: %w", folder, err)
		case data != nil:
			out[i].UID = uint32(data.UID)
		}
	}
	if len(cmds) < len(msgs) {
		if err := ctx.Err(); err != nil {
			return out[:len(cmds)], err
		}
		return out[:len(cmds)], fmt.Errorf("imap: append to %q: the connection failed", folder)
	}
	return out, nil
}

// appendFlags are the IMAP flags of f: system flags and keywords that
// are atoms (RFC 3501 section 2.3.2).
func appendFlags(f storage.Flags) []imap.Flag {
	var out []imap.Flag
	for _, x := range []struct {
		on   bool
		flag imap.Flag
	}{{f.Seen, imap.FlagSeen}, {f.Answered, imap.FlagAnswered}, {f.Flagged, imap.FlagFlagged}, {f.Draft, imap.FlagDraft}} {
		if x.on {
			out = append(out, x.flag)
		}
	}
	for _, k := range f.Keywords {
		if isAtom(k) {
			out = append(out, imap.Flag(k))
		}
	}
	return out
}

// isAtom reports whether s can be sent as a keyword: ASCII without
// spaces, controls or atom-specials, not beginning with a backslash.
func isAtom(s string) bool {
	if s == "" || s[0] == '\\' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c <= ' ' || c >= 0x7f || strings.IndexByte(`(){%*"\]`, c) >= 0 {
			return false
		}
	}
	return true
}

// CRLF returns raw with every line ending in CRLF, as IMAP carries
// messages (RFC 5322 section 2.1): files on Unix end lines in LF alone.
// raw itself is returned when it needs no change.
func CRLF(raw []byte) []byte {
	bare := 0
	for i, c := range raw {
		if c == '\n' && (i == 0 || raw[i-1] != '\r') {
			bare++
		}
	}
	if bare == 0 {
		return raw
	}
	out := make([]byte, 0, len(raw)+bare)
	for start := 0; start < len(raw); {
		i := bytes.IndexByte(raw[start:], '\n')
		if i < 0 {
			out = append(out, raw[start:]...)
			break
		}
		end := start + i
		out = append(out, raw[start:end]...)
		if end == 0 || raw[end-1] != '\r' {
			out = append(out, '\r')
		}
		out = append(out, '\n')
		start = end + 1
	}
	return out
}
