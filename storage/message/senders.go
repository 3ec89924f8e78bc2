package message

import (
	"strings"

	"github.com/tern-mail/tern/assets/i18n"
)

// NoSender is how a message without a readable sender is named, wherever
// a sender is shown, in the person's language.
func NoSender() string { return i18n.T("message.no_sender") }

// placeholderParts are what IMAP servers and mail libraries write in an
// address they could not read: the mailbox or the domain of
// "MISSING_MAILBOX@MISSING_DOMAIN", and the markers of a syntax error.
var placeholderParts = map[string]bool{
	"missing_mailbox": true, "missing_domain": true, "invalid_address": true,
	"unexpected_data_after_address": true, ".syntax-error.": true, "syntax-error": true, "syntax_error": true,
}

// RealAddress returns email cleaned, or "" when it is no address: empty,
// or a placeholder a server or library put in place of a missing or
// broken one.
func RealAddress(email string) string {
	email = CleanHeader(email)
	local, domain := email, ""
	if i := strings.LastIndexByte(email, '@'); i >= 0 {
		local, domain = email[:i], email[i+1:]
	}
	if placeholderParts[strings.ToLower(local)] || placeholderParts[strings.ToLower(domain)] {
		return ""
	}
	return email
}

// SenderName names a sender in one line: its display name, else its
// address (as DisplayAddress shows it), else NoSender.
func SenderName(name, email string) string {
	if n := CleanHeader(name); n != "" {
		return n
	}
	if a := RealAddress(email); a != "" {
		return DisplayAddress(a)
	}
	return NoSender()
}

// Senders is who a message says sent it, as the list, the reader and the
// command line show it.
type Senders struct {
	// Text names every author and, when another address sent it on their
	// behalf, that address: "CEO <ceo@corp.example> and Mallory
	// <mallory@evil.example>", "sent by mallory@evil.example on behalf of
	// CEO <ceo@corp.example>". It is "" when the message has one author
	// and no other sender: the name and address alone say it all.
	Text string
	// Warn is true when Text is set: a reply may go to people the first
	// name does not show, or the message came from someone else.
	Warn bool
	// Authors names every author ("A, B and C") when Warn is set.
	Authors string
	// OnBehalf is the address that sent the message on the authors'
	// behalf, as shown; "" when there is none.
	OnBehalf string
}

// SendersOf reads the From and Sender fields of a message. A Sender that
// is one of the From addresses (RFC 5322 section 3.6.2 asks for one when
// From names several) adds nothing.
func SendersOf(from, sender []Address) Senders {
	from = realAddresses(from)
	sender = realAddresses(sender)
	var s Senders
	if len(from) > 1 {
		s.Authors = joinSenders(from)
		s.Text, s.Warn = s.Authors, true
	}
	if len(sender) == 0 || len(from) == 0 || hasAddress(from, sender[0].Email) {
		return s
	}
	s.Authors, s.OnBehalf, s.Warn = joinSenders(from), shownAddress(sender[0]), true
	s.Text = i18n.T("message.senders.on_behalf", i18n.Args{"Sender": s.OnBehalf, "Authors": s.Authors})
	return s
}

// ListedSender is the one sender the store keeps for a message's row:
// its first From address, with a name that spells out Senders.Text when
// there is more to say ("CEO <ceo@corp.example> and Mallory
// <mallory@evil.example>"), so that the list can show it all.
func ListedSender(from, sender []Address) Address {
	real := realAddresses(from)
	if len(real) == 0 {
		if len(from) > 0 {
			return Address{Name: from[0].Name}
		}
		return Address{}
	}
	a := real[0]
	if s := SendersOf(from, sender); s.Warn {
		a.Name = s.Text
	}
	return a
}

// realAddresses drops the addresses of l that are placeholders or empty.
func realAddresses(l []Address) []Address {
	var out []Address
	for _, a := range l {
		if e := RealAddress(a.Email); e != "" {
			out = append(out, Address{Name: CleanHeader(a.Name), Email: e})
		}
	}
	return out
}

// hasAddress reports whether l holds email, compared case-insensitively.
func hasAddress(l []Address, email string) bool {
	for _, a := range l {
		if strings.EqualFold(a.Email, email) {
			return true
		}
	}
	return false
}

// shownAddress is a in full, its host as DisplayHost shows it.
func shownAddress(a Address) string {
	return Address{Name: a.Name, Email: DisplayAddress(a.Email)}.String()
}

// joinSenders writes l as a sentence in the person's language: "A", "A
// and B", "A, B and C".
func joinSenders(l []Address) string {
	names := make([]string, len(l))
	for i, a := range l {
		names[i] = shownAddress(a)
	}
	if len(names) == 1 {
		return names[0]
	}
	return i18n.T("message.senders.and", i18n.Args{"List": strings.Join(names[:len(names)-1], ", "), "Last": names[len(names)-1]})
}
