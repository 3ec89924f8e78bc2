package message

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"mime"
	"path/filepath"
	"strings"
	"time"

	gomessage "github.com/emersion/go-message"
	"github.com/emersion/go-message/mail"
)

// OutAttachment is a file attached to an outgoing message.
type OutAttachment struct {
	Filename    string
	ContentType string // guessed from the name when empty
	Data        []byte
	// Message attaches Data as message/rfc822 (a forwarded message).
	Message bool
}

// Draft is a message being written.
type Draft struct {
	From        Address
	To, Cc, Bcc []Address
	Subject     string
	Text        string // the body as the user typed it
	HTML        string // optional HTML alternative
	Attachments []OutAttachment
	InReplyTo   string   // without angle brackets
	References  []string // without angle brackets
	Date        time.Time
	MessageID   string // generated on the sender's domain when empty
}

// Recipients returns every envelope recipient: To, Cc and Bcc.
func (d Draft) Recipients() []string {
	var out []string
	seen := map[string]bool{}
	for _, l := range [][]Address{d.To, d.Cc, d.Bcc} {
		for _, a := range l {
			k := strings.ToLower(a.Email)
			if a.Email != "" && !seen[k] {
				seen[k] = true
				out = append(out, a.Email)
			}
		}
	}
	return out
}

// NewMessageID returns a fresh Message-ID on the domain of addr (RFC 5322
// section 3.6.4), without angle brackets.
func NewMessageID(addr string) string {
	domain := "localhost"
	if i := strings.LastIndexByte(addr, '@'); i >= 0 && i+1 < len(addr) {
		domain = addr[i+1:]
	}
	var b [12]byte
	rand.Read(b[:])
	return fmt.Sprintf("%d.%s@%s", time.Now().UnixNano(), hex.EncodeToString(b[:]), domain)
}

// Compose renders d as RFC 5322 bytes with MIME (RFC 2045–2049): UTF-8
// text in format=flowed (RFC 3676) and quoted-printable, the HTML as an
// alternative, attachments with RFC 2231 file names, encoded words (RFC
// 2047) in headers. Bcc is never written: its recipients are in
// Recipients only. The returned draft has Date and MessageID filled in.
func Compose(d Draft) ([]byte, Draft, error) {
	if d.Date.IsZero() {
		d.Date = time.Now()
	}
	if d.MessageID == "" {
		d.MessageID = NewMessageID(d.From.Email)
	}
	h := composeHeader(d)
	var buf bytes.Buffer
	var err error
	if len(d.Attachments) == 0 && d.HTML == "" {
		err = writeTextOnly(&buf, h, Flow(d.Text))
	} else {
		err = writeMultipart(&buf, h, d)
	}
	if err != nil {
		return nil, d, err
	}
	return buf.Bytes(), d, nil
}

// composeHeader returns the message header of d, without its
// Content-Type. Bcc is left out.
func composeHeader(d Draft) mail.Header {
	var h mail.Header
	h.SetDate(d.Date)
	h.SetAddressList("From", mailAddresses([]Address{d.From}))
	if len(d.To) > 0 {
		h.SetAddressList("To", mailAddresses(d.To))
	}
	if len(d.Cc) > 0 {
		h.SetAddressList("Cc", mailAddresses(d.Cc))
	}
	h.SetSubject(d.Subject)
	h.SetMessageID(d.MessageID)
	// RFC 5322 section 3.6.4: the parent's Message-ID, and the parent's
	// References followed by it.
	if d.InReplyTo != "" {
		h.SetMsgIDList("In-Reply-To", []string{d.InReplyTo})
	}
	if len(d.References) > 0 {
		h.SetMsgIDList("References", d.References)
	}
	h.Set("MIME-Version", "1.0")
	h.Set("User-Agent", "Tern")
	return h
}

// textType is the media type of the text: UTF-8, format=flowed without
// DelSp (RFC 3676 section 4.1).
const textType = "text/plain; charset=utf-8; format=flowed; delsp=no"

// textPartHeader is the header of the text, in quoted-printable.
func textPartHeader() mail.InlineHeader {
	var th mail.InlineHeader
	th.Set("Content-Type", textType)
	th.Set("Content-Transfer-Encoding", "quoted-printable")
	return th
}

// htmlPartHeader is the header of the HTML alternative.
func htmlPartHeader() mail.InlineHeader {
	var hh mail.InlineHeader
	hh.Set("Content-Type", "text/html; charset=utf-8")
	hh.Set("Content-Transfer-Encoding", "quoted-printable")
	return hh
}

