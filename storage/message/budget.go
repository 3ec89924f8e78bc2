package message

import (
	"bytes"
	"strings"
)

// MaxParts is how many parts of a message Tern reads: the parts after
// them are counted (Parsed.MoreParts) but not read, because the MIME
// library's time grows with the square of the number of parts, and a
// list of tens of thousands of files helps nobody.
const MaxParts = 1000

// damagedField marks a part whose content was damaged. A sender can
// write it too, but then only stops its own part from being shown.
const damagedField = "X-Tern-Damaged"

// capParts counts the part whose delimiter is at offset at and, when it
// is past MaxParts, cuts the message there: every open multipart is closed
// at that point and the parts from there on are only counted. It reports
// whether the message was cut.
func (m *mender) capParts(at int) bool {
	m.parts++
	if m.parts <= MaxParts {
		return false
	}
	m.finishPart(at)
	var ls []string
	for i := len(m.open) - 1; i >= 0; i-- {
		ls = append(ls, "--"+m.open[i].boundary+"--"+m.eol)
	}
	m.inserts = append(m.inserts, insert{at: at, lines: ls})
	m.cutAt = at
	m.more = countParts(m.l.b[at:], m.open)
	m.open = nil
	return true
}

// countParts counts the lines of b that start a part of one of the open
// multiparts (nested ones are not looked into).
func countParts(b []byte, open []level) int {
	l := &lines{b: b}
	n := 0
	for {
		line, _, ok := l.nextDash()
		if !ok {
			return n
		}
		for _, o := range open {
			rest, ok := bytes.CutPrefix(line[2:], []byte(o.boundary))
			if ok && !bytes.HasPrefix(rest, []byte("--")) && (len(rest) == 0 || isSpaceByte(rest[0])) {
				n++
				break
			}
		}
	}
}

// finishPart ends the pending part at offset end. Base64 content with
// bytes outside the alphabet is replaced by its clean bytes: the MIME
// library would keep an error for each bad byte, gigabytes for a large
// garbage part. A damaged part that is not text is also marked with
// damagedField, so that it is listed as application/octet-stream and
// nothing tries to show it as a picture.
func (m *mender) finishPart(end int) {
	if !m.pending {
		return
	}
	m.pending = false
	h := m.part
	if !h.base64 || end <= h.body {
		return
	}
	content := m.l.b[h.body:end]
	if !damagedBase64(content) {
		return
	}
	m.damaged++
	if !strings.HasPrefix(h.mediaType, "text/") {
		m.inserts = append(m.inserts, insert{at: h.start, lines: []string{damagedField + ": base64" + m.eol}})
	}
	m.inserts = append(m.inserts, insert{at: h.body, skip: len(content), repl: cleanBase64(content)})
}

// damagedBase64 reports whether b has a byte that is neither of the base64
// alphabet, padding, nor white space.
func damagedBase64(b []byte) bool {
	for _, c := range b {
		if base64Class[c] == b64Other && c != ' ' && c != '\t' {
			return true
		}
	}
	return false
}

// cleanBase64 returns b with only its alphabet, padding and line ends.
func cleanBase64(b []byte) []byte {
	out := make([]byte, 0, len(b))
	for _, c := range b {
		if base64Class[c] != b64Other {
			out = append(out, c)
		}
	}
	return out
}
