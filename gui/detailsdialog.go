package gui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/tern-mail/tern/assets/i18n"
)

// problemDialog says in a sentence what went wrong, with the system's own
// words (err, in English as Go wrote them) behind a Details button, and
// Tern's own translated buttons, under title ("" for "Something went
// wrong"). The caller shows it.
func problemDialog(title, sentence string, err error, win fyne.Window) dialog.Dialog {
	if title == "" {
		title = i18n.T("problem.title")
	}
	msg := widget.NewLabel(sentence)
	msg.Wrapping = fyne.TextWrapWord
	details := widget.NewLabel(err.Error())
	details.Wrapping = fyne.TextWrapWord
	details.Hide()
	var btn *widget.Button
	btn = widget.NewButton(i18n.T("dialog.details"), func() { details.Show(); btn.Hide() })
	btn.Importance = widget.LowImportance
	d := dialog.NewCustom(title, i18n.T("dialog.ok"), container.NewVBox(msg, container.NewHBox(btn), details), win)
	d.Resize(fyne.NewSize(440, 200))
	return d
}

// showProblem shows a problemDialog with the usual title.
func showProblem(sentence string, err error, win fyne.Window) {
	problemDialog("", sentence, err, win).Show()
}
