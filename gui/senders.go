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
		return message.SenderName("", email), ""
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

// headerLines writes the reader's header block for m (p is its parsed
// source, nil when not downloaded), and a warning about its sender.
func headerLines(m *tstorage.StoredMessage, p *message.Parsed) (headers, warning string) {
	fromLine, warn := fromLines(m, p)
	h := []string{fromLine}
	if p != nil {
		if rt := replyTarget(p); rt != "" {
			h = append(h, "Reply-To: "+rt)
			warn = append(warn, "Replies go to "+rt+", not to "+message.SenderName("", m.FromAddr)+".")
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

// fromLines is the reader's From line and the warnings about the sender:
// every author and any other Sender when the message names them (from
// its source p when there is one, else from the stored row), and a name
// that shows another address than the real one.
func fromLines(m *tstorage.StoredMessage, p *message.Parsed) (string, []string) {
	if p != nil {
		if s := message.SendersOf(p.From, p.Sender); s.Warn {
			return "From: ⚠ " + s.Text, []string{sendersWarning(p)}
		}
	}
	email := message.RealAddress(m.FromAddr)
	from := message.Address{Name: message.CleanHeader(m.FromName), Email: message.DisplayAddress(email)}
	if from.Name == "" && from.Email == "" {
		return "From: " + message.NoSender(), nil
	}
	if email == "" {
		return "From: " + from.Name, nil
	}
	c := message.CheckSender(m.FromName, email)
	if !c.Spoofed {
		return "From: " + from.String(), nil
	}
	if strings.Contains(from.Name, "<"+from.Email+">") {
		// A row stored with every author in its name.
		return "From: ⚠ " + from.Name, []string{"⚠ This message names more than one sender: " + from.Name + "."}
	}
	return "From: ⚠ " + from.String(), []string{"⚠ The sender's name shows " + c.Embedded + ", but this message was sent from " + from.Email + "."}
}

// sendersWarning says in a sentence who the message names as its
// senders, and that a reply goes to every author.
func sendersWarning(p *message.Parsed) string {
	s := message.SendersOf(p.From, p.Sender)
	if strings.HasPrefix(s.Text, "sent by ") {
		return "⚠ This message was " + s.Text + "."
	}
	return "⚠ This message names more than one sender: " + s.Text + ". A reply goes to all of them."
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
		return "⚠ This reply goes to " + strings.Join(to, ", ") + " — the address the message asked replies to go to, which is not its sender's."
	case message.SendersOf(p.From, p.Sender).Warn:
		return "⚠ This reply goes to " + strings.Join(to, ", ") + ". The message names more than one sender; check that each should get it."
	}
	return ""
}

// shownSubject is a subject as the list shows it: cleaned again with
// message.CleanHeader, because rows stored before headers were cleaned
// where they are read may still hold control or bidirectional characters.
func shownSubject(s string) string { return message.CleanHeader(s) }
