package support

import "bytes"

// SMTPTap writes an SMTP conversation into the log. go-smtp hands both
// directions to one DebugWriter; SMTP goes turn by turn (Tern's client
// does not pipeline), so a line is the server's when it starts with a
// reply code, and everything between the server's 354 and the line with
// the dot is the message.
type SMTPTap struct {
	session
	s    stream
	auth bool // AUTH under way: the client's lines are secret
	data bool // the message is being sent
	body int64
}

// SMTP returns a tap for a connection to addr, or nil when the log does
// not keep conversations now.
func SMTP(addr string) *SMTPTap {
	if !wanted() {
		return nil
	}
	t := &SMTPTap{}
	t.name = sessionName("smtp", addr)
	t.s = stream{line: t.line}
	return t
}

// Write takes a piece of the conversation from go-smtp.
func (t *SMTPTap) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.s.write(p)
	return len(p), nil
}

// line logs one line, whichever side sent it.
func (t *SMTPTap) line(line []byte, size int) int64 {
	switch {
	case t.data:
		t.dataLine(line, size)
	case size > len(line):
		t.emit("?:", longLine(size))
	case isReply(line):
		t.reply(line)
	case t.auth:
		t.emit("C:", Marker)
	default:
		t.command(line)
	}
	return -1
}

// reply logs a server line and follows the turns it starts or ends.
func (t *SMTPTap) reply(line []byte) {
	code := string(line[:3])
	last := len(line) == 3 || line[3] == ' '
	switch {
	case code == "334":
		t.emit("S:", "334 "+Marker)
		return
	case code == "354" && last:
		t.data, t.body = true, 0
	case last:
		t.auth = false
	}
	t.emit("S:", MaskAddresses(string(line)))
}

// command logs a client command, leaving out AUTH's arguments.
func (t *SMTPTap) command(line []byte) {
	cmd, args, _ := cut(line)
	if upper(cmd) != "AUTH" {
		t.emit("C:", MaskAddresses(string(line)))
		return
	}
	t.auth = true
	mech, ir, _ := cut(args)
	text := "AUTH " + string(mech)
	if len(ir) > 0 {
		text += " " + Marker
	}
	t.emit("C:", text)
}

// dataLine counts a line of the message until the line with the dot.
func (t *SMTPTap) dataLine(line []byte, size int) {
	if size == 1 && string(line) == "." {
		t.emit("C:", leftOut(t.body)+" of a message")
		t.emit("C:", ".")
		t.data = false
		return
	}
	t.body += int64(size) + 2
}

// isReply reports whether line starts with a reply code (RFC 5321
// section 4.2): three digits, then a space, a hyphen or the end.
func isReply(line []byte) bool {
	if len(line) < 3 {
		return false
	}
	for _, c := range line[:3] {
		if c < '0' || c > '9' {
			return false
		}
	}
	return len(line) == 3 || bytes.IndexByte([]byte(" -"), line[3]) >= 0
}
