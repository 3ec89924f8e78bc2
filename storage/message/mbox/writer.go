package mbox

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"strings"
	"time"
)

// Writer writes messages to an mbox file in the mboxrd variant: each
// message after a From_ line, every line that is "From ", ">From ",
// ">>From " … quoted with one more ">", and a blank line after it. Reader
// undoes the quoting, so a message read back is the message written,
// byte for byte (one without a line break at its end gains one).
type Writer struct {
	w   *bufio.Writer
	err error
}

// NewWriter returns a Writer appending to w. Call Flush at the end.
func NewWriter(w io.Writer) *Writer {
	return &Writer{w: bufio.NewWriterSize(w, 64<<10)}
}

// Write writes one message. sender is the envelope sender for the From_
// line ("MAILER-DAEMON" when empty), date the time it was received.
func (w *Writer) Write(sender string, date time.Time, raw []byte) error {
	if w.err != nil {
		return w.err
	}
	w.fromLine(sender, date)
	for start := 0; start < len(raw); {
		end := bytes.IndexByte(raw[start:], '\n')
		if end < 0 {
			end = len(raw)
		} else {
			end += start + 1
		}
		line := raw[start:end]
		if isFromLine(line) || quotedFrom(line) {
			w.w.WriteByte('>')
		}
		w.w.Write(line)
		start = end
	}
	switch {
	case bytes.HasSuffix(raw, []byte("\r\n")):
		w.w.WriteString("\r\n")
	case bytes.HasSuffix(raw, []byte("\n")):
		w.w.WriteString("\n")
	default:
		w.w.WriteString("\n\n")
	}
	_, err := w.w.Write(nil)
	w.err = err
	return err
}

// fromLine writes "From sender asctime-date".
func (w *Writer) fromLine(sender string, date time.Time) {
	sender = strings.Join(strings.FieldsFunc(sender, func(r rune) bool { return r <= ' ' || r == 0x7f }), "")
	if sender == "" {
		sender = "MAILER-DAEMON"
	}
	if date.IsZero() {
		date = time.Unix(0, 0)
	}
	fmt.Fprintf(w.w, "From %s %s\n", sender, date.UTC().Format("Mon Jan _2 15:04:05 2006"))
}

// Flush writes what is buffered.
func (w *Writer) Flush() error {
	if w.err != nil {
		return w.err
	}
	w.err = w.w.Flush()
	return w.err
}
