package gui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/tern-mail/tern/assets/i18n"
)

// problemDialog says in a sentence what went wrong, with the system's own
// words (err, in English as Go wrote them) behind a Details button, and
// Tern's own translated buttons, under title ("" for "Something went
// wrong"). The caller shows it.
func problemDialog(title, sentence string, err error, win fyne.Window) *ternDialog {
	if title == "" {
		title = i18n.T("problem.title")
	}
	return newTernDialog(title, withDetails(wrapped(sentence), err), win, dialogAction{label: i18n.T("dialog.ok")})
}

// withDetails puts err's own words under what, hidden behind a Details
// button until it is tapped; with no err, what alone.
func withDetails(what fyne.CanvasObject, err error) fyne.CanvasObject {
	if err == nil {
		return what
	}
	details := wrapped(err.Error())
	details.Hide()
	var btn *dialogButton
	btn = newDialogButton(i18n.T("dialog.details"), func() { details.Show(); btn.Hide() })
	btn.Importance = widget.LowImportance
	return container.NewVBox(what, container.NewHBox(btn), details)
}

// showProblem shows a problemDialog with the usual title.
func showProblem(sentence string, err error, win fyne.Window) {
	problemDialog("", sentence, err, win).Show()
}
