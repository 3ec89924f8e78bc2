package gui

import (
	"strings"

	"github.com/tern-mail/tern/assets/i18n"
	tstorage "github.com/tern-mail/tern/storage"
	"github.com/tern-mail/tern/storage/message"
)

// senderText is how the list shows a sender: the name, with the real
// address next to it when the name contains "@" or looks like an address,
// and a ⚠ in front when the name carries an address that is not the
// sender's.
func senderText(name, email string) string {
	head, tail := senderParts(name, email)
	return head + tail
}

// senderParts splits senderText into the name part and the real address
// in brackets (tail, "" when the address is not shown). A row too narrow
// for both cuts the name and keeps the tail: a long name that carries a
// fake address must not push the real one out of sight. A message with
// several authors or another Sender is stored with a name that spells
// them all out (message.ListedSender); it carries other addresses than
// the first author's, so it is marked like a spoofed name.
func senderParts(name, email string) (head, tail string) {
	name = message.CleanHeader(name)
	email = message.RealAddress(email)
	addr := message.DisplayAddress(email)
	switch {
	case strings.TrimSpace(name) == "":
		return senderName("", email), ""
	case email == "":
		return name, ""
	}
	c := message.CheckSender(name, email)
	switch {
	case c.Spoofed && strings.Contains(name, "<"+addr+">"):
		return "⚠ " + name, "" // the name shows the real address already
	case c.Spoofed:
		return "⚠ " + name, " (" + addr + ")"
	case c.ShowAddress:
		return name, " (" + addr + ")"
	}
	return name, ""
}

// senderName is message.SenderName in the person's language: a
// message without a readable sender is named as such.
func senderName(name, email string) string {
	if n := message.SenderName(name, email); n != message.NoSender() {
		return n
	}
	return i18n.T("message.no_sender")
}

// headerLines writes the reader's header block for m (p is its parsed
// source, nil when not downloaded), and a warning about its sender.
func headerLines(m *tstorage.StoredMessage, p *message.Parsed) (headers, warning string) {
	fromLine, warn := fromLines(m, p)
	h := []string{fromLine}
	if p != nil {
		if rt := replyTarget(p); rt != "" {
			h = append(h, i18n.T("reader.header.reply_to", i18n.Args{"Addresses": rt}))
			warn = append(warn, i18n.T("reader.warn.reply_to", i18n.Args{"ReplyTo": rt, "Sender": senderName("", m.FromAddr)}))
		}
	}
	if m.To != "" {
		h = append(h, i18n.T("reader.header.to", i18n.Args{"Addresses": message.CleanHeader(m.To)}))
	}
	if m.Cc != "" {
		h = append(h, i18n.T("reader.header.cc", i18n.Args{"Addresses": message.CleanHeader(m.Cc)}))
	}
	if !m.Date.IsZero() {
		h = append(h, i18n.T("reader.header.date", i18n.Args{"Date": i18n.LongDate(m.Date)}))
	}
	return strings.Join(h, "\n"), strings.Join(warn, "\n")
}

// fromLines is the reader's From line and the warnings about the sender:
// every author and any other Sender when the message names them (from
// its source p when there is one, else from the stored row), and a name
// that shows another address than the real one.
func fromLines(m *tstorage.StoredMessage, p *message.Parsed) (string, []string) {
	if p != nil && message.SendersOf(p.From, p.Sender).Warn {
		from, warning := sendersWords(p)
		return from, []string{warning}
	}
	email := message.RealAddress(m.FromAddr)
	from := message.Address{Name: message.CleanHeader(m.FromName), Email: message.DisplayAddress(email)}
	if from.Name == "" && from.Email == "" {
		return i18n.T("reader.header.from", i18n.Args{"Sender": message.NoSender()}), nil
	}
	if email == "" {
		return i18n.T("reader.header.from", i18n.Args{"Sender": from.Name}), nil
	}
	c := message.CheckSender(m.FromName, email)
	if !c.Spoofed {
		return i18n.T("reader.header.from", i18n.Args{"Sender": from.String()}), nil
	}
	if strings.Contains(from.Name, "<"+from.Email+">") {
		// A row stored with every author in its name.
		return i18n.T("reader.header.from_warn", i18n.Args{"Senders": from.Name}),
			[]string{i18n.T("reader.warn.listed", i18n.Args{"Senders": from.Name})}
	}
	return i18n.T("reader.header.from_warn", i18n.Args{"Senders": from.String()}),
		[]string{i18n.T("reader.warn.spoofed", i18n.Args{"Shown": c.Embedded, "Address": from.Email})}
}

