package message

import (
	"strings"

	"github.com/tern-mail/tern/assets/i18n"
)

// Reply prepares a reply to orig from me. With all set it also goes to the
// original's other recipients, except any of mine (own lists every address
// of the user, compared case-insensitively). Its Text is the quoted
// original under an attribution line; Sign puts the user's words and
// signature above it.
func Reply(orig *Parsed, me Address, own []string, all bool) Draft {
	mine := map[string]bool{strings.ToLower(me.Email): true}
	for _, o := range own {
		mine[strings.ToLower(o)] = true
	}
	d := Draft{From: me, Subject: ReplySubject(orig.Subject)}
	to := orig.ReplyTo
	if len(to) == 0 {
		to = orig.From
	}
	// Replying to a message I sent goes to its recipients.
	if len(to) > 0 && mine[strings.ToLower(to[0].Email)] && len(orig.To) > 0 {
		to = orig.To
	}
	seen := map[string]bool{}
	add := func(dst *[]Address, l []Address) {
		for _, a := range l {
			k := strings.ToLower(a.Email)
			if a.Email == "" || mine[k] || seen[k] {
				continue
			}
			seen[k] = true
			*dst = append(*dst, a)
		}
	}
	add(&d.To, to)
	if all {
		add(&d.To, orig.To)
		add(&d.Cc, orig.Cc)
	}
	if orig.MessageID != "" {
		d.InReplyTo = orig.MessageID
		d.References = TrimReferences(append(append([]string(nil), orig.References...), orig.MessageID))
	}
	d.Text = attribution(orig) + "\n" + quote(orig.Text)
	return d
}

// Limits of a reply's References field: RFC 5322 section 3.6.4 lets a
// reply leave out ids of a long thread, and servers refuse header fields
// of hundreds of kilobytes.
const (
	maxReferences     = 20
	maxReferenceBytes = 8 << 10
)

// TrimReferences returns the ids a new message's References field keeps
// of ids (the parent's References followed by its Message-ID): the first
// (the thread's start) and as many of the last as fit in 20 ids and 8 KB.
func TrimReferences(ids []string) []string {
	if len(ids) == 0 {
		return nil
	}
	size := func(id string) int { return len(id) + 3 } // "<id>" and a space
	out := []string{ids[0]}
	used := size(ids[0])
	var tail []string
	for i := len(ids) - 1; i > 0 && len(tail)+1 < maxReferences; i-- {
		if used+size(ids[i]) > maxReferenceBytes {
			break
		}
		used += size(ids[i])
		tail = append(tail, ids[i])
	}
	for i := len(tail) - 1; i >= 0; i-- {
		out = append(out, tail[i])
	}
	return out
}

// attribution is the "On …, … wrote:" line above a quote, in the
// person's language.
func attribution(orig *Parsed) string {
	who := i18n.T("message.reply.someone")
	if len(orig.From) > 0 {
		who = orig.From[0].String()
	}
	if orig.Date.IsZero() {
		return i18n.T("message.reply.wrote", i18n.Args{"Who": who})
	}
	return i18n.T("message.reply.wrote_on", i18n.Args{"Date": i18n.LongDate(orig.Date), "Who": who})
}

// maxQuoted is how much of the original's text a reply quotes: a reply
// to a message of megabytes need not carry all of it again.
const maxQuoted = 200 << 10

// leftOut is the note at the end of a quote or forwarded text that was
// cut to maxQuoted, in the person's language.
func leftOut() string { return i18n.T("message.reply.left_out") }

// capText cuts text to at most maxQuoted bytes, at the end of a line
// where there is one, and reports whether it cut.
func capText(text string) (string, bool) {
	if len(text) <= maxQuoted {
		return text, false
	}
	cut := text[:maxQuoted]
	if i := strings.LastIndexByte(cut, '\n'); i > 0 {
		cut = cut[:i]
	}
	return strings.ToValidUTF8(cut, ""), true
}

// quote prefixes every line with "> " (">" for lines already quoted), up
// to maxQuoted bytes of text and leftOut after them.
func quote(text string) string {
	text = strings.TrimRight(strings.ReplaceAll(text, "\r\n", "\n"), "\n")
	text, cut := capText(text)
	lines := strings.Split(text, "\n")
	for i, l := range lines {
		if strings.HasPrefix(l, ">") {
			lines[i] = ">" + l
		} else {
			lines[i] = "> " + l
		}
	}
	out := strings.Join(lines, "\n") + "\n"
	if cut {
		out += "> " + leftOut() + "\n"
	}
	return out
}

// Forward prepares a forward of orig (whose source is raw) from me. Inline
// forwards carry the original text under a header block and keep its
// attachments; asAttachment forwards the whole message as message/rfc822.
// Its Text is the forwarded text under a header block (or empty); Sign
// puts the user's words and signature above it.
func Forward(orig *Parsed, raw []byte, me Address, asAttachment bool) Draft {
	d := Draft{From: me, Subject: ForwardSubject(orig.Subject)}
	if orig.MessageID != "" {
		d.References = TrimReferences(append(append([]string(nil), orig.References...), orig.MessageID))
	}
	if asAttachment {
		name := BaseSubject(orig.Subject)
		if name == "" {
			name = i18n.T("message.forward.file_name")
		}
		d.Attachments = []OutAttachment{{Filename: SafeFilename(name+".eml", "message/rfc822", 0), Data: raw, Message: true}}
		return d
	}
	var b strings.Builder
	b.WriteString(forwardHeader(orig))
	text, cut := capText(strings.ReplaceAll(orig.Text, "\r\n", "\n"))
	b.WriteString("\n" + text)
	if cut {
		b.WriteString("\n" + leftOut() + "\n")
	}
	d.Text = b.String()
	for _, a := range orig.Attachments {
		if a.Inline && strings.HasPrefix(a.ContentType, "image/") && a.ContentID != "" {
			continue // images of the HTML body: they belong to it
		}
		d.Attachments = append(d.Attachments, OutAttachment{Filename: a.Filename, ContentType: a.ContentType, Data: a.Data})
	}
	return d
}

// forwardHeader is the block above a forwarded text, in the person's
// language: the original's sender, date, subject and recipients.
func forwardHeader(orig *Parsed) string {
	var b strings.Builder
	line := func(id string, v string) { b.WriteString(i18n.T(id, i18n.Args{"Value": v}) + "\n") }
	b.WriteString(i18n.T("message.forward.title") + "\n")
	if len(orig.From) > 0 {
		line("message.forward.from", orig.From[0].String())
	}
	if !orig.Date.IsZero() {
		line("message.forward.date", i18n.LongDate(orig.Date))
	}
	line("message.forward.subject", orig.Subject)
	if len(orig.To) > 0 {
		line("message.forward.to", JoinAddresses(orig.To))
	}
	if len(orig.Cc) > 0 {
		line("message.forward.cc", JoinAddresses(orig.Cc))
	}
	return b.String()
}
