package gui

import (
	"strings"

	"fyne.io/fyne/v2/widget"

	"github.com/tern-mail/tern/assets/i18n"
	"github.com/tern-mail/tern/storage/message"
)

// Before a message goes, the composer looks for what people send by
// mistake and asks, each time with a button that sends anyway and one
// that goes back to fix it: no subject, no text and no attachment, a
// text that promises an attachment none is added. An address Tern cannot
// read is named, with the field it is in, and the message waits.

// sendQuestion is one question asked before sending.
type sendQuestion struct {
	title, question string
	back            string // the button that goes back to the message
	fix             func() // what going back does: the cursor where the fix goes
}

// questions are the questions d raises, in the order they are asked.
func (c *composer) questions(d message.Draft) []sendQuestion {
	noSubject := strings.TrimSpace(d.Subject) == ""
	noText := len(c.files) == 0 && strings.TrimSpace(message.Resign(d.Text, c.sig, "", c.base.Text)) == ""
	focus := func(e *composerEntry) func() { return func() { c.win.Canvas().Focus(e) } }
	var qs []sendQuestion
	switch {
	case noSubject && noText:
		qs = append(qs, sendQuestion{i18n.T("composer.empty.title"), i18n.T("composer.empty.question"),
			i18n.T("composer.empty.write"), focus(c.subject)})
	case noSubject:
		qs = append(qs, sendQuestion{i18n.T("composer.no_subject.title"), i18n.T("composer.no_subject.question"),
			i18n.T("composer.no_subject.add"), focus(c.subject)})
	case noText:
		qs = append(qs, sendQuestion{i18n.T("composer.no_text.title"), i18n.T("composer.no_text.question"),
			i18n.T("composer.no_text.write"), focus(c.body)})
	}
	if len(c.files) == 0 && mentionsAttachment.MatchString(stripQuotes(d.Text+" "+d.Subject)) {
		qs = append(qs, sendQuestion{i18n.T("composer.no_attachment.title"), i18n.T("composer.no_attachment.question"),
			i18n.T("composer.no_attachment.attach"), c.chooseAttachments})
	}
	return qs
}

// askThenQueue asks qs one after the other and queues d once every one
// was answered with Send anyway. Going back, or Escape, sends nothing.
func (c *composer) askThenQueue(d message.Draft, qs []sendQuestion) {
	if len(qs) == 0 {
		c.queue(d)
		return
	}
	q := qs[0]
	c.asking = newTernDialog(q.title, wrapped(q.question), c.win,
		dialogAction{label: q.back, do: q.fix},
		dialogAction{label: i18n.T("composer.send_anyway"), importance: widget.HighImportance, primary: true,
			do: func() { c.askThenQueue(d, qs[1:]) }})
	c.asking.Show()
}

// badAddress names the address of a field Tern cannot read, and offers
// to go and correct it; the status line under the message keeps the
// longer words.
func (c *composer) badAddress(err error) {
	var sentence string
	var field *composerEntry
	switch e := err.(type) {
	case fieldError:
		field = e.entry
		id := "composer.bad_address"
		if e.comma {
			id = "composer.bad_address.comma"
		}
		sentence = i18n.T(id, i18n.Args{"Address": e.bad, "Field": e.field})
	case nameError:
		field = e.entry
		sentence = e.Error()
	default:
		return
	}
	c.asking = newTernDialog(i18n.T("composer.bad_address.title"), wrapped(sentence), c.win,
		dialogAction{label: i18n.T("composer.bad_address.fix"), importance: widget.HighImportance, primary: true,
			do: func() { c.focusEnd(field) }})
	c.asking.Show()
}

// noRecipient asks for a recipient, with the cursor in To after.
func (c *composer) noRecipient() {
	c.asking = newTernDialog(i18n.T("composer.no_recipient.title"), wrapped(i18n.T("composer.no_recipient")), c.win,
		dialogAction{label: i18n.T("composer.no_recipient.add"), importance: widget.HighImportance, primary: true,
			do: func() { c.focusEnd(c.to) }})
	c.asking.Show()
}

// focusEnd puts the cursor at the end of e.
func (c *composer) focusEnd(e *composerEntry) {
	if e == nil {
		return
	}
	c.win.Canvas().Focus(e)
	e.CursorRow = strings.Count(e.Text, "\n")
	last := e.Text[strings.LastIndex(e.Text, "\n")+1:]
	e.CursorColumn = len([]rune(last))
	e.Refresh()
}

// firstBad is the first address of a field that Tern cannot read, as
// typed, or the whole text when each address reads alone (the list as a
// whole does not). comma tells a name cut in two by an unquoted comma
// ("Doe, John <j@x>"): the bad part is a word with no address, followed
// by one in angle brackets.
func firstBad(text string) (bad string, comma bool) {
	parts := splitAddresses(text)
	for i, p := range parts {
		if p = strings.TrimSpace(p); p == "" {
			continue
		}
		if _, err := message.ParseAddress(p); err != nil {
			comma = !strings.Contains(p, "@") && i+1 < len(parts) && strings.Contains(parts[i+1], "<")
			return p, comma
		}
	}
	return strings.TrimSpace(text), false
}
