package imap

import (
	"fmt"
	"io"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"

	"github.com/tern-mail/tern/storage/message"
)

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
