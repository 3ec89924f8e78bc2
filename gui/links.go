package gui

import (
	"net/mail"
	"net/url"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/tern-mail/tern/assets/i18n"
	"github.com/tern-mail/tern/storage/message"
)

// linkSegments shows one link of a message. When the text is not simply
// the address, or the host would read differently from what it is (a
// lookalike letter, a user part, a subdomain that names another site),
// the real site (its registrable domain) comes first, in brackets; a
// link that pretends to go to another site is marked with ⚠ and asks
// before it opens. The
// host goes before the link because Fyne does not wrap a line after an
// inline link, which would squeeze the note into a column.
func linkSegments(text string, u *url.URL, style widget.RichTextStyle, open linkOpener) []widget.RichTextSegment {
	c := message.CheckLink(text, u)
	h := &widget.HyperlinkSegment{Text: text, URL: u}
	if open != nil {
		h.OnTapped = func() { open(text, u) }
	}
	segs := []widget.RichTextSegment{h}
	if !c.Differs || c.Host == "" {
		return segs
	}
	note := "[" + c.Host + "] "
	if c.Deceptive {
		note = i18n.T("link.goes_to", i18n.Args{"Host": c.Host}) + " "
	}
	s := style
	s.Inline = true
	s.ColorName = theme.ColorNamePlaceHolder
	if c.Deceptive {
		s.ColorName = theme.ColorNameError
		s.TextStyle.Bold = true
	}
	return []widget.RichTextSegment{&widget.TextSegment{Text: note, Style: s}, h}
}

// openLink follows a link the user tapped in a message: mailto: opens
// Tern's own composer; a link that pretends to go to another site asks
// first, saying why and showing the full address (without its user
// part); other web links open in the browser.
func (r *reader) openLink(text string, u *url.URL) {
	if strings.EqualFold(u.Scheme, "mailto") {
		if r.compose != nil {
			r.compose(mailtoDraft(u))
		}
		return
	}
	c := message.CheckLink(text, u)
	if !c.Deceptive {
		r.openURL(u)
		return
	}
	shown := *u
	shown.User = nil
	shown.Host = message.DisplayHost(u.Hostname())
	if strings.Contains(shown.Host, ":") {
		shown.Host = "[" + shown.Host + "]" // IPv6
	}
	if p := u.Port(); p != "" {
		shown.Host += ":" + p
	}
	msg := widget.NewLabel(i18n.T("link.deceptive.text", i18n.Args{"Why": c.Why, "Address": shown.String()}))
	msg.Wrapping = fyne.TextWrapBreak
	d := dialog.NewCustomConfirm(i18n.T("link.deceptive.title", i18n.Args{"Host": c.Host}), i18n.T("dialog.open"), i18n.T("dialog.cancel"), msg, func(ok bool) {
		if ok {
			r.openURL(u)
		}
	}, r.win())
	d.Resize(fyne.NewSize(480, 260))
	r.confirm = d
	d.Show()
}

func (r *reader) openURL(u *url.URL) {
	if r.openHook != nil {
		r.openHook(u)
		return
	}
	if err := fyne.CurrentApp().OpenURL(u); err != nil {
		showProblem(i18n.T("link.open_failed"), err, r.win())
	}
}

// mailtoDraft turns a mailto: link (RFC 6068) into a new message. Only
// To, Cc, Subject and Body are taken: never Bcc, From, attachments or any
// other header a stranger might put in a link.
func mailtoDraft(u *url.URL) message.Draft {
	var d message.Draft
	to := u.Opaque
	if to == "" {
		to = u.Path
	}
	if t, err := url.PathUnescape(to); err == nil {
		to = t
	}
	d.To = addressesOf(to)
	for k, vs := range u.Query() {
		switch strings.ToLower(k) {
		case "to":
			for _, v := range vs {
				d.To = append(d.To, addressesOf(v)...)
			}
		case "cc":
			for _, v := range vs {
				d.Cc = append(d.Cc, addressesOf(v)...)
			}
		case "subject":
			d.Subject = message.CleanHeader(vs[0])
		case "body":
			d.Text = vs[0]
		}
	}
	return d
}

// addressesOf reads a comma-separated list of addresses, leniently.
func addressesOf(s string) []message.Address {
	var out []message.Address
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		if a, err := mail.ParseAddress(part); err == nil {
			out = append(out, message.Address{Name: message.CleanHeader(a.Name), Email: a.Address})
		}
	}
	return out
}
