package printout

import (
	"strings"
	"time"

	"github.com/tern-mail/tern/assets/i18n"
	"github.com/tern-mail/tern/storage"
	"github.com/tern-mail/tern/storage/message"
)

// Message is what a printout shows of one message.
type Message struct {
	Subject string
	From    string // the sender as the reader names it
	To, Cc  string
	Date    time.Time // zero: no date line
	// HTML is the sanitised HTML body; when it is empty Text is printed.
	HTML string
	Text string
	// Notes are lines printed under the headers: what could not be read
	// of the message, or that its body is not on this computer.
	Notes       []string
	Attachments []message.Attachment
	// MoreParts counts the parts past message.MaxParts, not listed.
	MoreParts int
}

// FromStored is the printout of a stored message m, p its parsed source
// (nil when the body is not on this computer).
func FromStored(m *storage.StoredMessage, p *message.Parsed) Message {
	out := Message{
		Subject: message.CleanHeader(m.Subject),
		From:    senderLine(m, p),
		To:      message.CleanHeader(m.To),
		Cc:      message.CleanHeader(m.Cc),
		Date:    m.Date,
	}
	if p == nil {
		out.Notes = []string{i18n.T("print.not_downloaded")}
		return out
	}
	if out.Date.IsZero() {
		out.Date = p.Date
	}
	out.Text, out.HTML = p.Text, p.HTML
	if p.Raw {
		out.HTML = "" // the source, as it arrived
	}
	out.Notes = append(out.Notes, p.Warnings...)
	if p.HeadersOnly {
		out.Text, out.HTML = "", ""
		out.Notes = append(out.Notes[:max(len(out.Notes)-1, 0)],
			i18n.T("print.headers_only", i18n.Args{"Size": i18n.Size(p.FullSize)}))
	}
	out.Attachments, out.MoreParts = p.Attachments, p.MoreParts
	return out
}

// senderLine names the sender as the reader and tern show do: every
// author (and who sent it for them) with a warning sign when there are
// several, else the name and the real address.
func senderLine(m *storage.StoredMessage, p *message.Parsed) string {
	if p != nil {
		if s := message.SendersOf(p.From, p.Sender); s.Warn {
			return "⚠ " + message.CleanHeader(s.Text)
		}
	}
	email := message.RealAddress(m.FromAddr)
	if email != "" && strings.TrimSpace(m.FromName) != "" {
		return message.Address{Name: message.CleanHeader(m.FromName), Email: message.DisplayAddress(email)}.String()
	}
	return message.CleanHeader(message.SenderName(m.FromName, email))
}

// listed are the attachments the printout lists: the pictures shown in
// the text are not.
func (m *Message) listed() []message.Attachment {
	var out []message.Attachment
	for _, a := range m.Attachments {
		if a.Inline && strings.HasPrefix(a.ContentType, "image/") {
			continue
		}
		out = append(out, a)
	}
	return out
}

// inlineParts are the parts an <img src="cid:…"> may show.
func (m *Message) inlineParts() map[string]inlinePart {
	out := map[string]inlinePart{}
	for _, a := range m.Attachments {
		if a.ContentID != "" && a.Data != nil && (strings.HasPrefix(a.ContentType, "image/") || a.Inline) {
			out[a.ContentID] = inlinePart{data: a.Data, contentType: a.ContentType, name: a.Filename}
		}
	}
	return out
}
