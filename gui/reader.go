package gui

import (
	"context"
	"net/url"
	"strings"
	"sync/atomic"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/tern-mail/tern/assets/i18n"
	tstorage "github.com/tern-mail/tern/storage"
	"github.com/tern-mail/tern/storage/message"
)

// reader is the reading pane.
type reader struct {
	store  *tstorage.Store
	engine Engine // may be nil (read-only window in tests)
	bg     func(func())
	win    func() fyne.Window

	prefs    *prefs                // remembered choices (may be nil in tests)
	compose  func(d message.Draft) // opens the composer for a mailto: link
	openHook func(u *url.URL)      // replaces the system's opener in tests
	confirm  dialog.Dialog         // the last question asked; for tests
	// lastSaved and lastProblem are what the last save confirmation and
	// problem said (see attachsave.go).
	lastSaved, lastProblem string

	subject    *widget.Label
	headers    *widget.Label
	warning    *widget.Label // a sender that is not who it seems
	notes      *widget.Label
	loadImages *keyButton
	// alwaysImages is "Always load images from" the sender (trustimages.go).
	alwaysImages *keyButton
	// printButton prints the message shown, through onPrint (print.go).
	printButton *keyButton
	titleRow    *fyne.Container // the subject, with Print beside it
	onPrint     func()
	// onKey hears the message keys typed while a reader button has the
	// focus (the window's listKey); nil ignores them.
	onKey     func(*fyne.KeyEvent) bool
	body      *widget.RichText
	attachBox *fyne.Container

	conv    readerConv  // a conversation shown instead of a message (conversations_reader.go)
	current *readerView // UI goroutine only
	// showing is current, for the work done off the UI goroutine for it
	// (attachmore.go): it stops when the user has left the message.
	showing   atomic.Pointer[readerView]
	stopFetch context.CancelFunc // cancels loading the current message's pictures
}

func newReader(st *tstorage.Store, eng Engine, bg func(func()), win func() fyne.Window) *reader {
	r := &reader{
		store:     st,
		engine:    eng,
		bg:        bg,
		win:       win,
		subject:   widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		headers:   widget.NewLabel(""),
		warning:   widget.NewLabel(""),
		body:      widget.NewRichTextWithText(i18n.T("reader.select")),
		notes:     widget.NewLabel(""),
		attachBox: container.NewVBox(),
	}
	r.subject.Wrapping = fyne.TextWrapWord
	r.subject.SizeName = theme.SizeNameSubHeadingText
	r.headers.Wrapping = fyne.TextWrapWord
	r.body.Wrapping = fyne.TextWrapWord
	r.notes.Wrapping = fyne.TextWrapWord
	r.notes.Hide()
	r.warning.Wrapping = fyne.TextWrapWord
	r.warning.Importance = widget.DangerImportance
	r.warning.TextStyle.Bold = true
	r.warning.Hide()
	r.loadImages = newKeyButton(i18n.T("reader.load_images"), theme.MediaPhotoIcon(), r.fetchImages, r.key)
	r.loadImages.Hide()
	r.alwaysImages = r.newAlwaysImagesButton()
	r.printButton = r.newPrintButton()
	r.titleRow = container.NewBorder(nil, nil, nil, r.printButton, r.subject)
	return r
}

// key hands a key typed on a reader button to onKey.
func (r *reader) key(ev *fyne.KeyEvent) bool { return r.onKey != nil && r.onKey(ev) }

func (r *reader) widget() fyne.CanvasObject {
	return r.conv.wrap(container.NewVScroll(container.NewVBox(r.titleRow, r.headers, r.warning, widget.NewSeparator(), r.notes,
		container.NewHBox(r.loadImages), r.alwaysImages, r.body, r.attachBox)))
}

// readerView is what the pane shows of one message.
type readerView struct {
	id          int64
	subject     string
	headers     string
	warning     string // shown in red under the headers
	from        string // the sender's real address, for questions
	notes       string
	text        string
	html        string
	remote      []string
	remoteData  map[string][]byte // the remote pictures loaded, as they came, for a printout
	images      map[string]picture
	cid         map[string]picture
	attachments []message.Attachment
	// moreParts counts the parts past message.MaxParts, not listed.
	moreParts int
	// source is the message as stored, from which Save all and Show all
	// read every attachment, one at a time (attachmore.go).
	source []byte
	unread bool
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
	r.display(&readerView{subject: i18n.N("reader.selected", n)})
	r.attachBox.Objects = []fyne.CanvasObject{container.NewGridWrap(fyne.NewSize(180, 40), actions...)}
	r.attachBox.Refresh()
}

// clear empties the pane: no message is selected.
func (r *reader) clear() {
	r.display(&readerView{text: i18n.T("reader.select")})
}

