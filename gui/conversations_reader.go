package gui

import (
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/tern-mail/tern/assets/i18n"
	"github.com/tern-mail/tern/storage"
)

// readerConv is the reader's conversation view: the messages of one
// conversation one under another, shown in the reader's scroll in place
// of the message while a conversation row is selected. UI goroutine only.
type readerConv struct {
	scroll *container.Scroll
	msg    fyne.CanvasObject // the scroll's own content: the message
	box    *fyne.Container   // the conversation's
	shown  int64             // the conversation shown, 0 for none
	token  int               // counts the conversations begun, so a late load is dropped
	cards  []*convCard
}

// wrap lets the conversation view take the place of the message in the
// reader's scroll.
func (c *readerConv) wrap(scroll *container.Scroll) fyne.CanvasObject {
	c.scroll, c.msg = scroll, scroll.Content
	c.box = container.NewVBox()
	return scroll
}

// showing reports whether a conversation is shown.
func (c *readerConv) showing() bool { return c.scroll != nil && c.scroll.Content == c.box }

// hide returns to the message.
func (c *readerConv) hide() {
	if c.scroll == nil || c.shown == 0 {
		return
	}
	c.shown, c.cards = 0, nil
	c.token++
	c.box.Objects = nil
	c.scroll.Content = c.msg
	c.scroll.Refresh()
}

// begin starts showing conversation conv, empty until its messages are
// read; it returns the token fillConversation needs.
func (c *readerConv) begin(conv int64) int {
	c.token++
	if c.scroll == nil {
		return c.token
	}
	c.shown = conv
	c.box.Objects = nil
	c.scroll.Content = c.box
	c.scroll.Refresh()
	c.scroll.ScrollToTop()
	return c.token
}

// convCard is one message of the conversation view: a line saying who
// wrote when, which opens and closes it, and when open its text and its
// own Reply, Reply all and Forward.
type convCard struct {
	m          storage.MessageSummary
	view       *readerView // nil until opened
	matched    bool        // a search found it
	quoteAbove bool        // messages come before it, whose text its quote repeats
	open       bool
	box        *fyne.Container
}

