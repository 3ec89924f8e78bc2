package gui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/tern-mail/tern/assets/i18n"
)

// Tern's dialogs carry its own translated button labels: Fyne's built-in
// dialogs (ShowInformation, ShowConfirm, ShowError) label their buttons
// in the system's language through Fyne's own catalogs, which would mix
// two languages in one dialog when the person chose another in
// Preferences, or when Tern has no catalog for the system's language.
// Their buttons are Tern's too (dialogButton): Escape closes the dialog
// whichever of them has the keyboard focus.

// dialogAction is one button of a Tern dialog.
type dialogAction struct {
	label      string
	importance widget.Importance
	// do runs when the button is tapped, after the dialog has closed;
	// nil only closes it.
	do func()
	// keepOpen leaves the dialog open when the button is tapped: do
	// closes it (Hide) once it is done, or keeps it open to say why not.
	keepOpen bool
	// primary: the button has the keyboard focus when the dialog shows,
	// so that Enter or Space takes it.
	primary bool
}

// ternDialog is a dialog with Tern's own buttons, in the order given.
type ternDialog struct {
	*dialog.CustomDialog
	win     fyne.Window
	buttons []*dialogButton
	primary *dialogButton // focused when the dialog shows, if any
}

// newTernDialog builds a dialog of content with a button for each
// action; the caller shows it (Show). Escape closes it and does nothing
// else, like a tap on no button at all.
func newTernDialog(title string, content fyne.CanvasObject, win fyne.Window, actions ...dialogAction) *ternDialog {
	d := &ternDialog{CustomDialog: dialog.NewCustomWithoutButtons(title, content, win), win: win}
	row := make([]fyne.CanvasObject, 0, len(actions))
	for _, a := range actions {
		a := a
		b := newDialogButton(a.label, nil)
		b.Importance = a.importance
		b.OnTapped = func() {
			if !a.keepOpen {
				d.Hide()
			}
			if a.do != nil {
				a.do()
			}
		}
		if a.primary {
			d.primary = b
		}
		d.buttons = append(d.buttons, b)
		row = append(row, b)
	}
	d.SetButtons(row)
	return d
}

// Show shows the dialog, as wide as a sentence wraps well, with the
// keyboard focus on its primary button, if it has one.
func (d *ternDialog) Show() {
	d.Resize(dialogSize(d.win))
	d.CustomDialog.Show()
	if d.primary != nil {
		d.win.Canvas().Focus(d.primary)
	}
}

// relayout lays the dialog out again after its content changed size (a
// note shown or hidden): a pop-up keeps its layout until refreshed.
func (d *ternDialog) relayout() {
	d.Refresh()
}

// button is the dialog's button labelled label, or nil.
func (d *ternDialog) button(label string) *dialogButton {
	for _, b := range d.buttons {
		if b.Text == label {
			return b
		}
	}
	return nil
}

// showInfo shows a message with a Close button.
func showInfo(title, message string, win fyne.Window) {
	newTernDialog(title, wrapped(message), win, dialogAction{label: i18n.T("dialog.close")}).Show()
}

// askYesNo asks a question; answer is called with the person's choice.
// Escape closes it without an answer.
func askYesNo(title, question string, answer func(bool), win fyne.Window) {
	newTernDialog(title, wrapped(question), win,
		dialogAction{label: i18n.T("dialog.no"), do: func() { answer(false) }},
		dialogAction{label: i18n.T("dialog.yes"), importance: widget.HighImportance, do: func() { answer(true) }},
	).Show()
}

// dialogSize is a width that lets a sentence wrap instead of running
// into one long line: 60% of the window, at least 320 units.
func dialogSize(win fyne.Window) fyne.Size {
	w := win.Canvas().Size().Width * 0.6
	if w < 320 {
		w = 320
	}
	return fyne.NewSize(w, 0)
}
