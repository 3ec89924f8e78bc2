package mbox

import (
	"bytes"
	"errors"
	"io"
	"strconv"
)

// DefaultMaxBytes is the largest message Reader returns whole unless told
// otherwise; of a larger one it returns the header (Message.Truncated).
const DefaultMaxBytes = 100 << 20

// Message is one message of an mbox file.
type Message struct {
	// From is the text of the message's From_ line after "From ",
	// without its line break: the envelope sender and the time the
	// message was stored ("" for text before the file's first From_
	// line).
	From string
	// Raw is the message as it was stored: without its From_ line and
	// the blank line that separates it from the next, ">From " quoting
	// undone (unless a Content-Length field gave its size: mboxcl2
	// quotes nothing).
	Raw []byte
	// Size is the message's size in the file. It is len(Raw) unless
	// Truncated.
	Size int64
	// Truncated says the message was larger than the Reader's MaxBytes:
	// Raw holds its header only.
	Truncated bool
	// Offset is where the message's From_ line starts in the file, and
	// End where the next message starts: a Reader made at End with
	// NewReaderAt goes on with the next message.
	Offset, End int64
}

// Reader reads the messages of an mbox file one at a time, in memory
// that follows the largest message, not the file.
type Reader struct {
	// MaxBytes is the largest message returned whole; zero is
	// DefaultMaxBytes.
	MaxBytes int64

	l          *lines
	next       []byte // the next message's From_ line, read ahead
	nextOffset int64
	err        error
}

// NewReader returns a Reader of the mbox file r, read from its start.
func NewReader(r io.Reader) *Reader { return NewReaderAt(r, 0) }

// NewReaderAt returns a Reader of an mbox file r that was read up to
// offset already (a Message's End): the offsets it reports count from the
// file's start.
func NewReaderAt(r io.Reader, offset int64) *Reader {
	l := newLines(r)
	l.off = offset
	return &Reader{l: l}
}

// Next returns the next message, or io.EOF after the last. Any other
// error is the underlying reader's.
func (r *Reader) Next() (*Message, error) {
	if r.err != nil {
		return nil, r.err
	}
	m, err := r.read()
	if err != nil {
		r.err = err
		return nil, err
	}
	return m, nil
}

func (r *Reader) max() int64 {
	if r.MaxBytes > 0 {
		return r.MaxBytes
	}
	return DefaultMaxBytes
}

// read reads one message: its From_ line, its header, then a body of the
// size its Content-Length gives, if that size ends where another message
// (or the file) begins, else up to the next From_ line.
func (r *Reader) read() (*Message, error) {
	m := &Message{}
	b := &body{max: r.max()}
	if r.next != nil {
		m.Offset, m.From = r.nextOffset, fromText(r.next)
		r.next = nil
	} else {
		first, err := r.firstLine()
		if err != nil {
			return nil, err
		}
		m.Offset = r.l.off - int64(len(first))
		if isFromLine(first) {
			m.From = fromText(first)
		} else {
			b.add(first) // text before any From_ line: kept, not dropped
		}
	}
	length, err := r.header(b)
	if err != nil {
		return nil, err
	}
	quoted := true
	if length >= 0 {
		if ok, err := r.sizedBody(b, length); err != nil {
			return nil, err
		} else if ok {
			quoted = false
		}
	}
	if quoted && r.next == nil {
		if err := r.scanBody(b, b.endsBlank()); err != nil {
			return nil, err
		}
	}
	m.Raw, m.Size, m.Truncated = b.finish(quoted)
	m.End = r.l.off
	if r.next != nil {
		m.End = r.nextOffset
	}
	return m, nil
}

// firstLine returns the first line of a message read without a From_ line
// read ahead: at the start of the file, or where a reader was made. Blank
// lines before it are passed over; io.EOF when there is nothing else.
func (r *Reader) firstLine() ([]byte, error) {
	for {
		line, err := r.l.line()
		if err != nil {
			return nil, err
		}
		if !isBlank(line) {
			return line, nil
		}
	}
}

// header reads header lines up to and with the blank line that ends
// them, and returns the Content-Length field's value (-1 when there is
// none or it is not a number).
func (r *Reader) header(b *body) (int64, error) {
	length := int64(-1)
	for !b.headerDone {
		line, err := r.l.line()
		if errors.Is(err, io.EOF) {
			return -1, nil
		}
		if err != nil {
			return -1, err
		}
		if isBlank(line) {
			b.add(line)
			b.headerDone = true
			break
		}
		if n, ok := contentLength(line); ok {
			length = n
		}
		b.add(line)
	}
	return length, nil
}

// contentLength reads a Content-Length field's value.
func contentLength(line []byte) (int64, bool) {
	const name = "content-length:"
	if len(line) <= len(name) || !bytes.EqualFold(line[:len(name)], []byte(name)) {
		return 0, false
	}
	n, err := strconv.ParseInt(string(bytes.TrimSpace(line[len(name):])), 10, 64)
	return n, err == nil && n >= 0
}

// sizedBody reads a body of length bytes (mboxcl2) and reports whether
// that length holds: the file ends there, or a From_ line follows, alone
// or after one blank line. When it does not, the bytes read are looked
// through for the real end, and what lies past it is given back.
func (r *Reader) sizedBody(b *body, length int64) (bool, error) {
	if length > b.max {
		return false, nil
	}
	data, err := r.l.readFull(nil, length)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, io.ErrUnexpectedEOF) {
		return false, err
	}
	if int64(len(data)) == length && r.endsHere() {
		b.add(data)
		return true, nil
	}
	// The length is wrong (a field edited, or another program's): find
	// the end by From_ lines, in what was read and then in the stream.
	if k := separatorIn(data, b.endsBlank()); k >= 0 {
		r.l.unread(data[k:])
		b.add(data[:k])
		return false, r.takeFromLine()
	}
	b.add(data)
	return false, nil
}

// endsHere reports whether the stream is at a message's end: nothing
// left, or (after an optional blank line, which is taken) a From_ line.
func (r *Reader) endsHere() bool {
	p := r.l.peek(7)
	switch {
	case len(p) == 0, bytes.HasPrefix(p, []byte("From ")):
		return true
	case bytes.HasPrefix(p, []byte("\nFrom ")), string(p) == "\n":
		r.l.readFull(nil, 1)
		return true
	case bytes.HasPrefix(p, []byte("\r\nFrom ")), string(p) == "\r\n":
		r.l.readFull(nil, 2)
		return true
	}
	return false
}

// takeFromLine reads the From_ line known to come next as the next
// message's.
func (r *Reader) takeFromLine() error {
	line, err := r.l.line()
	if err != nil {
		return err
	}
	r.next = append([]byte(nil), line...)
	r.nextOffset = r.l.off - int64(len(line))
	return nil
}

// scanBody reads body lines up to the next From_ line (kept for the next
// message) or the end of the file.
func (r *Reader) scanBody(b *body, prevBlank bool) error {
	for {
		line, err := r.l.line()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		if isFromLine(line) {
			// Looking ahead may move the buffer line lies in.
			line = append([]byte(nil), line...)
			if r.startsMessage(line, prevBlank) {
				r.next = line
				r.nextOffset = r.l.off - int64(len(line))
				return nil
			}
		}
		b.add(line)
		prevBlank = isBlank(line)
	}
}

// startsMessage decides whether a "From " line read from the stream
// begins a new message (see separates).
func (r *Reader) startsMessage(line []byte, prevBlank bool) bool {
	return separates(line, r.l.peek(maxFieldPeek), prevBlank)
}
