package support

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"strconv"
	"sync"
	"sync/atomic"
)

// maxLine is the longest line a tap keeps whole; of a longer one it keeps
// only the last tailKeep bytes (enough to see a literal's announcement).
const (
	maxLine  = 16 << 10
	tailKeep = 64
)

// stream cuts one direction of a conversation into lines, however the
// bytes come in, and skips literals (IMAP) without keeping them.
type stream struct {
	buf  []byte
	size int   // bytes of the current line so far (more than buf when long)
	skip int64 // literal bytes still to skip

	// line handles a complete line without its CRLF; size > len(line)
	// when it was cut. It returns the size of a literal announced at its
	// end, or -1.
	line func(line []byte, size int) int64
	// skipped hears that a literal of n bytes was skipped.
	skipped func(n int64)
	literal int64
}

// write feeds p into the stream.
func (s *stream) write(p []byte) {
	for len(p) > 0 {
		if s.skip > 0 {
			n := int64(len(p))
			if n > s.skip {
				n = s.skip
			}
			s.skip -= n
			p = p[n:]
			if s.skip == 0 && s.skipped != nil {
				s.skipped(s.literal)
			}
			continue
		}
		i := bytes.IndexByte(p, '\n')
		if i < 0 {
			s.take(p)
			return
		}
		s.take(p[:i+1])
		p = p[i+1:]
		s.finish()
	}
}

// take adds a piece of the current line.
func (s *stream) take(p []byte) {
	s.size += len(p)
	s.buf = append(s.buf, p...)
	if len(s.buf) > maxLine {
		s.buf = append(s.buf[:0], s.buf[len(s.buf)-tailKeep:]...)
	}
}

// finish hands the complete line over and starts skipping the literal it
// announces, if any.
func (s *stream) finish() {
	line := bytes.TrimRight(s.buf, "\r\n")
	size := s.size - (len(s.buf) - len(line))
	lit := s.line(line, size)
	s.buf, s.size = s.buf[:0], 0
	if lit > 0 {
		s.skip, s.literal = lit, lit
	} else if lit == 0 && s.skipped != nil {
		s.skipped(0)
	}
}

// literalAt is the size of the literal announced at the end of an IMAP
// line ({12}, {12+} or ~{12}), or -1.
func literalAt(line []byte) int64 {
	if len(line) < 3 || line[len(line)-1] != '}' {
		return -1
	}
	open := bytes.LastIndexByte(line, '{')
	if open < 0 {
		return -1
	}
	digits := bytes.TrimSuffix(line[open+1:len(line)-1], []byte("+"))
	n, err := strconv.ParseInt(string(digits), 10, 64)
	if err != nil || n < 0 {
		return -1
	}
	return n
}

// session is one logged connection: its name in the log and the lock its
// directions share.
type session struct {
	mu   sync.Mutex
	name string
}

var sessions atomic.Int64

// wanted reports whether the program's log keeps protocol conversations
// now: only then do the taps exist at all.
func wanted() bool {
	return slog.Default().Enabled(context.Background(), slog.LevelDebug)
}

// sessionName names a new connection to addr and logs its start.
func sessionName(proto, addr string) string {
	name := fmt.Sprintf("%s#%d", proto, sessions.Add(1))
	slog.Debug(name + " connected to " + addr)
	return name
}

// emit logs a line of the conversation; dir is "C:" or "S:".
func (s *session) emit(dir, text string) {
	slog.Debug(s.name + " " + dir + " " + text)
}

// leftOut is the note for n bytes skipped.
func leftOut(n int64) string { return fmt.Sprintf("[%d bytes left out]", n) }

// longLine is the note for a line too long to keep.
func longLine(n int) string { return fmt.Sprintf("[a line of %d bytes left out]", n) }

// upper is an ASCII word in upper case.
func upper(b []byte) string { return string(bytes.ToUpper(b)) }

// cut splits at the first space.
func cut(b []byte) (before, after []byte, found bool) { return bytes.Cut(b, []byte(" ")) }
