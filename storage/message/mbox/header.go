package mbox

import (
	"bytes"
	"strings"
)

// maxHeaderScan is how much of a message is looked through for its
// header fields: the fields mailbox programs add are near the top.
const maxHeaderScan = 1 << 20

// Field is one header field, its value unfolded and trimmed, as the
// message has it (encoded words are not decoded).
type Field struct {
	Name, Value string
}

// Fields are a message's header fields, in order.
type Fields []Field

// HeaderOf reads the header fields of raw, up to the blank line that ends
// them. Lines that are not fields (a message that is not one) are passed
// over; bytes that are not UTF-8 are kept as they are.
func HeaderOf(raw []byte) Fields {
	if len(raw) > maxHeaderScan {
		raw = raw[:maxHeaderScan]
	}
	var out Fields
	for start := 0; start < len(raw); {
		end := bytes.IndexByte(raw[start:], '\n')
		if end < 0 {
			end = len(raw)
		} else {
			end += start + 1
		}
		line := bytes.TrimRight(raw[start:end], "\r\n")
		start = end
		if len(line) == 0 {
			break
		}
		if (line[0] == ' ' || line[0] == '\t') && len(out) > 0 {
			last := &out[len(out)-1]
			last.Value = strings.TrimSpace(last.Value + " " + strings.TrimSpace(string(line)))
			continue
		}
		name, value, ok := bytes.Cut(line, []byte(":"))
		if !ok || len(name) == 0 || bytes.ContainsAny(name, " \t") {
			continue
		}
		out = append(out, Field{Name: string(name), Value: strings.TrimSpace(string(value))})
	}
	return out
}

// Get returns the value of the first field called name (in any case), or
// "".
func (f Fields) Get(name string) string {
	for _, x := range f {
		if strings.EqualFold(x.Name, name) {
			return x.Value
		}
	}
	return ""
}

// Has reports whether a field called name is present.
func (f Fields) Has(name string) bool {
	for _, x := range f {
		if strings.EqualFold(x.Name, name) {
			return true
		}
	}
	return false
}

// MessageID returns the Message-ID field's id without its angle brackets,
// or "".
func (f Fields) MessageID() string {
	v := strings.TrimSpace(f.Get("Message-ID"))
	if i := strings.IndexByte(v, '<'); i >= 0 {
		if j := strings.IndexByte(v[i:], '>'); j > 0 {
			return v[i+1 : i+j]
		}
	}
	return strings.Trim(v, "<>")
}

// LooksLikeMessage reports whether raw begins with a header field, as an
// RFC 5322 section 2.2 message does, and has one of the fields every
// message has (From, Date, Subject, Message-ID, To, Received): what does
// not is kept as it is, raw, by whoever imports it.
func LooksLikeMessage(raw []byte) bool {
	first := raw
	if i := bytes.IndexByte(first, '\n'); i >= 0 {
		first = first[:i+1]
	}
	if !startsHeader(first) || bytes.HasPrefix(first, []byte(">From ")) {
		return false
	}
	h := HeaderOf(raw)
	for _, name := range []string{"From", "Date", "Subject", "Message-ID", "To", "Received"} {
		if h.Has(name) {
			return true
		}
	}
	return false
}
