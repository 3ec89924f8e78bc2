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

// showInfo shows a message with a Close button.
func showInfo(title, message string, win fyne.Window) {
	l := widget.NewLabel(message)
	l.Wrapping = fyne.TextWrapWord
	d := dialog.NewCustom(title, i18n.T("dialog.close"), l, win)
	d.Resize(dialogSize(win))
	d.Show()
}

// askYesNo asks a question; answer is called with the person's choice.
func askYesNo(title, question string, answer func(bool), win fyne.Window) {
	l := widget.NewLabel(question)
	l.Wrapping = fyne.TextWrapWord
	d := dialog.NewCustomConfirm(title, i18n.T("dialog.yes"), i18n.T("dialog.no"), l, answer, win)
	d.Resize(dialogSize(win))
	d.Show()
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
