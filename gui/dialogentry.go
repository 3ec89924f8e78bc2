package gui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// dialogEntry is a text field in a dialog. A focused widget gets every key
// before the window does, so a plain entry would swallow Escape and leave
// its dialog open; this one closes the dialog (the top overlay of its
// window) itself.
type dialogEntry struct {
	widget.Entry
}

// newDialogEntry is a one-line dialogEntry.
func newDialogEntry() *dialogEntry {
	e := &dialogEntry{}
	e.ExtendBaseWidget(e)
	return e
}

// newDialogMultiLineEntry is a dialogEntry of several lines.
func newDialogMultiLineEntry() *dialogEntry {
	e := &dialogEntry{}
	e.MultiLine = true
	e.Wrapping = fyne.TextWrapWord
	e.ExtendBaseWidget(e)
	return e
}

// newDialogPasswordEntry is a dialogEntry that hides what is typed, with an
// eye to show it, as widget.NewPasswordEntry has.
func newDialogPasswordEntry() *dialogEntry {
	e := &dialogEntry{}
	e.Password = true
	e.Wrapping = fyne.TextWrapOff
	e.ExtendBaseWidget(e)
	e.ActionItem = newRevealer(e)
	return e
}

// TypedKey closes the dialog on Escape (escapeFrom) and leaves the rest
// to the entry.
func (e *dialogEntry) TypedKey(k *fyne.KeyEvent) {
	if k.Name == fyne.KeyEscape && escapeFrom(e) {
		return
	}
	e.Entry.TypedKey(k)
}

// closeTopOverlay hides and removes the top overlay (a dialog or pop-up)
// of canvas c, and reports whether there was one.
func closeTopOverlay(c fyne.Canvas) bool {
	if c == nil {
		return false
	}
	top := c.Overlays().Top()
	if top == nil {
		return false
	}
	top.Hide()
	c.Overlays().Remove(top)
	return true
}

// revealer is the eye at the end of a password field: a tap shows or
// hides what is typed. Like Fyne's own it takes no keyboard focus, so Tab
// goes on to the next field, and it does nothing while the field is
// disabled.
type revealer struct {
	widget.BaseWidget
	icon  *widget.Icon
	entry *dialogEntry
}

func newRevealer(e *dialogEntry) *revealer {
	r := &revealer{icon: widget.NewIcon(theme.VisibilityOffIcon()), entry: e}
	r.ExtendBaseWidget(r)
	return r
}

// CreateRenderer draws the eye.
func (r *revealer) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(r.icon) }

// Tapped shows or hides the password and gives the field the focus back.
func (r *revealer) Tapped(*fyne.PointEvent) {
	if r.entry.Disabled() {
		return
	}
	r.entry.Password = !r.entry.Password
	if r.entry.Password {
		r.icon.SetResource(theme.VisibilityOffIcon())
	} else {
		r.icon.SetResource(theme.VisibilityIcon())
	}
	r.entry.Refresh()
	if c := fyne.CurrentApp().Driver().CanvasForObject(r); c != nil {
		c.Focus(r.entry)
	}
}

// Cursor is the pointer over the eye.
func (r *revealer) Cursor() desktop.Cursor { return desktop.DefaultCursor }
