package imap

import (
	"fmt"
	"io"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"

	"github.com/tern-mail/tern/accounts"
	"github.com/tern-mail/tern/storage/message"
)

// maxLiteral is the largest literal Tern reads: twice the largest message
// it downloads. A server that announces more is cut off rather than read.
const maxLiteral = 2*message.MaxMessageBytes + accounts.Slack

// fetchLimits bound the answer to one FETCH: how many messages it may
// answer for, and how large the literal of each may be (by UID, when the
// UID came before the literal; of any, when not).
type fetchLimits struct {
	messages int
	literal  func(uid uint32) int64
}

// bodyLimit is the most a message's source may take when its size was
// said to be size: twice that and Slack (servers count lines' ends in
// their own ways), never more than maxLiteral; any up to maxLiteral when
// its size is not known.
func bodyLimit(size int64) int64 {
	if size <= 0 {
		return maxLiteral
	}
	return min(2*size+accounts.Slack, maxLiteral)
}

// sourceLimits are the limits of a FETCH of the sources of messages of
// the sizes given by UID, and the bytes all of them may take.
func sourceLimits(sizes map[uint32]int64) (fetchLimits, int64) {
	var most, total int64
	for _, n := range sizes {
		most = max(most, bodyLimit(n))
		total += bodyLimit(n)
	}
	lim := fetchLimits{messages: len(sizes) + fetchSlack, literal: func(uid uint32) int64 {
		if n, ok := sizes[uid]; ok {
			return bodyLimit(n)
		}
		return most
	}}
	return lim, total
}

// fetchHeadersOnly returns, by UID, what is stored of the messages in set
// that are too large to download: their header (at most
// message.MaxHeaderBytes of it, RFC 9051 section 6.4.5 partial fetch)
// marked with their size, sizes[uid].
func (c *Conn) fetchHeadersOnly(set imap.UIDSet, sizes map[uint32]int64) (map[uint32][]byte, error) {
	section := &imap.FetchItemBodySection{Specifier: imap.PartSpecifierHeader, Peek: true,
		Partial: &imap.SectionPartial{Offset: 0, Size: message.MaxHeaderBytes}}
	each := int64(message.MaxHeaderBytes + accounts.Slack)
	lim := fetchLimits{messages: len(sizes) + fetchSlack, literal: func(uint32) int64 { return each }}
	msgs, err := c.fetchAll(c.transfer("FETCH", int64(len(sizes))*each), lim, func() *imapclient.FetchCommand {
		return c.c.Fetch(set, &imap.FetchOptions{UID: true, BodySection: []*imap.FetchItemBodySection{section}})
	})
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

// fetchSources returns BODY.PEEK[] of the messages in set, by UID; sizes
// holds the size each was said to have. A message expunged meanwhile is
// simply missing from the result. Each source is read from the
// connection into a buffer of its announced size.
func (c *Conn) fetchSources(set imap.UIDSet, sizes map[uint32]int64) (map[uint32][]byte, error) {
	section := &imap.FetchItemBodySection{Peek: true}
	lim, total := sourceLimits(sizes)
	msgs, err := c.fetchAll(c.transfer("FETCH", total), lim, func() *imapclient.FetchCommand {
		return c.c.Fetch(set, &imap.FetchOptions{UID: true, BodySection: []*imap.FetchItemBodySection{section}})
	})
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

// fetchAll sends a FETCH (send) within budget b and reads its answers to
// its end, as its Collect would, but within lim, and with every literal
// read through readSource: Collect skips the rest of a literal whose
// read failed, which races with the client's reader.
func (c *Conn) fetchAll(b accounts.Budget, lim fetchLimits, send func() *imapclient.FetchCommand) ([]*imapclient.FetchMessageBuffer, error) {
	var out []*imapclient.FetchMessageBuffer
	err := c.within(b, func() error {
		cmd := send()
		for m := cmd.Next(); m != nil; m = cmd.Next() {
			if len(out) == lim.messages {
				c.raw.Trip(accounts.Flood, "FETCH")
				break
			}
			buf, err := c.fetchItems(m, lim)
			if err != nil {
				return err
			}
			out = append(out, buf)
		}
		return cmd.Close()
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// fetchItems reads one message's items of a FETCH answer.
func (c *Conn) fetchItems(m *imapclient.FetchMessageData, lim fetchLimits) (*imapclient.FetchMessageBuffer, error) {
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
				if b, err = c.readSource(it.Literal, lim.literal(uint32(buf.UID))); err != nil {
					return nil, err
				}
			}
			buf.BodySection = append(buf.BodySection, imapclient.FetchBodySectionBuffer{Section: it.Section, Bytes: b})
		}
	}
	return buf, nil
}

// readSource reads a message source whole, of at most most bytes: a
// server announcing more is cut off. A source cut short leaves the
// connection unusable: it is closed, rather than have the command skip
// what is left of a literal the client has given up on.
func (c *Conn) readSource(lit imap.LiteralReader, most int64) ([]byte, error) {
	if n := lit.Size(); n < 0 || n > most {
		t := c.raw.Trip(accounts.Oversized, "FETCH")
		// With the connection closed this ends at once, after what was
		// buffered: go-imap's reader waits for the literal to be read.
		io.Copy(io.Discard, lit)
		return nil, fmt.Errorf("imap: a literal of %d bytes where at most %d were due: %w", n, most, t)
	}
	b, err := readLiteral(lit)
	if err != nil {
		c.c.Close()
	}
	return b, err
}

// exactUpTo is the largest literal read into a buffer of its announced
// size at once; a larger one grows its buffer as it arrives, so that a
// false size costs memory only as fast as the bytes come.
const exactUpTo = 16 << 20

// readLiteral reads a literal whole (its size checked by the caller).
// The buffer of a large one doubles as the bytes come, but never past the
// announced size: a 44 MB message is held in 44 MB, not in the 64 MB of a
// doubling buffer, and at most a copy of 32 MB is made on the way.
func readLiteral(lit imap.LiteralReader) ([]byte, error) {
	n := lit.Size()
	buf := make([]byte, 0, min(n, exactUpTo))
	for int64(len(buf)) < n {
		if len(buf) == cap(buf) {
			grown := make([]byte, len(buf), min(n, 2*int64(cap(buf))))
			copy(grown, buf)
			buf = grown
		}
		k, err := io.ReadFull(lit, buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+k]
		if err != nil {
			return nil, fmt.Errorf("imap: read message source: %d of %d bytes: %w", len(buf), n, err)
		}
	}
	return buf, nil
}
