package main

import (
	"io"
	"strings"

	"github.com/tern-mail/tern/assets/i18n"
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
			showLine(w, "cli.show.from_warn", s.Text)
			showLine(w, "cli.show.warning", sendersSentence(s))
			printReplyTo(w, p)
			return
		}
	}
	email := message.RealAddress(m.FromAddr)
	from := message.SenderName(m.FromName, email)
	if email != "" && strings.TrimSpace(m.FromName) != "" {
		from = message.Address{Name: oneLine(m.FromName), Email: message.DisplayAddress(email)}.String()
	}
	showLine(w, "cli.show.from", from)
	if c := message.CheckSender(m.FromName, email); email != "" && c.Spoofed {
		showLine(w, "cli.show.warning", i18n.T("cli.show.spoofed",
			i18n.Args{"Shown": oneLine(c.Embedded), "Address": oneLine(message.DisplayAddress(email))}))
	}
	if p != nil {
		printReplyTo(w, p)
	}
}

// sendersSentence says who a message with several senders names.
func sendersSentence(s message.Senders) string {
	if s.OnBehalf != "" {
		return i18n.T("cli.show.on_behalf", i18n.Args{"Sender": s.OnBehalf, "Authors": s.Authors})
	}
	return i18n.T("cli.show.several_senders")
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
		showLine(w, "cli.show.reply_to", strings.Join(l, ", "))
	}
}
