package gui

import (
	"context"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/tern-mail/tern/storage"
	"github.com/tern-mail/tern/storage/message"
)

// reader is the reading pane.
type reader struct {
	store   *storage.Store
	bg      func(func()) // runs work off the UI goroutine
	subject *widget.Label
	headers *widget.Label
	body    *widget.Label
	notes   *widget.Label
}

func newReader(st *storage.Store, bg func(func())) *reader {
	r := &reader{
		store:   st,
		bg:      bg,
		subject: widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		headers: widget.NewLabel(""),
		body:    widget.NewLabel("Select a message to read it."),
		notes:   widget.NewLabel(""),
	}
	r.subject.Wrapping = fyne.TextWrapWord
	r.headers.Wrapping = fyne.TextWrapWord
	r.body.Wrapping = fyne.TextWrapWord
	r.notes.Wrapping = fyne.TextWrapWord
	return r
}

func (r *reader) widget() fyne.CanvasObject {
	return container.NewVScroll(container.NewVBox(r.subject, r.headers, widget.NewSeparator(), r.notes, r.body))
}

// readerView is what the pane shows of one message.
type readerView struct {
	subject, headers, body, notes string
}

// show loads message id off the UI goroutine and displays it.
func (r *reader) show(id int64) {
	r.bg(func() {
		v := r.load(id)
		fyne.Do(func() {
			r.subject.SetText(v.subject)
			r.headers.SetText(v.headers)
			r.notes.SetText(v.notes)
			r.notes.Hidden = v.notes == ""
			r.body.SetText(v.body)
		})
	})
}

func (r *reader) load(id int64) readerView {
	m, err := r.store.Message(context.Background(), id)
	if err != nil {
		return readerView{subject: "This message could not be opened", body: err.Error()}
	}
	v := readerView{subject: m.Subject}
	from := storage.Address{Name: m.FromName, Email: m.FromAddr}.String()
	h := []string{"From: " + from}
	if m.To != "" {
		h = append(h, "To: "+m.To)
	}
	if m.Cc != "" {
		h = append(h, "Cc: "+m.Cc)
	}
	if !m.Date.IsZero() {
		h = append(h, "Date: "+m.Date.Local().Format("Monday 2 January 2006, 15:04"))
	}
	v.headers = strings.Join(h, "\n")
	if m.Raw == nil {
		v.body = "This message has not been downloaded to this computer yet."
		return v
	}
	p := message.Parse(m.Raw)
	v.body = p.Text
	var notes []string
	notes = append(notes, p.Warnings...)
	for _, a := range p.Attachments {
		if !a.Inline {
			notes = append(notes, fmt.Sprintf("Attachment: %s (%s)", a.Filename, a.ContentType))
		}
	}
	v.notes = strings.Join(notes, "\n")
	return v
}
