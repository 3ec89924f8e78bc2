package gui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"
)

// composerEntry is a composer field that sends on Ctrl+Enter (Cmd+Enter
// on macOS) and closes on Escape, wherever the cursor is: a focused entry
// gets the keys before the window's shortcuts would.
type composerEntry struct {
	widget.Entry
	onSend   func()
	onEscape func()
	onDown   func() bool // a suggestion list takes Down; false lets the entry have it
}

func newComposerEntry(multiLine bool) *composerEntry {
	e := &composerEntry{}
	e.MultiLine = multiLine
	if multiLine {
		e.Wrapping = fyne.TextWrapWord
	}
	e.ExtendBaseWidget(e)
	return e
}

// isSendShortcut tells whether s is Ctrl+Enter (Cmd+Enter on macOS).
func isSendShortcut(s fyne.Shortcut) bool {
	c, ok := s.(*desktop.CustomShortcut)
	return ok && (c.KeyName == fyne.KeyReturn || c.KeyName == fyne.KeyEnter) &&
		c.Modifier == fyne.KeyModifierShortcutDefault
}

// TypedShortcut sends on Ctrl+Enter and leaves the rest to the entry.
func (e *composerEntry) TypedShortcut(s fyne.Shortcut) {
	if isSendShortcut(s) && e.onSend != nil {
		e.onSend()
		return
	}
	e.Entry.TypedShortcut(s)
}

// TypedKey closes on Escape and leaves the rest to the entry.
func (e *composerEntry) TypedKey(k *fyne.KeyEvent) {
	switch {
	case k.Name == fyne.KeyEscape && e.onEscape != nil:
		e.onEscape()
		return
	case k.Name == fyne.KeyDown && e.onDown != nil && e.onDown():
		return
	}
	e.Entry.TypedKey(k)
}
