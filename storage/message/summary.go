package message

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"mime"
	"strings"

	"github.com/emersion/go-message/textproto"
	"github.com/jhillyerd/enmime/v2"
)

// minCut is the size from which a binary part's content is measured and
// left out before enmime reads the message: below it, cutting saves less
// than it costs.
const minCut = 2048

// maxCutWalkDepth bounds how deep Summarize's own walk, which finds the
// parts to cut out, follows nested multiparts. It is not MaxDepth, which
// bounds what is read at all: a message nested deeper than this (and no
// deeper than MaxDepth) is left to enmime whole, uncut.
const maxCutWalkDepth = 20

// Summarize returns what Parse returns except the HTML body and the contents
// of attachments (Data is nil; Size is set): what the store keeps to list
// and search a message.
//
// Attachments are most of the bytes of mail, and enmime reads every byte of
// every part. So the MIME structure is first walked with go-message, whose
// multipart reader is several times faster; each large base64 binary part
// is measured by decoding it with the standard library and then cut out of
// a copy of the message, and enmime parses that copy. Everything in the
// result — headers, text, attachment names, warnings — still comes from
// enmime. When the walk fails, or enmime sees a different structure than
// the walk did, the whole message goes through enmime as it is.
//
// Like Parse, Summarize never panics and costs time linear in the size of
// raw: it is what runs on every message as it arrives.
func Summarize(raw []byte) (p *Parsed) {
	defer func() {
		if r := recover(); r != nil {
			p = dropData(rawFallback(raw, raw, fmt.Errorf("parser failure: %v", r)))
		}
	}()
	s, err := prepare(raw)
	if err != nil {
		return rawFallback(raw, s.src, err)
	}
	src := s.src
	var leaves []leaf
	var cuts []span
	w := walker{raw: src, leaves: &leaves, cuts: &cuts}
	if w.message() == nil && len(cuts) > 0 {
		reduced := excise(src, cuts)
		p := parse(reduced, raw, false, func(env *enmime.Envelope) map[*enmime.Part]int {
			return matchLeaves(env.Root, leaves)
		})
		if p != nil && !p.Raw {
			return s.apply(dropData(p))
		}
	}
	return s.apply(dropData(parse(src, raw, false, nil)))
}

// SummarizeAsArrived is what Summarize returns for a message it failed on:
// the headers that can be read, the whole source as text and a warning
// naming cause. It is for a caller whose own preparation of raw failed
// after Summarize, so that the message is kept and shown as it arrived.
func SummarizeAsArrived(raw []byte, cause error) *Parsed {
	src, _ := cutHeader(raw)
	return rawFallback(raw, src, cause)
}

// dropData forgets the contents of p's attachments.
func dropData(p *Parsed) *Parsed {
	for i := range p.Attachments {
		p.Attachments[i].Data = nil
	}
	return p
}

// leaf is a part without children, in the order a depth-first walk meets
// it.
type leaf struct {
	mediaType string // lower case, without parameters
	size      int    // decoded size, when cut
	cut       bool
}

// span is a byte range of the raw message.
type span struct{ start, end int }

// excise returns a copy of raw without the given ascending ranges.
func excise(raw []byte, cuts []span) []byte {
	n := len(raw)
	for _, c := range cuts {
		n -= c.end - c.start
	}
	out := make([]byte, 0, n)
	at := 0
	for _, c := range cuts {
		out = append(out, raw[at:c.start]...)
		at = c.end
	}
	return append(out, raw[at:]...)
}

// walker finds the leaves of a message and the content ranges worth
// cutting.
type walker struct {
	raw    []byte
	leaves *[]leaf
	cuts   *[]span
}

// errShape stops a walk whose message Summarize leaves to enmime whole.
type errShape struct{}

func (errShape) Error() string { return "message: unusual structure" }

// message walks the whole message.
func (w walker) message() error {
	r := bytes.NewReader(w.raw)
	br := bufio.NewReader(r)
	h, err := textproto.ReadHeader(br)
	if err != nil {
		return err
	}
	// The body starts after what the header took: what the bufio.Reader
	// read from r, less what it still holds.
	start := len(w.raw) - r.Len() - br.Buffered()
	return w.entity(h, start, len(w.raw), 0)
}

