package support

import (
	"bytes"
	"net"
	"regexp"
)

// IMAPTap writes an IMAP conversation into the log. It sits on the
// connection go-imap reads and writes (above TLS, below any rewriting of
// Tern's own), so each direction is its own stream: what is read came
// from the server, what is written came from Tern.
type IMAPTap struct {
	session
	client, server stream

	auth   bool // AUTHENTICATE under way: the client's lines are secret
	secret bool // the client's command carries credentials (LOGIN)
}

// IMAP returns a tap for a connection to addr, or nil when the log does
// not keep conversations now.
func IMAP(addr string) *IMAPTap {
	if !wanted() {
		return nil
	}
	t := &IMAPTap{}
	t.name = sessionName("imap", addr)
	t.client = stream{line: t.clientLine, skipped: t.clientSkipped}
	t.server = stream{line: t.serverLine, skipped: func(n int64) { t.emit("S:", leftOut(n)) }}
	return t
}

// Conn wraps c so that what goes through it is logged. A nil tap returns
// c itself.
func (t *IMAPTap) Conn(c net.Conn) net.Conn {
	if t == nil {
		return c
	}
	return &tapConn{Conn: c, read: t.fromServer, write: t.fromClient}
}

func (t *IMAPTap) fromServer(p []byte) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.server.write(p)
}

func (t *IMAPTap) fromClient(p []byte) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.client.write(p)
}

// clientLine logs a line Tern sent.
func (t *IMAPTap) clientLine(line []byte, size int) int64 {
	lit := literalAt(line)
	if text := t.clientText(line, size); text != "" {
		t.emit("C:", text)
	}
	return lit
}

// clientText is what the log shows of a line Tern sent. A line that is
// not a command (the rest of one after a literal, an AUTHENTICATE
// response) is left out whole.
func (t *IMAPTap) clientText(line []byte, size int) string {
	switch {
	case size > len(line):
		return longLine(size)
	case len(line) == 0:
		return ""
	case t.auth:
		return Marker
	case string(line) == "DONE":
		return "DONE"
	}
	tag, rest, ok := cut(line)
	if !ok || !isTag(tag) {
		return Marker
	}
	cmd, args, _ := cut(rest)
	t.secret = false
	switch upper(cmd) {
	case "LOGIN":
		t.secret = true
		return string(tag) + " LOGIN " + Marker
	case "AUTHENTICATE":
		t.auth, t.secret = true, true
		mech, ir, _ := cut(args)
		if len(ir) > 0 {
			return string(tag) + " AUTHENTICATE " + string(mech) + " " + Marker
		}
		return string(tag) + " AUTHENTICATE " + string(mech)
	}
	return MaskAddresses(string(line))
}

// clientSkipped notes a literal Tern sent, without its size when it was
// part of a login.
func (t *IMAPTap) clientSkipped(n int64) {
	if t.secret {
		t.emit("C:", Marker)
		return
	}
	t.emit("C:", leftOut(n))
}

// serverLine logs a line the server sent.
func (t *IMAPTap) serverLine(line []byte, size int) int64 {
	lit := literalAt(line)
	switch {
	case size > len(line):
		t.emit("S:", longLine(size))
	case bytes.HasPrefix(line, []byte("+")):
		if t.auth {
			t.emit("S:", "+ "+Marker)
		} else {
			t.emit("S:", maskIMAP(line))
		}
	case bytes.HasPrefix(line, []byte("* ")):
		t.emit("S:", maskIMAP(line))
	default: // tagged: the command is over
		t.auth = false
		t.emit("S:", maskIMAP(line))
	}
	return lit
}

// bodyRE matches message contents sent as a quoted string rather than a
// literal: BODY[…] "…", BINARY[…] "…", RFC822.TEXT "…".
var bodyRE = regexp.MustCompile(`(?i)((?:BODY|BINARY|RFC822(?:\.TEXT|\.HEADER)?)(?:\[[^\]]*\])?(?:<\d+>)?) "(?:[^"\\]|\\.)*"`)

// subjectRE matches an ENVELOPE's date and subject (RFC 3501 section
// 7.4.2); a subject sent as a literal is skipped as every literal is.
var subjectRE = regexp.MustCompile(`(?i)(ENVELOPE \((?:NIL|"(?:[^"\\]|\\.)*") )"(?:[^"\\]|\\.)*"`)

// maskIMAP masks a server line: addresses, ENVELOPE subjects, mailboxes
// and names, and message contents in quoted strings.
func maskIMAP(line []byte) string {
	s := string(line)
	s = bodyRE.ReplaceAllString(s, `$1 "`+Marker+`"`)
	s = subjectRE.ReplaceAllString(s, `$1"***"`)
	return maskEnvelope(MaskAddresses(s))
}

// isTag reports whether b can be an IMAP command tag.
func isTag(b []byte) bool {
	if len(b) == 0 || len(b) > 32 {
		return false
	}
	for _, c := range b {
		if c <= ' ' || c >= 0x7f || bytes.IndexByte([]byte(`(){%*"\+]`), c) >= 0 {
			return false
		}
	}
	return true
}