// fillConversation shows cards, read for the conversation begun with
// token; UI goroutine.
func (w *MainWindow) fillConversation(token int, cards []*convCard) {
	c := &w.reader.conv
	if c.token != token || c.scroll == nil || len(cards) == 0 {
		return
	}
	c.cards = cards
	title := widget.NewLabelWithStyle(shownSubject(cards[0].m.Subject), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	if title.Text == "" {
		title.SetText(i18n.T("message.no_subject"))
	}
	title.Wrapping = fyne.TextWrapWord
	title.SizeName = theme.SizeNameSubHeadingText
	count := widget.NewLabel(i18n.N("conv.messages", len(cards)))
	count.Importance = widget.LowImportance
	objs := []fyne.CanvasObject{title, count, widget.NewSeparator()}
	for _, card := range cards {
		card.open = card.view != nil
		card.box = container.NewVBox()
		w.drawCard(card)
		objs = append(objs, card.box, widget.NewSeparator())
	}
	c.box.Objects = objs
	c.box.Refresh()
}

// drawCard fills a card's box: the one line, and when open the message.
func (w *MainWindow) drawCard(card *convCard) {
	line := newTapLine(w.cardLine(card), !card.m.Flags.Seen && !card.open, func() { w.toggleCard(card) })
	objs := []fyne.CanvasObject{line}
	if card.open && card.view != nil {
		objs = append(objs, w.cardBody(card)...)
	}
	card.box.Objects = objs
	card.box.Refresh()
}

// cardLine is a card's line: arrow, sender and date, and, closed, the
// start of the text.
func (w *MainWindow) cardLine(card *convCard) string {
	m := card.m
	arrow := "▸ "
	if card.open {
		arrow = "▾ "
	}
	who := w.cardSender(m)
	s := arrow + who + " · " + shortDate(m.Date, time.Now())
	if card.matched {
		s = "● " + s
	}
	if !card.open && m.Snippet != "" {
		s += " — " + m.Snippet
	}
	return s
}

// cardSender names who wrote m: "me" for the person's own mail.
func (w *MainWindow) cardSender(m storage.MessageSummary) string {
	if w.ownAddress(m.FromAddr) {
		return i18n.T("conv.me")
	}
	head, tail := senderParts(m.FromName, m.FromAddr)
	return head + tail
}

// toggleCard opens or closes a card, reading the message the first time.
func (w *MainWindow) toggleCard(card *convCard) {
	if card.open || card.view != nil {
		card.open = !card.open
		w.drawCard(card)
		return
	}
	token := w.reader.conv.token
	Background(func() {
		v := w.reader.load(card.m.ID)
		fyne.Do(func() {
			if w.reader.conv.token != token {
				return
			}
			card.view, card.open = v, true
			w.drawCard(card)
		})
	})
}

// cardBody is an open card's message: its headers, warnings, text (the
// quote of the messages above folded) and buttons.
func (w *MainWindow) cardBody(card *convCard) []fyne.CanvasObject {
	v, m, r := card.view, card.m, w.reader
	headers := widget.NewLabel(v.headers)
	headers.Wrapping = fyne.TextWrapWord
	objs := []fyne.CanvasObject{headers}
	if v.warning != "" {
		warn := widget.NewLabel(v.warning)
		warn.Wrapping, warn.Importance, warn.TextStyle.Bold = fyne.TextWrapWord, widget.DangerImportance, true
		objs = append(objs, warn)
	}
	body := widget.NewRichText()
	body.Wrapping = fyne.TextWrapWord
	objs = append(objs, body)
	if v.html != "" {
		body.Segments, _ = renderHTML(v.html, v.images, v.cid, r.openLink)
	} else {
		text, quote := v.text, ""
		if card.quoteAbove {
			text, quote = foldQuote(v.text)
		}
		body.Segments = renderText(text, r.openLink)
		if quote != "" {
			var more *widget.Button
			more = widget.NewButtonWithIcon(i18n.T("conv.show_quote"), theme.MoreHorizontalIcon(), func() {
				body.Segments = renderText(v.text, r.openLink)
				body.Refresh()
				more.Hide()
			})
			more.Importance = widget.LowImportance
			objs = append(objs, container.NewHBox(more))
		}
	}
	body.Refresh()
	if n := len(v.attachments); n > 0 {
		objs = append(objs, widget.NewLabelWithStyle(i18n.N("conv.attachments", n), fyne.TextAlignLeading, fyne.TextStyle{Italic: true}))
	}
	reply := widget.NewButtonWithIcon(i18n.T("action.reply"), theme.MailReplyIcon(), func() { w.replyTo(m, false) })
	all := widget.NewButtonWithIcon(i18n.T("action.reply_all"), theme.MailReplyAllIcon(), func() { w.replyTo(m, true) })
	fwd := widget.NewButtonWithIcon(i18n.T("action.forward"), theme.MailForwardIcon(), func() { w.forwardOf(m) })
	open := widget.NewButtonWithIcon(i18n.T("conv.open_message"), theme.VisibilityIcon(), func() { w.reader.show(m.ID) })
	for _, b := range []*widget.Button{reply, all, fwd, open} {
		b.Importance = widget.LowImportance
	}
	// Scrolled sideways rather than widening the pane over the list in
	// languages with long words.
	return append(objs, container.NewHScroll(container.NewHBox(reply, all, fwd, open)))
}

// foldQuote splits a plain text into what the sender wrote and the quote
// of earlier mail at its end: the last block of lines starting with ">"
// after which only blank lines and quote lines follow, with the line
// introducing it ("On Tuesday, Ana wrote:") when it ends with a colon.
// A text that is all quote is kept whole.
func foldQuote(text string) (own, quote string) {
	lines := strings.Split(text, "\n")
	end := len(lines)
	start := end
	for i := end - 1; i >= 0; i-- {
		t := strings.TrimSpace(lines[i])
		if t == "" || strings.HasPrefix(t, ">") {
			if strings.HasPrefix(t, ">") {
				start = i
			}
			continue
		}
		break
	}
	if start == end {
		return text, ""
	}
	// The introduction line (and blank lines before the quote).
	i := start - 1
	for i >= 0 && strings.TrimSpace(lines[i]) == "" {
		i--
	}
	if i >= 0 && strings.HasSuffix(strings.TrimSpace(lines[i]), ":") {
		start = i
	}
	own = strings.TrimRight(strings.Join(lines[:start], "\n"), " \r\n")
	if strings.TrimSpace(own) == "" {
		return text, ""
	}
	return own, strings.Join(lines[start:], "\n")
}

// tapLine is a one-line text, cut with an ellipsis, that does something
// when clicked: a card's line in a conversation.
type tapLine struct {
	widget.BaseWidget
	label *widget.Label
	onTap func()
}

func newTapLine(text string, bold bool, onTap func()) *tapLine {
	l := &tapLine{label: widget.NewLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{Bold: bold}), onTap: onTap}
	l.label.Truncation = fyne.TextTruncateEllipsis
	l.ExtendBaseWidget(l)
	return l
}

// CreateRenderer implements fyne.Widget.
func (l *tapLine) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(l.label) }

// Tapped opens or closes the card.
func (l *tapLine) Tapped(*fyne.PointEvent) { l.onTap() }

// Cursor shows that the line can be clicked.
func (l *tapLine) Cursor() desktop.Cursor { return desktop.PointerCursor }