// entity walks the part whose header is h and whose content is
// raw[start:end].
func (w walker) entity(h textproto.Header, start, end, depth int) error {
	mt, params, err := mime.ParseMediaType(h.Get("Content-Type"))
	if h.Get("Content-Type") == "" {
		mt, err = "text/plain", nil
	}
	if err != nil {
		return errShape{}
	}
	if strings.HasPrefix(mt, "multipart/") {
		if params["boundary"] == "" || depth >= maxCutWalkDepth {
			return errShape{}
		}
		return w.multipart(params["boundary"], start, end, depth)
	}
	l := leaf{mediaType: mt}
	if end-start >= minCut && !strings.HasPrefix(mt, "text/") && !strings.HasPrefix(mt, "message/") &&
		strings.EqualFold(strings.TrimSpace(h.Get("Content-Transfer-Encoding")), "base64") {
		if n, ok := base64Size(w.raw[start:end]); ok {
			// Cleanly encoded: measured, and cut. Damaged content stays for
			// enmime to read and report.
			l.size, l.cut = n, true
			*w.cuts = append(*w.cuts, span{start, end})
		}
	}
	*w.leaves = append(*w.leaves, l)
	return nil
}

// multipart walks the parts of the multipart content raw[start:end].
func (w walker) multipart(boundary string, start, end, depth int) error {
	content := w.raw[start:end]
	mr := textproto.NewMultipartReader(bytes.NewReader(content), boundary)
	at := 0 // where in content the next part's data may start
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		// The part's data is a run of the message's own bytes, which ends
		// where the next delimiter starts: find it by its first bytes and
		// its length.
		head := make([]byte, 256)
		k, err := io.ReadFull(p, head)
		if err != nil && err != io.ErrUnexpectedEOF && err != io.EOF {
			return err
		}
		rest, err := io.Copy(io.Discard, p)
		if err != nil {
			return err
		}
		n := k + int(rest)
		i := bytes.Index(content[at:], head[:k])
		if i < 0 || at+i+n > len(content) || !delimiterAt(content[at+i+n:], boundary) {
			return errShape{}
		}
		ps := start + at + i
		at += i + n
		if err := w.entity(p.Header, ps, ps+n, depth+1); err != nil {
			return err
		}
	}
}

// matchLeaves pairs the leaves enmime found with those of the walk and
// returns the decoded sizes of the parts that were cut, or nil when the two
// disagree on the structure.
func matchLeaves(root *enmime.Part, leaves []leaf) map[*enmime.Part]int {
	if root == nil {
		return nil
	}
	parts := root.DepthMatchAll(func(p *enmime.Part) bool { return p.FirstChild == nil })
	if len(parts) != len(leaves) {
		return nil
	}
	sizes := map[*enmime.Part]int{}
	for i, p := range parts {
		if !strings.EqualFold(p.ContentType, leaves[i].mediaType) {
			return nil
		}
		if leaves[i].cut {
			if len(p.Content) != 0 {
				return nil
			}
			sizes[p] = leaves[i].size
		}
	}
	return sizes
}

// delimiterAt reports whether b starts with the line break and delimiter
// that end a part (RFC 2046 section 5.1.1).
func delimiterAt(b []byte, boundary string) bool {
	if bytes.HasPrefix(b, []byte("\r\n")) {
		b = b[2:]
	} else if bytes.HasPrefix(b, []byte("\n")) {
		b = b[1:]
	} else {
		return false
	}
	return bytes.HasPrefix(b, []byte("--"+boundary))
}

// base64Size returns the decoded size of base64 content broken into lines,
// and false when the content is not cleanly encoded: when the standard
// library's decoder would refuse it (RFC 4648 section 4, line breaks
// ignored). It only counts, which costs a fraction of decoding.
func base64Size(b []byte) (int, bool) {
	n, pad := 0, 0 // alphabet characters, and '=' after them
	for _, c := range b {
		switch base64Class[c] {
		case b64Char:
			if pad > 0 {
				return 0, false // padding ends the content
			}
			n++
		case b64Pad:
			pad++
		case b64Break:
		default:
			return 0, false
		}
	}
	// The last quantum of 4 holds 2 or 3 characters and pads the rest.
	switch {
	case n%4 == 0 && pad == 0:
		return n / 4 * 3, true
	case n%4 == 2 && pad == 2:
		return n/4*3 + 1, true
	case n%4 == 3 && pad == 1:
		return n/4*3 + 2, true
	}
	return 0, false
}

// Classes of bytes in base64 content.
const (
	b64Other = iota
	b64Char  // of the alphabet
	b64Pad   // '='
	b64Break // '\r' or '\n', which the decoder skips
)

// base64Class classifies every byte value for base64Size.
var base64Class = func() (t [256]byte) {
	for _, c := range []byte("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/") {
		t[c] = b64Char
	}
	t['='] = b64Pad
	t['\r'], t['\n'] = b64Break, b64Break
	return t
}()
