package imap

import (
	"strings"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"

	"github.com/tern-mail/tern/storage"
	"github.com/tern-mail/tern/storage/message"
)

// convertMessage turns a FETCH response into a message for the store.
func convertMessage(m *imapclient.FetchMessageBuffer) storage.NewMessage {
	nm := storage.NewMessage{
		UID:      uint32(m.UID),
		Flags:    convertFlags(m.Flags),
		Size:     m.RFC822Size,
		Received: m.InternalDate,
		Envelope: &storage.Envelope{},
	}
	// Header text from the server is cleaned once, here, as Parse cleans
	// the headers it reads: nothing from a stranger reaches the window or
	// a terminal with control or direction characters in it.
	if e := m.Envelope; e != nil {
		nm.Envelope = &storage.Envelope{
			Date:      e.Date,
			Subject:   message.CleanHeader(e.Subject),
			From:      convertAddrs(e.From),
			To:        convertAddrs(e.To),
			Cc:        convertAddrs(e.Cc),
			MessageID: message.CleanHeader(strings.Trim(e.MessageID, "<> ")),
		}
		if len(e.InReplyTo) > 0 {
			nm.Envelope.InReplyTo = message.CleanHeader(strings.Trim(e.InReplyTo[0], "<> "))
		}
	}
	for _, s := range m.BodySection {
		nm.Envelope.References = message.MessageIDs(string(s.Bytes))
	}
	return nm
}

func convertAddrs(l []imap.Address) []message.Address {
	out := make([]message.Address, 0, len(l))
	for _, a := range l {
		if a.IsGroupStart() || a.IsGroupEnd() {
			continue
		}
		out = append(out, message.Address{Name: message.CleanHeader(a.Name), Email: message.CleanHeader(a.Addr())})
	}
	return out
}

// convertFlags maps IMAP flags to the store's.
func convertFlags(fl []imap.Flag) storage.Flags {
	var f storage.Flags
	for _, x := range fl {
		switch imap.Flag(strings.ToLower(string(x))) {
		case "\\seen":
			f.Seen = true
		case "\\flagged":
			f.Flagged = true
		case "\\answered":
			f.Answered = true
		case "\\draft":
			f.Draft = true
		case "\\deleted":
			f.Deleted = true
		case "\\recent":
		default:
			f.Keywords = append(f.Keywords, string(x))
		}
	}
	return f
}
