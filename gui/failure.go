package gui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/tern-mail/tern/assets/i18n"
)

// tellFailure says in a sentence what could not be done, with the
// system's or the server's own words (err, in English as Go wrote them)
// behind a Details button, and Tern's own Close button.
func tellFailure(win fyne.Window, sentence string, err error) {
	msg := widget.NewLabel(sentence)
	msg.Wrapping = fyne.TextWrapWord
	parts := []fyne.CanvasObject{msg}
	if err != nil {
		details := widget.NewLabel(err.Error())
		details.Wrapping = fyne.TextWrapWord
		details.Hide()
		var btn *widget.Button
		btn = widget.NewButton(i18n.T("failure.details"), func() { details.Show(); btn.Hide() })
		btn.Importance = widget.LowImportance
		parts = append(parts, container.NewHBox(btn), details)
	}
	d := dialog.NewCustom(i18n.T("failure.title"), i18n.T("dialog.close"), container.NewVBox(parts...), win)
	d.Resize(dialogSize(win))
	d.Show()
}

// failureSentence is explain's sentence for err when it knows the
// error (the network, a refused password), else fallback.
func failureSentence(err error, fallback string) string {
	if p, ok := knownProblem(err, nil); ok {
		return p.Sentence
	}
	return fallback
}
