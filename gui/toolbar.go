package gui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/tern-mail/tern/assets"
	"github.com/tern-mail/tern/assets/i18n"
)

// prefToolbarNoLabels remembers that the user turned the toolbar's
// labels off (View > Toolbar labels); they are on by default.
const prefToolbarNoLabels = "view.toolbarNoLabels"

// ownIcon is one of the toolbar's own SVG pictures in assets/icons,
// tinted to the theme's text colour like Fyne's icons.
func ownIcon(name string) fyne.Resource {
	b, err := assets.Icons.ReadFile("icons/" + name)
	if err != nil {
		panic("gui: missing icon " + name) // embedded at build time
	}
	return theme.NewThemedResource(fyne.NewStaticResource(name, b))
}

// The toolbar's own icons, where Fyne's theme has none that mean the action.
var (
	iconFlag       = ownIcon("flag.svg")
	iconMailOpen   = ownIcon("mail-open.svg")
	iconMailClosed = ownIcon("mail-closed.svg")
	iconArchive    = ownIcon("archive.svg")
	iconJunk       = ownIcon("junk.svg")
)

// toolbar is the row of buttons over the panes. Fyne's toolbar shows bare
// icons with no tooltip, so each button here carries its name under the
// icon unless the user turns the labels off.
type toolbar struct {
	box     *fyne.Container
	buttons []*toolButton
	read    *toolButton // Mark read / Mark unread, following the selection
}

func newToolbar(acts []action, labels bool) *toolbar {
	t := &toolbar{box: container.NewHBox()}
	for _, a := range acts {
		b := newToolButton(a.icon, a.label, a.run)
		if a.short != "" {
			b.label = a.short
		}
		b.labels = labels
		if a.label == labelReadToggle() {
			t.read = b
		}
		t.buttons = append(t.buttons, b)
		t.box.Add(b)
	}
	return t
}

// setLabels shows or hides the names under the icons.
func (t *toolbar) setLabels(on bool) {
	for _, b := range t.buttons {
		b.labels = on
		b.Refresh()
	}
	t.box.Refresh()
}

// showSeen makes the read button offer the opposite of the selected
// message's state: an open envelope to mark an unread message read, a
// closed one to mark a read message unread.
func (t *toolbar) showSeen(seen bool) {
	if t.read == nil {
		return
	}
	if seen {
		t.read.icon, t.read.label = iconMailClosed, i18n.T("toolbar.mark_unread")
	} else {
		t.read.icon, t.read.label = iconMailOpen, i18n.T("toolbar.mark_read")
	}
	t.read.Refresh()
}

// toolButton is an icon with its name under it; it can be tapped, and
// reached with Tab and pressed with Space or Enter.
type toolButton struct {
	widget.BaseWidget
	icon    fyne.Resource
	label   string
	labels  bool // show the name under the icon
	run     func()
	hovered bool
	focused bool
}

func newToolButton(icon fyne.Resource, label string, run func()) *toolButton {
	b := &toolButton{icon: icon, label: label, run: run, labels: true}
	b.ExtendBaseWidget(b)
	return b
}

// Tapped runs the action.
func (b *toolButton) Tapped(*fyne.PointEvent) {
	if b.run != nil {
		b.run()
	}
}

// MouseIn highlights the button under the pointer.
func (b *toolButton) MouseIn(*desktop.MouseEvent) { b.hovered = true; b.Refresh() }

// MouseMoved does nothing.
func (b *toolButton) MouseMoved(*desktop.MouseEvent) {}

// MouseOut removes the highlight.
func (b *toolButton) MouseOut() { b.hovered = false; b.Refresh() }

// FocusGained marks the button as the keyboard's.
func (b *toolButton) FocusGained() { b.focused = true; b.Refresh() }

// FocusLost removes the focus mark.
func (b *toolButton) FocusLost() { b.focused = false; b.Refresh() }

// TypedRune presses the button on Space.
func (b *toolButton) TypedRune(r rune) {
	if r == ' ' {
		b.Tapped(nil)
	}
}

// TypedKey presses the button on Enter.
func (b *toolButton) TypedKey(ev *fyne.KeyEvent) {
	if ev.Name == fyne.KeyReturn || ev.Name == fyne.KeyEnter {
		b.Tapped(nil)
	}
}

// CreateRenderer draws the background, icon and name.
func (b *toolButton) CreateRenderer() fyne.WidgetRenderer {
	r := &toolButtonRenderer{b: b, bg: canvas.NewRectangle(color.Transparent), icon: widget.NewIcon(b.icon),
		text: canvas.NewText(b.label, theme.Color(theme.ColorNameForeground))}
	r.bg.CornerRadius = theme.InputRadiusSize()
	r.text.Alignment = fyne.TextAlignCenter
	r.Refresh()
	return r
}

type toolButtonRenderer struct {
	b    *toolButton
	bg   *canvas.Rectangle
	icon *widget.Icon
	text *canvas.Text
}

func (r *toolButtonRenderer) Objects() []fyne.CanvasObject {
	return []fyne.CanvasObject{r.bg, r.icon, r.text}
}

func (r *toolButtonRenderer) Destroy() {}

func (r *toolButtonRenderer) MinSize() fyne.Size {
	pad := theme.Padding()
	is := theme.IconInlineSize()
	if !r.b.labels {
		return fyne.NewSize(is+4*pad, is+2*pad)
	}
	ts := r.text.MinSize()
	return fyne.NewSize(fyne.Max(is, ts.Width)+2*pad, is+ts.Height+2*pad)
}

func (r *toolButtonRenderer) Layout(s fyne.Size) {
	pad := theme.Padding()
	is := theme.IconInlineSize()
	r.bg.Resize(s)
	r.bg.Move(fyne.NewPos(0, 0))
	r.icon.Resize(fyne.NewSize(is, is))
	r.icon.Move(fyne.NewPos((s.Width-is)/2, pad))
	ts := r.text.MinSize()
	r.text.Resize(fyne.NewSize(s.Width, ts.Height))
	r.text.Move(fyne.NewPos(0, pad+is))
}

func (r *toolButtonRenderer) Refresh() {
	r.icon.SetResource(r.b.icon)
	r.text.Text = r.b.label
	r.text.TextSize = theme.CaptionTextSize()
	r.text.Color = theme.Color(theme.ColorNameForeground)
	r.text.Hidden = !r.b.labels
	switch {
	case r.b.focused:
		r.bg.FillColor = theme.Color(theme.ColorNameFocus)
	case r.b.hovered:
		r.bg.FillColor = theme.Color(theme.ColorNameHover)
	default:
		r.bg.FillColor = color.Transparent
	}
	r.Layout(r.b.Size())
	r.bg.Refresh()
	r.text.Refresh()
}
