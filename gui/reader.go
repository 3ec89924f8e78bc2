package gui

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	tstorage "github.com/tern-mail/tern/storage"
	"github.com/tern-mail/tern/storage/message"
)

// reader is the reading pane.
type reader struct {
	store  *tstorage.Store
	engine Engine // may be nil (read-only window in tests)
	bg     func(func())
	win    func() fyne.Window

	subject    *widget.Label
	headers    *widget.Label
	notes      *widget.Label
	loadImages *widget.Button
	body       *widget.RichText
	attachBox  *fyne.Container

	current *readerView // UI goroutine only
}

func newReader(st *tstorage.Store, eng Engine, bg func(func()), win func() fyne.Window) *reader {
	r := &reader{
		store:     st,
		engine:    eng,
		bg:        bg,
		win:       win,
		subject:   widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		headers:   widget.NewLabel(""),
		body:      widget.NewRichTextWithText("Select a message to read it."),
		notes:     widget.NewLabel(""),
		attachBox: container.NewVBox(),
	}
	r.subject.Wrapping = fyne.TextWrapWord
	r.subject.SizeName = theme.SizeNameSubHeadingText
	r.headers.Wrapping = fyne.TextWrapWord
	r.body.Wrapping = fyne.TextWrapWord
	r.notes.Wrapping = fyne.TextWrapWord
	r.notes.Hide()
	r.loadImages = widget.NewButtonWithIcon("Load images from this message", theme.MediaPhotoIcon(), r.fetchImages)
	r.loadImages.Hide()
	return r
}

func (r *reader) widget() fyne.CanvasObject {
	return container.NewVScroll(container.NewVBox(r.subject, r.headers, widget.NewSeparator(), r.notes,
		container.NewHBox(r.loadImages), r.body, r.attachBox))
}

// readerView is what the pane shows of one message.
type readerView struct {
	id          int64
	subject     string
	headers     string
	notes       string
	text        string
	html        string
	remote      []string
	images      map[string]fyne.Resource
	cid         map[string]fyne.Resource
	attachments []message.Attachment
	unread      bool
}

// show loads message id off the UI goroutine and displays it; opening a
// message marks it read.
func (r *reader) show(id int64) {
	r.bg(func() {
		v := r.load(id)
		fyne.Do(func() { r.display(v) })
		if v.unread && r.engine != nil {
			yes := true
			r.engine.Mark(context.Background(), []int64{id}, tstorage.FlagChange{Seen: &yes})
		}
	})
}

// many says that n messages are selected and offers the actions on them
// as buttons.
func (r *reader) many(n int, actions []fyne.CanvasObject) {
	r.display(&readerView{subject: fmt.Sprintf("%d messages selected", n)})
	r.attachBox.Objects = []fyne.CanvasObject{container.NewGridWrap(fyne.NewSize(180, 40), actions...)}
	r.attachBox.Refresh()
}

// clear empties the pane: no message is selected.
func (r *reader) clear() {
	r.display(&readerView{text: "Select a message to read it."})
}

func (r *reader) display(v *readerView) {
	r.current = v
	r.subject.SetText(v.subject)
	r.headers.SetText(v.headers)
	r.notes.SetText(v.notes)
	r.notes.Hidden = v.notes == ""
	if v.html != "" {
		segs, remote := renderHTML(v.html, v.images, v.cid)
		v.remote = remote
		r.body.Segments = segs
	} else {
		r.body.Segments = renderText(v.text)
	}
	r.body.Refresh()
	if len(v.remote) > 0 && len(v.images) == 0 && r.engine != nil {
		r.loadImages.Show()
	} else {
		r.loadImages.Hide()
	}
	r.attachBox.Objects = nil
	for _, a := range v.attachments {
		if a.Inline {
			continue
		}
		a := a
		name := widget.NewLabel(fmt.Sprintf("%s  (%s, %s)", a.Filename, a.ContentType, message.SizeText(len(a.Data))))
		name.Truncation = fyne.TextTruncateEllipsis
		open := widget.NewButtonWithIcon("Open", theme.FileIcon(), func() { r.openAttachment(a) })
		save := widget.NewButtonWithIcon("Save as…", theme.DocumentSaveIcon(), func() { r.saveAttachment(a) })
		r.attachBox.Add(container.NewBorder(nil, nil, widget.NewIcon(theme.FileIcon()), container.NewHBox(open, save), name))
	}
	r.attachBox.Refresh()
}