// writeTextOnly writes a message whose body is the flowed text alone.
func writeTextOnly(buf *bytes.Buffer, h mail.Header, text string) error {
	h.Set("Content-Type", textType)
	h.Set("Content-Transfer-Encoding", "quoted-printable")
	w, err := gomessage.CreateWriter(buf, h.Header)
	if err != nil {
		return fmt.Errorf("compose: %w", err)
	}
	if _, err := io.WriteString(w, text); err != nil {
		return fmt.Errorf("compose: %w", err)
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("compose: %w", err)
	}
	return nil
}

// writeMultipart writes a message with the text, the HTML alternative
// when there is one, and the attachments.
func writeMultipart(buf *bytes.Buffer, h mail.Header, d Draft) error {
	mw, err := mail.CreateWriter(buf, h)
	if err != nil {
		return fmt.Errorf("compose: %w", err)
	}
	if err := writeInline(mw, d); err != nil {
		return err
	}
	for _, a := range d.Attachments {
		if err := writeAttachment(mw, a); err != nil {
			return fmt.Errorf("compose: attachment %q: %w", a.Filename, err)
		}
	}
	if err := mw.Close(); err != nil {
		return fmt.Errorf("compose: %w", err)
	}
	return nil
}

// writeInline writes the text and, when there is one, the HTML
// alternative of d.
func writeInline(mw *mail.Writer, d Draft) error {
	iw, err := mw.CreateInline()
	if err != nil {
		return fmt.Errorf("compose: %w", err)
	}
	if err := writeInlinePart(iw, textPartHeader(), Flow(d.Text)); err != nil {
		return err
	}
	if d.HTML != "" {
		if err := writeInlinePart(iw, htmlPartHeader(), d.HTML); err != nil {
			return err
		}
	}
	if err := iw.Close(); err != nil {
		return fmt.Errorf("compose: %w", err)
	}
	return nil
}

// writeInlinePart writes one alternative of the body.
func writeInlinePart(iw *mail.InlineWriter, h mail.InlineHeader, body string) error {
	w, err := iw.CreatePart(h)
	if err != nil {
		return fmt.Errorf("compose: %w", err)
	}
	if _, err := io.WriteString(w, body); err != nil {
		return fmt.Errorf("compose: %w", err)
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("compose: %w", err)
	}
	return nil
}

// writeAttachment writes one attachment: a forwarded message as it is,
// anything else in base64.
func writeAttachment(mw *mail.Writer, a OutAttachment) error {
	var ah mail.AttachmentHeader
	// Go's FormatMediaType writes non-ASCII parameters the RFC 2231 way
	// (filename*=utf-8''…); go-message's SetFilename would use RFC 2047
	// words, which RFC 2047 section 5 does not allow there.
	ctype := mime.FormatMediaType(attachmentType(a), map[string]string{"name": a.Filename})
	disp := mime.FormatMediaType("attachment", map[string]string{"filename": a.Filename})
	if ctype == "" || disp == "" {
		return fmt.Errorf("compose: attachment %q: its name cannot be written in a header", a.Filename)
	}
	ah.Set("Content-Type", ctype)
	ah.Set("Content-Disposition", disp)
	if a.Message {
		ah.Set("Content-Transfer-Encoding", "8bit")
	} else {
		ah.Set("Content-Transfer-Encoding", "base64")
	}
	w, err := mw.CreateAttachment(ah)
	if err != nil {
		return err
	}
	if _, err := w.Write(a.Data); err != nil {
		return err
	}
	return w.Close()
}

// attachmentType is a's media type, without parameters: message/rfc822
// for a forwarded message, else as given, else guessed from the file
// name, else application/octet-stream. The system's table gives text
// types with a charset ("text/javascript; charset=utf-8"), which
// FormatMediaType refuses as a type (it returns ""): the header would be
// empty and readers would take the file for the message's text. A file
// is sent as it is on disk, so no charset is claimed for it.
func attachmentType(a OutAttachment) string {
	ct := a.ContentType
	if a.Message {
		ct = "message/rfc822"
	}
	if ct == "" {
		ct = mime.TypeByExtension(strings.ToLower(filepath.Ext(a.Filename)))
	}
	if t, _, err := mime.ParseMediaType(ct); err == nil && strings.Count(t, "/") == 1 {
		return t
	}
	return "application/octet-stream"
}
