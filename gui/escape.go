package gui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// Escape closes the dialog on top, wherever the keyboard focus is. A
// focused widget gets every key before its window does, and Fyne's
// buttons, selects and checks do nothing with Escape: once one of them
// had the focus (a click on a select, Tab onto a button), Escape no
// longer reached the window that closes dialogs. The widgets here take
// Escape and hand it on (escapeFrom); Tern's dialogs and the windows of
// their own (the composer, Add an account) are built from them.

// escapeFrom is Escape pressed in obj: it closes the top dialog of obj's
// window, or with none does what the window does with Escape (a window of
// its own closes). It reports whether anything took the key.
func escapeFrom(obj fyne.CanvasObject) bool {
	c := fyne.CurrentApp().Driver().CanvasForObject(obj)
	if c == nil {
		return false
	}
	if closeTopOverlay(c) {
		return true
	}
	if f := c.OnTypedKey(); f != nil {
		f(&fyne.KeyEvent{Name: fyne.KeyEscape})
		return true
	}
	return false
}

// closeOnEscape makes Escape, when no widget takes it, close win's top
// dialog, or with none run close (the window's own way to close; nil:
// nothing).
func closeOnEscape(win fyne.Window, close func()) {
	win.Canvas().SetOnTypedKey(func(k *fyne.KeyEvent) {
		if k.Name != fyne.KeyEscape || closeTopOverlay(win.Canvas()) {
			return
		}
		if close != nil {
			close()
		}
	})
}

// dialogButton is a button of Tern's dialogs: Space and Enter tap it,
// Escape closes its dialog.
type dialogButton struct {
	widget.Button
}

func newDialogButton(label string, tapped func()) *dialogButton {
	b := &dialogButton{}
	b.Text, b.OnTapped = label, tapped
	b.ExtendBaseWidget(b)
	return b
}

// TypedKey taps on Enter, closes on Escape, and leaves the rest to the
// button.
func (b *dialogButton) TypedKey(k *fyne.KeyEvent) {
	switch k.Name {
	case fyne.KeyEscape:
		escapeFrom(b)
	case fyne.KeyReturn, fyne.KeyEnter:
		if !b.Disabled() && b.OnTapped != nil {
			b.OnTapped()
		}
	default:
		b.Button.TypedKey(k)
	}
}

// dialogSelect is a drop-down list in a dialog or a window of its own
// that hands Escape on.
type dialogSelect struct {
	widget.Select
}

func newDialogSelect(options []string, changed func(string)) *dialogSelect {
	s := &dialogSelect{}
	s.Options, s.OnChanged = options, changed
	s.ExtendBaseWidget(s)
	return s
}

// TypedKey hands Escape on and leaves the rest to the list.
func (s *dialogSelect) TypedKey(k *fyne.KeyEvent) {
	if k.Name == fyne.KeyEscape {
		escapeFrom(s)
		return
	}
	s.Select.TypedKey(k)
}

// dialogCheck is a check box in a dialog or a window of its own that
// hands Escape on.
type dialogCheck struct {
	widget.Check
}

func newDialogCheck(label string, changed func(bool)) *dialogCheck {
	c := &dialogCheck{}
	c.Text, c.OnChanged = label, changed
	c.ExtendBaseWidget(c)
	return c
}

// TypedKey hands Escape on and leaves the rest to the box.
func (c *dialogCheck) TypedKey(k *fyne.KeyEvent) {
	if k.Name == fyne.KeyEscape {
		escapeFrom(c)
		return
	}
	c.Check.TypedKey(k)
}

// newIconButton is a dialogButton with an icon before its label.
func newIconButton(label string, icon fyne.Resource, tapped func()) *dialogButton {
	b := newDialogButton(label, tapped)
	b.Icon = icon
	return b
}
