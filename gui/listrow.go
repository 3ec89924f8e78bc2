package gui

import (
	"image/color"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/tern-mail/tern/assets"
)

// rowFlagIcon is the flag mark of a list row, in the theme's warning
// colour so that it stands out from the text.
var rowFlagIcon = func() fyne.Resource {
	b, _ := assets.Icons.ReadFile("icons/flag.svg")
	return theme.NewColoredResource(fyne.NewStaticResource("flag.svg", b), theme.ColorNameError)
}()

// rowView draws one message of the list in the list's density: compact
// (marks, sender, subject and date on one line), comfortable (sender and
// date, then the subject) or with preview (and then a line of the text).
// It uses plain text objects, not labels, so that a compact row is no
// taller than a line of text.
type rowView struct {
	widget.BaseWidget
	list *messageList

	unread, flagged, attached bool
	indent                    bool // a reply shown under a newer message
	sender, subject, date     string
	senderTail                string // the real address, kept when sender is cut
	preview                   string
}

func newRowView(l *messageList) *rowView {
	r := &rowView{list: l}
	r.ExtendBaseWidget(r)
	return r
}

// CreateRenderer makes the row's text and marks.
func (r *rowView) CreateRenderer() fyne.WidgetRenderer {
	rr := &rowRenderer{r: r, dot: canvas.NewCircle(color.Transparent),
		flag: canvas.NewImageFromResource(rowFlagIcon), clip: canvas.NewImageFromResource(theme.MailAttachmentIcon()),
		sender: canvas.NewText("", color.Black), subject: canvas.NewText("", color.Black),
		date: canvas.NewText("", color.Black), preview: canvas.NewText("", color.Black)}
	rr.flag.FillMode = canvas.ImageFillContain
	rr.clip.FillMode = canvas.ImageFillContain
	rr.Refresh()
	return rr
}

type rowRenderer struct {
	r                              *rowView
	dot                            *canvas.Circle
	flag, clip                     *canvas.Image
	sender, subject, date, preview *canvas.Text
}

func (rr *rowRenderer) Objects() []fyne.CanvasObject {
	return []fyne.CanvasObject{rr.dot, rr.flag, rr.clip, rr.sender, rr.subject, rr.date, rr.preview}
}

func (rr *rowRenderer) Destroy() {}

// lines is how many lines of text a row has in the list's density.
func (rr *rowRenderer) lines() int {
	switch rr.r.list.density {
	case densityComfortable:
		return 2
	case densityPreview:
		return 3
	}
	return 1
}

func (rr *rowRenderer) lineHeight() float32 {
	return fyne.MeasureText("Mg", theme.TextSize(), fyne.TextStyle{Bold: true}).Height
}

func (rr *rowRenderer) MinSize() fyne.Size {
	pad := theme.Padding()
	return fyne.NewSize(120, float32(rr.lines())*rr.lineHeight()+2*pad)
}

func (rr *rowRenderer) Layout(s fyne.Size) {
	pad := theme.Padding()
	lh := rr.lineHeight()
	n := rr.lines()
	top := (s.Height - float32(n)*lh) / 2
	mark := theme.TextSize() * 0.9
	x := pad
	if rr.r.indent {
		x += 2 * mark
	}
	// The marks: unread dot, flag, paper clip, each in its own slot.
	d := mark * 0.55
	rr.dot.Move(fyne.NewPos(x+(mark-d)/2, top+(lh-d)/2))
	rr.dot.Resize(fyne.NewSize(d, d))
	rr.flag.Move(fyne.NewPos(x+mark, top+(lh-mark)/2))
	rr.flag.Resize(fyne.NewSize(mark, mark))
	rr.clip.Move(fyne.NewPos(x+2*mark, top+(lh-mark)/2))
	rr.clip.Resize(fyne.NewSize(mark, mark))
	x += 3*mark + pad
	right := s.Width - pad
	dw := fyne.MeasureText(rr.r.date, theme.TextSize(), rr.date.TextStyle).Width
	rr.date.Move(fyne.NewPos(right-dw, top))
	rr.date.Resize(fyne.NewSize(dw, lh))
	if n == 1 {
		// sender | subject | date, the sender taking about a third.
		avail := right - dw - pad - x
		sw := avail * 0.34
		placeKeepingTail(rr.sender, rr.r.sender, rr.r.senderTail, x, top, sw-pad, lh)
		place(rr.subject, rr.r.subject, x+sw, top, avail-sw, lh)
		rr.preview.Hide()
		return
	}
	placeKeepingTail(rr.sender, rr.r.sender, rr.r.senderTail, x, top, right-dw-pad-x, lh)
	place(rr.subject, rr.r.subject, x, top+lh, right-x, lh)
	if n == 3 {
		place(rr.preview, rr.r.preview, x, top+2*lh, right-x, lh)
		rr.preview.Show()
	} else {
		rr.preview.Hide()
	}
}

// place puts text at a position, cut with an ellipsis to fit width.
func place(t *canvas.Text, s string, x, y, width, height float32) {
	t.Text = fitText(s, width, t.TextSize, t.TextStyle)
	t.Move(fyne.NewPos(x, y))
	t.Resize(fyne.NewSize(fyne.Max(width, 0), height))
	t.Refresh()
}

// placeKeepingTail is place for a text whose tail must stay visible: when
// head+tail is too wide, head is cut first; when even the tail is too wide
// the row shows the warning mark, if any, and as much of the tail as fits.
func placeKeepingTail(t *canvas.Text, head, tail string, x, y, width, height float32) {
	place(t, head+tail, x, y, width, height)
	if tail == "" || t.Text == head+tail {
		return
	}
	tw := fyne.MeasureText(tail, t.TextSize, t.TextStyle).Width
	if cut := fitText(head, width-tw, t.TextSize, t.TextStyle); cut != "" {
		t.Text = cut + tail
	} else {
		mark := ""
		if strings.HasPrefix(head, "⚠ ") {
			mark = "⚠ "
		}
		t.Text = fitText(mark+strings.TrimPrefix(tail, " "), width, t.TextSize, t.TextStyle)
	}
	t.Refresh()
}

// fitText cuts s with "…" so that it is at most width wide.
func fitText(s string, width, size float32, style fyne.TextStyle) string {
	if fyne.MeasureText(s, size, style).Width <= width {
		return s
	}
	runes := []rune(s)
	lo, hi := 0, len(runes) // the longest prefix that fits is in [lo, hi)
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if fyne.MeasureText(string(runes[:mid])+"…", size, style).Width <= width {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	if lo == 0 {
		return ""
	}
	return string(runes[:lo]) + "…"
}

func (rr *rowRenderer) Refresh() {
	r := rr.r
	fg := theme.Color(theme.ColorNameForeground)
	size := theme.TextSize()
	bold := fyne.TextStyle{Bold: r.unread}
	for _, t := range []*canvas.Text{rr.sender, rr.subject, rr.date} {
		t.Color, t.TextSize, t.TextStyle = fg, size, bold
	}
	rr.date.TextStyle = fyne.TextStyle{}
	rr.date.Text = r.date
	rr.preview.Color, rr.preview.TextSize = theme.Color(theme.ColorNamePlaceHolder), size
	rr.dot.FillColor = theme.Color(theme.ColorNamePrimary)
	rr.dot.Hidden = !r.unread
	rr.flag.Hidden = !r.flagged
	rr.clip.Hidden = !r.attached
	rr.Layout(r.Size())
	for _, o := range rr.Objects() {
		o.Refresh()
	}
}
