package gui

import (
	"strings"

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
// fake address must not push the real one out of sight.
func senderParts(name, email string) (head, tail string) {
	name = message.CleanHeader(name)
	addr := message.DisplayAddress(email)
	if strings.TrimSpace(name) == "" {
		return addr, ""
	}
	c := message.CheckSender(name, email)
	switch {
	case c.Spoofed:
		return "⚠ " + name, " (" + addr + ")"
	case c.ShowAddress:
		return name, " (" + addr + ")"
	}
	return name, ""
}

// headerLines writes the reader's header block for m (p is its parsed
// source, nil when not downloaded), and a warning about its sender.
func headerLines(m *tstorage.StoredMessage, p *message.Parsed) (headers, warning string) {
	from := message.Address{Name: message.CleanHeader(m.FromName), Email: message.DisplayAddress(m.FromAddr)}
	c := message.CheckSender(m.FromName, m.FromAddr)
	fromLine := "From: " + from.String()
	var warn []string
	if c.Spoofed {
		fromLine = "From: ⚠ " + from.String()
		warn = append(warn, "⚠ The sender's name shows "+c.Embedded+", but this message was sent from "+from.Email+".")
	}
	h := []string{fromLine}
	if p != nil {
		if rt := replyTarget(p); rt != "" {
			h = append(h, "Reply-To: "+rt)
			warn = append(warn, "Replies go to "+rt+", not to "+from.Email+".")
		}
	}
	if m.To != "" {
		h = append(h, "To: "+message.CleanHeader(m.To))
	}
	if m.Cc != "" {
		h = append(h, "Cc: "+message.CleanHeader(m.Cc))
	}
	if !m.Date.IsZero() {
		h = append(h, "Date: "+m.Date.Local().Format("Monday 2 January 2006, 15:04"))
	}
	return strings.Join(h, "\n"), strings.Join(warn, "\n")
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
// original asked for replies elsewhere than its sender.
func replyNote(p *message.Parsed, d message.Draft) string {
	if replyTarget(p) == "" {
		return ""
	}
	var to []string
	for _, a := range append(append([]message.Address(nil), d.To...), d.Cc...) {
		to = append(to, message.DisplayAddress(a.Email))
	}
	return "⚠ This reply goes to " + strings.Join(to, ", ") + " — the address the message asked replies to go to, which is not its sender's."
}

// shownSubject is a subject as the list shows it: cleaned again with
// message.CleanHeader, because rows stored before headers were cleaned
// where they are read may still hold control or bidirectional characters.
func shownSubject(s string) string { return message.CleanHeader(s) }
