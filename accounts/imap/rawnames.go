package imap

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"io"
	"net"
	"strconv"
	"strings"
	"sync"
	"unicode/utf16"
	"unicode/utf8"
)

// Folder names travel in modified UTF-7 (RFC 3501 section 5.1.3). go-imap
// gives up on the whole connection when a LIST, LSUB or STATUS response
// names a folder that is not valid modified UTF-7 (a server that stored a
// name in Latin-1, a client that wrote "&" bare), so one such folder made
// a whole account fail to sync. nameConn sits between go-imap and the
// connection and hands go-imap a valid stand-in for such a name: the raw
// name, escaped and in quotes ("\"Caf\\xe9\"", "\"R&D\""), which the
// folder list shows. Before a command that names the folder, Conn arms
// the stand-in (mailbox), and nameConn puts the raw name back in its
// place on the way out, so the folder syncs like any other.

// maxNameLine is the longest LIST, LSUB or STATUS response read whole to
// look at its name; a longer one passes as it is.
const maxNameLine = 64 << 10

// nameConn rewrites invalid folder names in responses (see above).
type nameConn struct {
	net.Conn
	r    *bufio.Reader
	out  []byte // rewritten bytes not yet handed to go-imap
	lit  int64  // bytes of a literal still to pass as they are
	mid  bool   // in the middle of a response line
	tail []byte // the end of the line passed so far (for "{n}")

	mu    sync.Mutex
	armed map[string]string // quoted stand-in → raw name on the wire, for the next write naming it
}

func newNameConn(c net.Conn) *nameConn {
	return &nameConn{Conn: c, r: bufio.NewReaderSize(c, 64<<10), armed: map[string]string{}}
}

// Read implements net.Conn.
func (n *nameConn) Read(p []byte) (int, error) {
	for len(n.out) == 0 {
		if n.lit > 0 {
			k, err := n.r.Read(p[:min(int64(len(p)), n.lit)])
			n.lit -= int64(k)
			return k, err
		}
		if err := n.fill(); err != nil {
			return 0, err
		}
	}
	k := copy(p, n.out)
	n.out = n.out[k:]
	return k, nil
}

// fill reads the next piece of the stream into out: a whole response
// that may name a folder, else up to the end of a line.
func (n *nameConn) fill() error {
	if n.mid {
		return n.pass()
	}
	head, named, err := n.head()
	if !named || err != nil {
		n.out = append(n.out[:0], head...)
		n.mid = true
		n.track(head)
		return err
	}
	line, complete, err := n.collect(head)
	if complete {
		n.out = n.rewrite(line)
		return err
	}
	n.out = line
	n.mid = true
	n.track(line)
	return err
}

// head reads the start of a response until it is known whether it is a
// LIST, LSUB or STATUS response, byte by byte: reading further could wait
// for what the server sends only after Tern answers.
func (n *nameConn) head() ([]byte, bool, error) {
	var head []byte
	for {
		b, err := n.r.ReadByte()
		if err != nil {
			return head, false, err
		}
		head = append(head, b)
		possible := false
		for _, w := range nameResponses {
			if len(head) <= len(w) && strings.EqualFold(string(head), w[:len(head)]) {
				if len(head) == len(w) {
					return head, true, nil
				}
				possible = true
			}
		}
		if !possible {
			return head, false, nil
		}
	}
}

// nameResponses are the responses that name a folder go-imap decodes.
var nameResponses = []string{"* LIST ", "* LSUB ", "* STATUS "}

// collect reads the rest of a response whose start is head, literals
// and all, up to maxNameLine. complete is false when it stopped short:
// then what it read passes as it is, and the rest after it.
func (n *nameConn) collect(head []byte) (line []byte, complete bool, err error) {
	line = head
	for len(line) < maxNameLine {
		chunk, err := n.r.ReadSlice('\n')
		line = append(line, chunk...)
		if err == bufio.ErrBufferFull {
			continue
		}
		if err != nil {
			return line, false, err
		}
		size, ok := literalAtEnd(line)
		if !ok {
			return line, true, nil
		}
		if size > int64(maxNameLine-len(line)) {
			n.lit = size
			return line, false, nil
		}
		lit := make([]byte, size)
		if _, err := io.ReadFull(n.r, lit); err != nil {
			return append(line, lit...), false, err
		}
		line = append(line, lit...)
	}
	return line, false, nil
}

