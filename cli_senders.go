package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/tern-mail/tern/storage"
	"github.com/tern-mail/tern/storage/message"
)

// printSenders writes the From line of tern show, with a warning when the
// message names several senders or another Sender (read from p, its
// parsed source, when there is one) or a name that shows another address
// than the real one, and the Reply-To line when there is one.
func printSenders(w io.Writer, m *storage.StoredMessage, p *message.Parsed) {
	if p != nil {
		if s := message.SendersOf(p.From, p.Sender); s.Warn {
			fmt.Fprintf(w, "From: ⚠ %s\n", oneLine(s.Text))
			fmt.Fprintf(w, "Warning: %s\n", oneLine(sendersSentence(s)))
			printReplyTo(w, p)
			return
		}
	}
	email := message.RealAddress(m.FromAddr)
	from := message.SenderName(m.FromName, email)
	if email != "" && strings.TrimSpace(m.FromName) != "" {
		from = message.Address{Name: oneLine(m.FromName), Email: message.DisplayAddress(email)}.String()
	}
	fmt.Fprintf(w, "From: %s\n", oneLine(from))
	if c := message.CheckSender(m.FromName, email); email != "" && c.Spoofed {
		fmt.Fprintf(w, "Warning: the sender's name shows %s, but the message is from %s.\n",
			oneLine(c.Embedded), oneLine(message.DisplayAddress(email)))
	}
	if p != nil {
		printReplyTo(w, p)
	}
}

// sendersSentence says who a message with several senders names.
func sendersSentence(s message.Senders) string {
	if strings.HasPrefix(s.Text, "sent by ") {
		return "this message was " + s.Text + "."
	}
	return "this message names more than one sender; a reply goes to all of them."
}

// printReplyTo writes the Reply-To line of a message that has one.
func printReplyTo(w io.Writer, p *message.Parsed) {
	var l []string
	for _, a := range p.ReplyTo {
		if e := message.RealAddress(a.Email); e != "" {
			l = append(l, message.Address{Name: a.Name, Email: message.DisplayAddress(e)}.String())
		}
	}
	if len(l) > 0 {
		fmt.Fprintf(w, "Reply-To: %s\n", oneLine(strings.Join(l, ", ")))
	}
}
