package gui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
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
	// onTab takes the highlighted suggestion, if there is one, and says
	// whether there was: then Tab completes the address, as Enter does;
	// with none it moves on to the next field.
	onTab func(take bool) bool
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

// TypedKey closes on Escape, completes on Tab, and leaves the rest to the
// entry.
func (e *composerEntry) TypedKey(k *fyne.KeyEvent) {
	switch {
	case k.Name == fyne.KeyEscape && e.onEscape != nil:
		e.onEscape()
		return
	case k.Name == fyne.KeyDown && e.onDown != nil && e.onDown():
		return
	case k.Name == fyne.KeyTab && e.onTab != nil && e.onTab(true):
		return
	}
	e.Entry.TypedKey(k)
}

// AcceptsTab takes Tab while a suggestion waits (not Shift+Tab, which
// goes back a field); the window moves the focus on otherwise.
func (e *composerEntry) AcceptsTab() bool {
	if e.onTab != nil && !shiftHeld() && e.onTab(false) {
		return true
	}
	return e.Entry.AcceptsTab()
}

// shiftHeld tells whether Shift is held down, where the driver knows.
func shiftHeld() bool {
	if d, ok := fyne.CurrentApp().Driver().(desktop.Driver); ok {
		return d.CurrentKeyModifiers()&fyne.KeyModifierShift != 0
	}
	return false
}

// suggestionButton is an address the composer suggests: a tap, Enter or
// Tab takes it.
type suggestionButton struct {
	widget.Button
}

func newSuggestionButton(label string, take func()) *suggestionButton {
	b := &suggestionButton{}
	b.Text, b.Icon, b.OnTapped = label, theme.AccountIcon(), take
	b.Alignment = widget.ButtonAlignLeading
	b.ExtendBaseWidget(b)
	return b
}

// TypedKey takes the address on Enter and Tab.
func (b *suggestionButton) TypedKey(k *fyne.KeyEvent) {
	switch k.Name {
	case fyne.KeyReturn, fyne.KeyEnter, fyne.KeyTab:
		b.OnTapped()
	default:
		b.Button.TypedKey(k)
	}
}

// AcceptsTab lets Tab take the address rather than move on.
func (b *suggestionButton) AcceptsTab() bool { return true }
