package message

import (
	"fmt"
	"strings"
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
		d.References = append(append([]string(nil), orig.References...), orig.MessageID)
	}
	d.Text = attribution(orig) + "\n" + quote(orig.Text)
	return d
}

// attribution is the "On …, … wrote:" line above a quote.
func attribution(orig *Parsed) string {
	who := "someone"
	if len(orig.From) > 0 {
		who = orig.From[0].String()
	}
	if orig.Date.IsZero() {
		return who + " wrote:"
	}
	return fmt.Sprintf("On %s, %s wrote:", orig.Date.Format("Mon, 2 Jan 2006 at 15:04"), who)
}

// quote prefixes every line with "> " (">" for lines already quoted).
func quote(text string) string {
	text = strings.TrimRight(strings.ReplaceAll(text, "\r\n", "\n"), "\n")
	lines := strings.Split(text, "\n")
	for i, l := range lines {
		if strings.HasPrefix(l, ">") {
			lines[i] = ">" + l
		} else {
			lines[i] = "> " + l
		}
	}
	return strings.Join(lines, "\n") + "\n"
}

// Forward prepares a forward of orig (whose source is raw) from me. Inline
// forwards carry the original text under a header block and keep its
// attachments; asAttachment forwards the whole message as message/rfc822.
// Its Text is the forwarded text under a header block (or empty); Sign
// puts the user's words and signature above it.
func Forward(orig *Parsed, raw []byte, me Address, asAttachment bool) Draft {
	d := Draft{From: me, Subject: ForwardSubject(orig.Subject)}
	if orig.MessageID != "" {
		d.References = append(append([]string(nil), orig.References...), orig.MessageID)
	}
	if asAttachment {
		name := BaseSubject(orig.Subject)
		if name == "" {
			name = "message"
		}
		d.Attachments = []OutAttachment{{Filename: SafeFilename(name+".eml", "message/rfc822", 0), Data: raw, Message: true}}
		return d
	}
	var b strings.Builder
	b.WriteString("---------- Forwarded message ----------\n")
	if len(orig.From) > 0 {
		fmt.Fprintf(&b, "From: %s\n", orig.From[0])
	}
	if !orig.Date.IsZero() {
		fmt.Fprintf(&b, "Date: %s\n", orig.Date.Format("Mon, 2 Jan 2006 at 15:04"))
	}
	fmt.Fprintf(&b, "Subject: %s\n", orig.Subject)
	if len(orig.To) > 0 {
		fmt.Fprintf(&b, "To: %s\n", JoinAddresses(orig.To))
	}
	if len(orig.Cc) > 0 {
		fmt.Fprintf(&b, "Cc: %s\n", JoinAddresses(orig.Cc))
	}
	b.WriteString("\n" + strings.ReplaceAll(orig.Text, "\r\n", "\n"))
	d.Text = b.String()
	for _, a := range orig.Attachments {
		if a.Inline && strings.HasPrefix(a.ContentType, "image/") && a.ContentID != "" {
			continue // images of the HTML body: they belong to it
		}
		d.Attachments = append(d.Attachments, OutAttachment{Filename: a.Filename, ContentType: a.ContentType, Data: a.Data})
	}
	return d
}
