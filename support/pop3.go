package support

import (
	"bytes"
	"net"
)

// POP3Tap writes a POP3 conversation into the log. It sits on the
// connection itself (above TLS), so each direction is its own stream.
type POP3Tap struct {
	session
	client, server stream

	pending [][]byte // commands sent and not answered yet, in order
	auth    bool     // AUTH under way: the client's lines are secret
	mode    int      // what the server's lines are now
	body    int64    // bytes of the message being left out
}

// The server's modes: single lines, a multi-line listing, a message.
const (
	popLine = iota
	popList
	popBody
)

// POP3 returns a tap for a connection to addr, or nil when the log does
// not keep conversations now.
func POP3(addr string) *POP3Tap {
	if !wanted() {
		return nil
	}
	t := &POP3Tap{}
	t.name = sessionName("pop3", addr)
	t.client = stream{line: t.clientLine}
	t.server = stream{line: t.serverLine}
	return t
}

// Conn wraps c so that what goes through it is logged. A nil tap returns
// c itself.
func (t *POP3Tap) Conn(c net.Conn) net.Conn {
	if t == nil {
		return c
	}
	return &tapConn{Conn: c, read: t.fromServer, write: t.fromClient}
}

func (t *POP3Tap) fromServer(p []byte) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.server.write(p)
}

func (t *POP3Tap) fromClient(p []byte) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.client.write(p)
}

// clientLine logs a command Tern sent, leaving out credentials.
func (t *POP3Tap) clientLine(line []byte, size int) int64 {
	if size > len(line) {
		t.emit("C:", longLine(size))
		return -1
	}
	if t.auth {
		t.emit("C:", Marker)
		return -1
	}
	cmd, args, _ := cut(line)
	name := upper(cmd)
	key := name
	if len(args) > 0 {
		key += " "
	}
	t.pending = append(t.pending, []byte(key))
	switch name {
	case "USER", "PASS", "APOP":
		t.emit("C:", name+" "+Marker)
	case "AUTH":
		if len(args) == 0 {
			t.emit("C:", name)
			return -1
		}
		t.auth = true
		mech, _, _ := cut(args)
		t.emit("C:", name+" "+string(mech)+" "+Marker)
	default:
		t.emit("C:", MaskAddresses(string(line)))
	}
	return -1
}

// serverLine logs an answer, leaving out messages (RETR, TOP).
func (t *POP3Tap) serverLine(line []byte, size int) int64 {
	switch {
	case t.mode == popBody:
		t.bodyLine(line, size)
	case t.mode == popList:
		if string(line) == "." {
			t.mode = popLine
		}
		t.emit("S:", MaskAddresses(string(line)))
	case size > len(line):
		t.emit("S:", longLine(size))
	case bytes.HasPrefix(line, []byte("+OK")), bytes.HasPrefix(line, []byte("-ERR")):
		t.answer(line)
	case bytes.HasPrefix(line, []byte("+")) && t.auth: // a SASL challenge
		t.emit("S:", "+ "+Marker)
	default:
		t.emit("S:", MaskAddresses(string(line)))
	}
	return -1
}

// answer logs a status line and says what follows it.
func (t *POP3Tap) answer(line []byte) {
	var cmd string
	if len(t.pending) > 0 {
		cmd, t.pending = string(t.pending[0]), t.pending[1:]
	}
	t.auth = false
	t.emit("S:", MaskAddresses(string(line)))
	if !bytes.HasPrefix(line, []byte("+OK")) {
		return
	}
	switch cmd {
	case "RETR ", "TOP ":
		t.mode, t.body = popBody, 0
	case "LIST", "UIDL", "CAPA", "AUTH":
		t.mode = popList
	}
}

// bodyLine counts a line of a message until the line with the dot.
func (t *POP3Tap) bodyLine(line []byte, size int) {
	if size == 1 && string(line) == "." {
		t.emit("S:", leftOut(t.body)+" of a message")
		t.emit("S:", ".")
		t.mode = popLine
		return
	}
	t.body += int64(size) + 2
}