// sendersWords is the From line and the warning for a message that
// names more than one author, or that another address sent on their
// behalf (message.SendersOf): who they are, and that a reply goes to
// every author.
func sendersWords(p *message.Parsed) (from, warning string) {
	authors := joinAnd(shownAddresses(p.From))
	if by := onBehalfOf(p); by != "" {
		args := i18n.Args{"Sender": by, "Authors": authors}
		return i18n.T("reader.header.from_on_behalf", args), i18n.T("reader.warn.on_behalf", args)
	}
	return i18n.T("reader.header.from_warn", i18n.Args{"Senders": authors}), i18n.T("reader.warn.senders", i18n.Args{"Senders": authors})
}

// shownAddresses are the real addresses of l (message.RealAddress), each
// with its name and its host as message.DisplayAddress shows it.
func shownAddresses(l []message.Address) []string {
	var out []string
	for _, a := range l {
		if e := message.RealAddress(a.Email); e != "" {
			out = append(out, message.Address{Name: message.CleanHeader(a.Name), Email: message.DisplayAddress(e)}.String())
		}
	}
	return out
}

// onBehalfOf is p's Sender, shown, when it is none of the authors: the
// message was sent on their behalf (RFC 5322 section 3.6.2); "" otherwise.
func onBehalfOf(p *message.Parsed) string {
	var authors []string
	for _, a := range p.From {
		if e := message.RealAddress(a.Email); e != "" {
			authors = append(authors, e)
		}
	}
	for _, s := range p.Sender {
		e := message.RealAddress(s.Email)
		if e == "" {
			continue
		}
		for _, a := range authors {
			if strings.EqualFold(a, e) {
				return ""
			}
		}
		if len(authors) == 0 {
			return ""
		}
		return message.Address{Name: message.CleanHeader(s.Name), Email: message.DisplayAddress(e)}.String()
	}
	return ""
}

// joinAnd writes a list as a sentence says it: "A", "A and B", "A, B and
// C", in the person's language.
func joinAnd(items []string) string {
	switch n := len(items); n {
	case 0:
		return ""
	case 1:
		return items[0]
	default:
		first := strings.Join(items[:n-1], i18n.T("list.separator"))
		return i18n.T("list.and", i18n.Args{"First": first, "Last": items[n-1]})
	}
}

// replyTarget lists the Reply-To addresses of p when they are not simply
// its sender's; "" otherwise.
func replyTarget(p *message.Parsed) string {
	if len(p.ReplyTo) == 0 {
		return ""
	}
	from := map[string]bool{}
	for _, a := range p.From {
		from[strings.ToLower(a.Email)] = true
	}
	differs := false
	var out []string
	for _, a := range p.ReplyTo {
		if !from[strings.ToLower(a.Email)] {
			differs = true
		}
		out = append(out, message.Address{Name: message.CleanHeader(a.Name), Email: message.DisplayAddress(a.Email)}.String())
	}
	if !differs {
		return ""
	}
	return strings.Join(out, ", ")
}

// replyNote says where a reply will really go, for the composer, when the
// original asked for replies elsewhere than its sender, or names more
// than one sender: every recipient is listed.
func replyNote(p *message.Parsed, d message.Draft) string {
	var to []string
	for _, a := range append(append([]message.Address(nil), d.To...), d.Cc...) {
		to = append(to, message.DisplayAddress(a.Email))
	}
	switch {
	case replyTarget(p) != "":
		return i18n.T("reader.reply_note.reply_to", i18n.Args{"Recipients": strings.Join(to, ", ")})
	case message.SendersOf(p.From, p.Sender).Warn:
		return i18n.T("reader.reply_note.senders", i18n.Args{"Recipients": strings.Join(to, ", ")})
	}
	return ""
}

// shownSubject is a subject as the list shows it: cleaned again with
// message.CleanHeader, because rows stored before headers were cleaned
// where they are read may still hold control or bidirectional characters.
func shownSubject(s string) string { return message.CleanHeader(s) }