func (r *reader) load(id int64) *readerView {
	ctx := context.Background()
	m, err := r.store.Message(ctx, id)
	if err != nil {
		return &readerView{id: id, subject: "This message could not be opened", text: err.Error()}
	}
	if m.Raw == nil && r.engine != nil {
		// Left on the server by the offline policy: fetch it now.
		if err := r.engine.FetchBody(ctx, id); err == nil {
			m, _ = r.store.Message(ctx, id)
		}
	}
	v := &readerView{id: id, subject: m.Subject, unread: !m.Flags.Seen, cid: map[string]fyne.Resource{}}
	from := message.Address{Name: m.FromName, Email: m.FromAddr}.String()
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
		v.text = "This message has not been downloaded to this computer yet. It will be when Tern can reach the server."
		return v
	}
	p := message.Parse(m.Raw)
	v.text, v.html = p.Text, p.HTML
	if p.Raw {
		v.html = "" // the source, as it arrived
	}
	v.notes = strings.Join(p.Warnings, "\n")
	v.attachments = p.Attachments
	for _, a := range p.Attachments {
		if a.ContentID != "" && strings.HasPrefix(a.ContentType, "image/") {
			v.cid[a.ContentID] = fyne.NewStaticResource(a.Filename, a.Data)
		}
	}
	return v
}

// fetchImages asks the engine for the message's remote pictures, now that
// the user wants them.
func (r *reader) fetchImages() {
	v := r.current
	if v == nil || r.engine == nil {
		return
	}
	r.loadImages.Disable()
	urls := append([]string(nil), v.remote...)
	r.bg(func() {
		images := map[string]fyne.Resource{}
		for _, u := range urls {
			b, err := r.engine.FetchImage(context.Background(), u)
			if err == nil {
				images[u] = fyne.NewStaticResource(filepath.Base(u), b)
			}
		}
		fyne.Do(func() {
			r.loadImages.Enable()
			if r.current != v {
				return // the user moved on
			}
			v.images = images
			r.display(v)
		})
	})
}

// saveAttachment asks for a folder and saves the attachment there under
// its sanitised name: the name never leaves the chosen folder.
func (r *reader) saveAttachment(a message.Attachment) {
	d := dialog.NewFolderOpen(func(dir fyne.ListableURI, err error) {
		if err != nil || dir == nil {
			return
		}
		r.writeAttachment(dir.Path(), a, func(path string, err error) {
			if err != nil {
				dialog.ShowError(err, r.win())
			}
		})
	}, r.win())
	d.Show()
}

// writeAttachment writes a into dir (off the UI goroutine) and reports
// where.
func (r *reader) writeAttachment(dir string, a message.Attachment, done func(string, error)) {
	r.bg(func() {
		path, err := message.SavePath(dir, a.Filename, a.ContentType, a.Index)
		if err == nil {
			err = os.WriteFile(path, a.Data, 0o600)
		}
		fyne.Do(func() { done(path, err) })
	})
}

// openAttachment saves the attachment in a private temporary folder and
// hands it to the system's program for that kind of file.
func (r *reader) openAttachment(a message.Attachment) {
	dir, err := os.MkdirTemp("", "tern-open-")
	if err != nil {
		dialog.ShowError(err, r.win())
		return
	}
	r.writeAttachment(dir, a, func(path string, err error) {
		if err != nil {
			dialog.ShowError(err, r.win())
			return
		}
		u, _ := storage.ParseURI(storage.NewFileURI(path).String())
		if err := fyne.CurrentApp().OpenURL(urlOf(u)); err != nil {
			dialog.ShowError(err, r.win())
		}
	})
}