// pass hands on the rest of a line as it comes, and the literal it ends
// with, if any.
func (n *nameConn) pass() error {
	chunk, err := n.r.ReadSlice('\n')
	n.out = append(n.out[:0], chunk...)
	n.track(chunk)
	if err == bufio.ErrBufferFull {
		return nil
	}
	return err
}

// track follows where a line passed as it is ends: at a line's end
// without a literal the next response starts; a literal is passed on as
// it is.
func (n *nameConn) track(b []byte) {
	n.tail = append(n.tail, b...)
	if len(n.tail) > 32 {
		n.tail = n.tail[len(n.tail)-32:]
	}
	if !bytes.HasSuffix(b, []byte("\n")) {
		return
	}
	if size, ok := literalAtEnd(n.tail); ok {
		n.lit = size
		n.tail = n.tail[:0]
		return
	}
	n.mid = false
	n.tail = n.tail[:0]
}

// literalAtEnd reads the "{n}" or "{n+}" before a line's CRLF.
func literalAtEnd(line []byte) (int64, bool) {
	l := bytes.TrimSuffix(bytes.TrimSuffix(line, []byte("\n")), []byte("\r"))
	if !bytes.HasSuffix(l, []byte("}")) {
		return 0, false
	}
	i := bytes.LastIndexByte(l, '{')
	if i < 0 {
		return 0, false
	}
	num := strings.TrimSuffix(string(l[i+1:len(l)-1]), "+")
	size, err := strconv.ParseInt(num, 10, 64)
	return size, err == nil && size >= 0
}

// rewrite replaces the folder name in a whole LIST, LSUB or STATUS
// response when it is not valid modified UTF-7.
func (n *nameConn) rewrite(line []byte) []byte {
	start, end, name, ok := nameSpan(line)
	if !ok || strings.EqualFold(name, "INBOX") || validMUTF7(name) {
		return line
	}
	stand := standIn(name)
	out := make([]byte, 0, len(line)+len(stand)+8)
	out = append(out, line[:start]...)
	out = append(out, quote(strings.ReplaceAll(stand, "&", "&-"))...)
	return append(out, line[end:]...)
}

// standIn is what Tern calls a folder whose name is not valid modified
// UTF-7: its raw name, escaped and in quotes.
func standIn(raw string) string { return strconv.QuoteToASCII(raw) }

// rawName returns the raw name a stand-in stands for. A name is taken
// for a stand-in only when it is exactly what standIn makes of a name
// that is not modified UTF-7: a folder really called so (quotes and all)
// is the one case mistaken, and no server names its folders so.
func rawName(folder string) (string, bool) {
	if !strings.HasPrefix(folder, `"`) {
		return "", false
	}
	raw, err := strconv.Unquote(folder)
	if err != nil || standIn(raw) != folder || validMUTF7(raw) || strings.EqualFold(raw, "INBOX") {
		return "", false
	}
	return raw, true
}

// mailbox arms the raw name of folder, when it is a stand-in, for the
// next command that names it. Any connection can: the raw name is
// known from the stand-in alone.
func (n *nameConn) mailbox(folder string) {
	raw, ok := rawName(folder)
	if !ok {
		return
	}
	wire, ok := onTheWire(raw)
	if !ok {
		return
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	n.armed[quote(strings.ReplaceAll(folder, "&", "&-"))] = wire
}

// Write implements net.Conn, putting armed raw names in place.
func (n *nameConn) Write(p []byte) (int, error) {
	n.mu.Lock()
	q := p
	for needle, wire := range n.armed {
		if i := bytes.Index(q, []byte(needle)); i >= 0 {
			q = append(append(append([]byte{}, q[:i]...), wire...), q[i+len(needle):]...)
			delete(n.armed, needle)
		}
	}
	n.mu.Unlock()
	if _, err := n.Conn.Write(q); err != nil {
		return 0, err
	}
	return len(p), nil
}

// quote is s as an IMAP quoted string, as go-imap writes it.
func quote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for i := 0; i < len(s); i++ {
		if s[i] == '"' || s[i] == '\\' {
			b.WriteByte('\\')
		}
		b.WriteByte(s[i])
	}
	b.WriteByte('"')
	return b.String()
}

// onTheWire is a raw name as a quoted string; a name with a NUL, CR or
// LF cannot be one.
func onTheWire(raw string) (string, bool) {
	if strings.ContainsAny(raw, "\x00\r\n") {
		return "", false
	}
	return quote(raw), true
}