func (r *reader) display(v *readerView) {
	r.conv.hide()
	if r.current != v && r.stopFetch != nil {
		r.stopFetch() // the user left the message: its pictures stop loading
		r.stopFetch = nil
	}
	r.current = v
	r.subject.SetText(v.subject)
	r.headers.SetText(v.headers)
	r.warning.SetText(v.warning)
	r.warning.Hidden = v.warning == ""
	r.notes.SetText(v.notes)
	r.notes.Hidden = v.notes == ""
	if v.html != "" {
		segs, remote := renderHTML(v.html, v.images, v.cid, r.openLink)
		v.remote = remote
		r.body.Segments = segs
	} else {
		r.body.Segments = renderText(v.text, r.openLink)
	}
	r.body.Refresh()
	r.fillAttachments(v)
	r.offerImages(v)
	r.showPrintButton(v)
}

func (r *reader) load(id int64) *readerView {
	ctx := context.Background()
	m, err := r.store.Message(ctx, id)
	if err != nil {
		return &readerView{id: id, subject: i18n.T("reader.open_failed"), text: err.Error()}
	}
	if m.Raw == nil && r.engine != nil {
		// Left on the server by the offline policy: fetch it now.
		if err := r.engine.FetchBody(ctx, id); err == nil {
			m, _ = r.store.Message(ctx, id)
		}
	}
	return viewOf(id, m)
}

// viewOf is what the pane shows of message m, stored as id (0 for a
// message that is not in the store, such as a file opened from disk).
func viewOf(id int64, m *tstorage.StoredMessage) *readerView {
	v := &readerView{id: id, subject: message.CleanHeader(m.Subject), unread: !m.Flags.Seen, cid: map[string]picture{},
		from: message.SenderName("", m.FromAddr)}
	var p *message.Parsed
	if m.Raw != nil {
		p = message.Parse(m.Raw)
	}
	v.headers, v.warning = headerLines(m, p)
	if p == nil {
		v.text = i18n.T("reader.not_downloaded")
		return v
	}
	// Long lines are cut for display only: the window wraps them, which
	// costs time growing with the square of a line's length.
	v.text, v.html = message.CutLongLines(p.Text, maxShownLine), p.HTML
	if p.Raw {
		v.html = "" // the source, as it arrived
	}
	v.notes = strings.Join(p.Warnings, "\n")
	if p.HeadersOnly {
		// Only the header is here: one plain line says so. Parse's last
		// warning says the same in more words; it is not repeated.
		v.text, v.html = headersOnlyText(p.FullSize), ""
		v.notes = strings.Join(p.Warnings[:max(len(p.Warnings)-1, 0)], "\n")
	}
	v.attachments, v.moreParts, v.source = p.Attachments, p.MoreParts, m.Raw
	budget := newPixelBudget()
	for _, a := range p.Attachments {
		// Only the pictures the text shows are decoded.
		if a.ContentID != "" && (strings.HasPrefix(a.ContentType, "image/") || a.Inline) && strings.Contains(v.html, a.ContentID) {
			v.cid[a.ContentID] = preparePicture(a.Data, a.ContentType, a.Filename, budget)
		}
	}
	return v
}

// maxShownLine is the length in bytes beyond which the reader cuts a line
// of plain text.
const maxShownLine = 2000

// headersOnlyText is what the reader shows of a message of size bytes of
// which only the header was downloaded (message.MaxMessageBytes).
func headersOnlyText(size int64) string {
	return i18n.T("reader.too_large", i18n.Args{"Size": i18n.Size(size)})
}

// fetchImages asks the engine for the message's remote pictures, now that
// the user wants them. Leaving the message cancels the loading.
func (r *reader) fetchImages() {
	v := r.current
	if v == nil || r.engine == nil {
		return
	}
	r.loadImages.Disable()
	urls := append([]string(nil), v.remote...)
	ctx, cancel := context.WithCancel(context.Background())
	r.stopFetch = cancel
	r.bg(func() {
		res := r.engine.FetchImages(ctx, urls)
		images := map[string]picture{}
		budget := newPixelBudget()
		for _, u := range urls {
			b, ok := res.Images[u]
			if !ok {
				continue
			}
			if ctx.Err() != nil {
				break
			}
			images[u] = preparePicture(b, "", u, budget)
		}
		fyne.Do(func() {
			r.loadImages.Enable()
			if r.current != v || ctx.Err() != nil {
				return // the user moved on
			}
			cancel()
			r.stopFetch = nil
			v.images, v.remoteData = images, res.Images
			loaded := 0
			for _, p := range images {
				if p.img != nil {
					loaded++
				}
			}
			v.notes = strings.TrimSpace(v.notes + "\n" + imagesNote(loaded, len(urls)-loaded, res.Errs))
			r.display(v)
		})
	})
}
