package printout

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"strings"

	"codeberg.org/go-pdf/fpdf"

	"github.com/tern-mail/tern/assets/i18n"
)

// Options are what the window knows of a printout and the store does
// not. The zero value prints what the store has, on the system's paper.
type Options struct {
	// RemoteImages are the remote pictures the reader loaded at the
	// person's request, by address. Pictures not in it are named, never
	// fetched: a printout loads nothing.
	RemoteImages map[string][]byte
	// Paper is "A4" or "Letter"; "" is the paper of the system's region.
	Paper string

	fonts fontFinder // nil: the system's fonts
}

// PDF writes the printout of m to w: a PDF whose text is real text (it
// can be selected, searched and read back), drawn with the system's
// fonts; letters no font on the computer has are left out, and a line
// under the headers says so. Cancelling ctx stops it.
func PDF(ctx context.Context, w io.Writer, m Message, opt Options) error {
	paper := opt.Paper
	if paper == "" {
		paper = systemPaper()
	}
	pdf := fpdf.New("P", "mm", paper, "")
	pdf.SetAutoPageBreak(false, 0)
	pdf.SetCreator("Tern", true)
	pdf.SetTitle(m.Subject, true)
	body := m.body(opt)
	finder := opt.fonts
	if finder == nil {
		finder = systemFonts()
	}
	fonts, err := loadFonts(pdf, finder, m.allText(body), i18n.Current().String())
	if err != nil {
		return err
	}
	l := newLayout(pdf, fonts)
	l.headers(m, fonts.missingNote())
	if err := l.blocks(ctx, body.blocks); err != nil {
		return err
	}
	if body.cut {
		l.paragraph(&block{spans: []span{{text: i18n.T("print.too_long"), style: spanStyle{gray: true}}}, gap: true})
	}
	l.attachments(m)
	if err := l.draw(ctx); err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		return fmt.Errorf("printout: pdf: %w", err)
	}
	_, err = w.Write(buf.Bytes())
	return err
}

// body lays out the message's text as the reader shows it.
func (m *Message) body(opt Options) *doc {
	if m.HTML != "" {
		return htmlBlocks(m.HTML, newPictures(m.inlineParts(), opt.RemoteImages))
	}
	return textBlocks(m.Text)
}

// allText is every letter the printout may draw, for choosing its fonts.
func (m *Message) allText(body *doc) string {
	var b strings.Builder
	for _, s := range []string{m.Subject, m.From, m.To, m.Cc, i18n.LongDate(m.Date), i18n.T("print.from"), i18n.T("print.to"),
		i18n.T("print.cc"), i18n.T("print.date"), i18n.T("print.attachments"), i18n.T("print.too_long"),
		i18n.T("print.page", i18n.Args{"Page": "0123456789", "Pages": "0"}), "…•·()"} {
		b.WriteString(s)
	}
	for _, n := range m.Notes {
		b.WriteString(n)
	}
	for _, a := range m.listed() {
		b.WriteString(a.Filename)
		b.WriteString(i18n.Size(int64(a.Size)))
	}
	for _, bl := range body.blocks {
		for _, s := range bl.spans {
			b.WriteString(s.text)
		}
		for _, r := range bl.rows {
			for _, c := range r {
				b.WriteString(c.text)
			}
		}
	}
	return b.String()
}

// headers lays out the subject, the sender, recipients and date, and the
// notes under them.
func (l *layout) headers(m Message, fontNote string) {
	subject := m.Subject
	if strings.TrimSpace(subject) == "" {
		subject = i18n.T("print.no_subject")
	}
	l.paragraph(&block{spans: []span{{text: printable(subject), style: spanStyle{bold: true, size: h1Size}}}, gap: true})
	field := func(label, value string) {
		if strings.TrimSpace(value) != "" {
			l.paragraph(&block{spans: []span{{text: label + "  ", style: spanStyle{bold: true}}, {text: printable(value)}}})
		}
	}
	field(i18n.T("print.from"), m.From)
	field(i18n.T("print.to"), m.To)
	field(i18n.T("print.cc"), m.Cc)
	if !m.Date.IsZero() {
		field(i18n.T("print.date"), i18n.LongDate(m.Date))
	}
	l.rule()
	notes := m.Notes
	if fontNote != "" {
		notes = append([]string{fontNote}, notes...)
	}
	for _, n := range notes {
		l.paragraph(&block{spans: []span{{text: printable(n), style: spanStyle{gray: true}}}})
	}
	if len(notes) > 0 {
		l.y += gapAfter
	}
}