// nameSpan finds the folder name in a LIST, LSUB or STATUS response: the
// bytes it takes (start, end) and its value.
func nameSpan(line []byte) (start, end int, name string, ok bool) {
	s := string(line)
	i := strings.IndexByte(s[2:], ' ') + 3 // after "* LIST "
	if strings.EqualFold(s[2:i-1], "LIST") || strings.EqualFold(s[2:i-1], "LSUB") {
		// mbx-list-flags, then the delimiter: "(...) "/" " or "(...) NIL "
		j := strings.IndexByte(s[i:], ')')
		if j < 0 {
			return 0, 0, "", false
		}
		i += j + 1
		if i >= len(s) || s[i] != ' ' {
			return 0, 0, "", false
		}
		i++
		d, ok := skipDelim(s, i)
		if !ok {
			return 0, 0, "", false
		}
		i = d
	}
	end, name, ok = astring(s, i)
	return i, end, name, ok
}

// skipDelim skips a hierarchy delimiter (quoted character or NIL) and the
// space after it.
func skipDelim(s string, i int) (int, bool) {
	switch {
	case len(s) >= i+4 && strings.EqualFold(s[i:i+3], "NIL"):
		i += 3
	case strings.HasPrefix(s[i:], `"\`) && len(s) >= i+4:
		i += 4
	case strings.HasPrefix(s[i:], `"`) && len(s) >= i+3:
		i += 3
	default:
		return 0, false
	}
	if i >= len(s) || s[i] != ' ' {
		return 0, false
	}
	return i + 1, true
}

// astring reads an atom, quoted string or literal at s[i:], returning
// where it ends and its value.
func astring(s string, i int) (int, string, bool) {
	switch {
	case i >= len(s):
		return 0, "", false
	case s[i] == '"':
		var b strings.Builder
		for j := i + 1; j < len(s); j++ {
			switch s[j] {
			case '\\':
				if j+1 < len(s) {
					j++
					b.WriteByte(s[j])
				}
			case '"':
				return j + 1, b.String(), true
			case '\r', '\n':
				return 0, "", false
			default:
				b.WriteByte(s[j])
			}
		}
		return 0, "", false
	case s[i] == '{':
		nl := strings.Index(s[i:], "\r\n")
		if nl < 0 {
			return 0, "", false
		}
		size, ok := literalAtEnd([]byte(s[i : i+nl]))
		from := i + nl + 2
		if !ok || int64(len(s)-from) < size {
			return 0, "", false
		}
		return from + int(size), s[from : from+int(size)], true
	}
	j := i
	for j < len(s) && !strings.ContainsRune(" ()\r\n", rune(s[j])) {
		j++
	}
	return j, s[i:j], j > i
}

// mutf7 is the base64 alphabet of modified UTF-7.
var mutf7 = base64.NewEncoding("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+,")

// validMUTF7 reports whether go-imap decodes s as a folder name: the same
// rules as its decoder, so a name it takes keeps the name it always had.
func validMUTF7(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	ascii := true
	for i := 0; i < len(s); i++ {
		ch := s[i]
		if ch < 0x20 || (ch > 0x7e && ch < utf8.RuneSelf) {
			return false
		}
		if ch != '&' {
			ascii = true
			continue
		}
		start := i + 1
		for i++; i < len(s) && s[i] != '-'; i++ {
			if s[i] == '\r' || s[i] == '\n' {
				return false
			}
		}
		switch {
		case i == len(s):
			return false
		case i == start:
			ascii = true
		case !ascii || !validShift(s[start:i]):
			return false
		default:
			ascii = false
		}
	}
	return true
}

// validShift reports whether a base64 run decodes to UTF-16 that is not
// printable ASCII (which must stand for itself).
func validShift(b64 string) bool {
	if strings.HasSuffix(b64, "=") || len(b64)%4 == 1 {
		return false
	}
	if r := len(b64) % 4; r != 0 {
		b64 += "=="[:4-r]
	}
	b, err := mutf7.DecodeString(b64)
	if err != nil || len(b)%2 == 1 {
		return false
	}
	for i := 0; i < len(b); i += 2 {
		r := rune(b[i])<<8 | rune(b[i+1])
		if utf16.IsSurrogate(r) {
			if i += 2; i == len(b) {
				return false
			}
			if utf16.DecodeRune(r, rune(b[i])<<8|rune(b[i+1])) == utf8.RuneError {
				return false
			}
		} else if r >= 0x20 && r <= 0x7e {
			return false
		}
	}
	return true
}
