package gui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// dialogEntry is a text field in a dialog. A focused widget gets every key
// before the window does, so a plain entry would swallow Escape and leave
// its dialog open; this one closes the dialog (the top overlay of its
// window) itself, or calls onEscape when that is set.
type dialogEntry struct {
	widget.Entry
	onEscape func()
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

// newDialogPasswordEntry is a dialogEntry that hides what is typed, with a
// button to show it, as widget.NewPasswordEntry has.
func newDialogPasswordEntry() *dialogEntry {
	e := &dialogEntry{}
	e.Password = true
	e.Wrapping = fyne.TextWrapOff
	e.ExtendBaseWidget(e)
	var reveal *widget.Button
	reveal = widget.NewButtonWithIcon("", theme.VisibilityOffIcon(), func() {
		e.Password = !e.Password
		if e.Password {
			reveal.SetIcon(theme.VisibilityOffIcon())
		} else {
			reveal.SetIcon(theme.VisibilityIcon())
		}
		e.Refresh()
	})
	reveal.Importance = widget.LowImportance
	e.ActionItem = reveal
	return e
}

// TypedKey closes the dialog on Escape and leaves the rest to the entry.
func (e *dialogEntry) TypedKey(k *fyne.KeyEvent) {
	if k.Name == fyne.KeyEscape {
		if e.onEscape != nil {
			e.onEscape()
			return
		}
		if closeTopOverlay(fyne.CurrentApp().Driver().CanvasForObject(e)) {
			return
		}
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