// attachments lists the attachments by name and size.
func (l *layout) attachments(m Message) {
	list := m.listed()
	if len(list) == 0 && m.MoreParts == 0 {
		return
	}
	l.rule()
	l.paragraph(&block{spans: []span{{text: i18n.T("print.attachments"), style: spanStyle{bold: true, size: h3Size}}}, gap: true})
	for _, a := range list {
		size := a.Size
		if size == 0 {
			size = len(a.Data)
		}
		l.paragraph(&block{bullet: "•", indent: 1, spans: []span{
			{text: printable(a.Filename)}, {text: "  " + i18n.Size(int64(size)), style: spanStyle{gray: true}}}})
	}
	if m.MoreParts > 0 {
		l.paragraph(&block{indent: 1, spans: []span{{text: i18n.N("print.attachments.more", m.MoreParts), style: spanStyle{gray: true}}}})
	}
}

// draw draws the laid out pages, each with its number in the footer.
func (l *layout) draw(ctx context.Context) error {
	pics := map[string]bool{}
	for i, ops := range l.pages {
		if err := ctx.Err(); err != nil {
			return err
		}
		l.pdf.AddPage()
		l.font = fontKey{face: -1} // a new page has no font set
		for _, o := range ops {
			l.drawOp(o, pics)
		}
		l.footer(i+1, len(l.pages))
	}
	return l.pdf.Error()
}

func (l *layout) drawOp(o op, pics map[string]bool) {
	switch o.kind {
	case opText:
		l.setFont(keyOf(o.face, o.st))
		if o.st.gray {
			l.pdf.SetTextColor(90, 90, 90)
		} else {
			l.pdf.SetTextColor(0, 0, 0)
		}
		l.pdf.Text(o.x, o.y, o.text)
		if o.link != "" {
			l.pdf.LinkString(o.x, o.y-o.h*0.78, o.w, o.h, o.link)
		}
	case opLine:
		l.pdf.SetDrawColor(170, 170, 170)
		l.pdf.SetLineWidth(0.3)
		l.pdf.Line(o.x, o.y, o.x+o.w, o.y+o.h)
	case opBox:
		l.pdf.SetDrawColor(150, 150, 150)
		l.pdf.SetLineWidth(0.2)
		l.pdf.Rect(o.x, o.y, o.w, o.h, "D")
	case opImage:
		if !pics[o.pic.name] {
			pics[o.pic.name] = true
			l.pdf.RegisterImageOptionsReader(o.pic.name, fpdf.ImageOptions{ImageType: "JPG"}, bytes.NewReader(o.pic.jpeg))
		}
		l.pdf.ImageOptions(o.pic.name, o.x, o.y, o.w, o.h, false, fpdf.ImageOptions{ImageType: "JPG"}, 0, "")
	}
}

// footer writes "Page n of total" centred under the page's text.
func (l *layout) footer(n, total int) {
	text := i18n.T("print.page", i18n.Args{"Page": i18n.Number(n), "Pages": i18n.Number(total)})
	lines := l.wrap([]span{{text: text, style: spanStyle{gray: true, size: footerSize}}}, l.width(), false)
	if len(lines) == 0 {
		return
	}
	ln := lines[0]
	x := l.left() + (l.width()-ln.w)/2
	base := l.pageH - footerFromBottom
	for _, g := range ln.groups {
		l.drawOp(op{kind: opText, x: x, y: base, text: g.text, face: g.face, st: g.st, h: ln.h}, nil)
		x += g.w
	}
}
