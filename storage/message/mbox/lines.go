package mbox

import (
	"bufio"
	"bytes"
	"errors"
	"io"
)

// lines reads a stream line by line, keeps count of the bytes taken and
// can give bytes back (unread), so that a message found to end earlier
// than its Content-Length said can return what belongs to the next one.
type lines struct {
	br   *bufio.Reader
	back []byte // given back, read again before br
	off  int64  // bytes taken so far
	long []byte // reused for lines longer than br's buffer
}

func newLines(r io.Reader) *lines {
	return &lines{br: bufio.NewReaderSize(r, 64<<10)}
}

// line returns the next line with its line break, or the last bytes of
// the stream without one; io.EOF when nothing is left. The slice is valid
// until the next call.
func (l *lines) line() ([]byte, error) {
	if len(l.back) > 0 {
		i := bytes.IndexByte(l.back, '\n')
		if i < 0 || i == len(l.back)-1 {
			// The rest of a line given back may go on in br.
			if i < 0 {
				rest, err := l.fromReader()
				if err != nil && !errors.Is(err, io.EOF) {
					return nil, err
				}
				line := append(l.back, rest...)
				l.back = nil
				l.off += int64(len(line))
				return line, nil
			}
			line := l.back
			l.back = nil
			l.off += int64(len(line))
			return line, nil
		}
		line := l.back[:i+1]
		l.back = l.back[i+1:]
		l.off += int64(len(line))
		return line, nil
	}
	line, err := l.fromReader()
	l.off += int64(len(line))
	if len(line) > 0 {
		return line, nil
	}
	return nil, err
}

// fromReader reads one line from br, however long.
func (l *lines) fromReader() ([]byte, error) {
	line, err := l.br.ReadSlice('\n')
	if !errors.Is(err, bufio.ErrBufferFull) {
		if err != nil && len(line) > 0 && errors.Is(err, io.EOF) {
			err = nil
		}
		return line, err
	}
	l.long = append(l.long[:0], line...)
	for errors.Is(err, bufio.ErrBufferFull) {
		line, err = l.br.ReadSlice('\n')
		l.long = append(l.long, line...)
	}
	if errors.Is(err, io.EOF) {
		err = nil
	}
	return l.long, err
}

// unread gives b back: the next reads return it first. b is copied.
func (l *lines) unread(b []byte) {
	if len(b) == 0 {
		return
	}
	nb := make([]byte, 0, len(b)+len(l.back))
	nb = append(nb, b...)
	l.back = append(nb, l.back...)
	l.off -= int64(len(b))
}

// readFull reads exactly n bytes into dst (appended), or what is left.
func (l *lines) readFull(dst []byte, n int64) ([]byte, error) {
	if k := int64(len(l.back)); k > 0 {
		take := min(k, n)
		dst = append(dst, l.back[:take]...)
		l.back = l.back[take:]
		if len(l.back) == 0 {
			l.back = nil
		}
		l.off += take
		n -= take
	}
	for n > 0 {
		chunk := min(n, 64<<10)
		start := len(dst)
		dst = append(dst, make([]byte, chunk)...)
		got, err := io.ReadFull(l.br, dst[start:])
		dst = dst[:start+got]
		l.off += int64(got)
		n -= int64(got)
		if err != nil {
			return dst, err
		}
	}
	return dst, nil
}

// peek returns up to n of the next bytes without taking them.
func (l *lines) peek(n int) []byte {
	if len(l.back) >= n {
		return l.back[:n]
	}
	more, _ := l.br.Peek(n - len(l.back))
	out := make([]byte, 0, len(l.back)+len(more))
	return append(append(out, l.back...), more...)
}
