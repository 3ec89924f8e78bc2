package gui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// keyButton is a button in the reader. A focused widget takes every key
// before the window does, so besides Space (which taps it) it hands Delete
// and Backspace on to onKey: they delete the selected messages whether the
// list or the reader has the focus.
type keyButton struct {
	widget.Button
	onKey func(*fyne.KeyEvent) bool
}

func newKeyButton(label string, icon fyne.Resource, tapped func(), onKey func(*fyne.KeyEvent) bool) *keyButton {
	b := &keyButton{onKey: onKey}
	b.Text, b.Icon, b.OnTapped = label, icon, tapped
	b.ExtendBaseWidget(b)
	return b
}

// TypedKey passes the message keys on and leaves the rest to the button.
func (b *keyButton) TypedKey(ev *fyne.KeyEvent) {
	switch ev.Name {
	case fyne.KeyDelete, fyne.KeyBackspace, fyne.KeyF6: // F6 goes on to the next pane
		if b.onKey != nil && b.onKey(ev) {
			return
		}
	}
	b.Button.TypedKey(ev)
}
