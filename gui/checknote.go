package gui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/tern-mail/tern/assets/i18n"
)

// checkNote is the place in a dialog, under what was typed, where a
// check with the servers is said: that it is going on, or why what was
// typed was not kept (and, for a reason Tern does not know, the error's
// own words behind Details). The dialog stays open meanwhile, with
// everything as typed, so a failed check loses nothing.
type checkNote struct {
	box     *fyne.Container
	title   *widget.Label
	said    *widget.Label
	more    *dialogButton
	details *widget.Label
	// grown lays the dialog out again once the note changed size; nil
	// when nothing needs to.
	grown func()
}

func newCheckNote() *checkNote {
	n := &checkNote{title: widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		said: wrapped(""), details: wrapped("")}
	n.more = newDialogButton(i18n.T("dialog.details"), func() {
		n.details.Show()
		n.more.Hide()
		n.relayout()
	})
	n.more.Importance = widget.LowImportance
	n.box = container.NewVBox(n.title, n.said, container.NewHBox(n.more), n.details)
	n.hide()
	return n
}

// clear says nothing.
func (n *checkNote) clear() {
	n.hide()
	n.relayout()
}

// hide hides every part of the note.
func (n *checkNote) hide() {
	n.title.Hide()
	n.said.SetText("")
	n.said.Hide()
	n.more.Hide()
	n.details.Hide()
}

// relayout has the dialog make room for the note as it is now.
func (n *checkNote) relayout() {
	if n.grown != nil {
		n.grown()
	}
}

// checking says that the check goes on.
func (n *checkNote) checking(text string) {
	n.hide()
	n.said.Importance = widget.MediumImportance
	n.said.SetText(text)
	n.said.Show()
	n.relayout()
}

// failed says why what was typed was not kept: under a title when given,
// the sentence, and details behind Details when there are any.
func (n *checkNote) failed(title, sentence, details string) {
	n.hide()
	if title != "" {
		n.title.SetText(title)
		n.title.Show()
	}
	n.said.Importance = widget.DangerImportance
	n.said.SetText(sentence)
	n.said.Show()
	if details != "" {
		n.details.SetText(details)
		n.more.Show()
	}
	n.relayout()
}

// busy disables what must wait for a check's answer, or enables it
// again.
func busy(wait bool, ws ...fyne.Disableable) {
	for _, w := range ws {
		if w == nil {
			continue
		}
		if wait {
			w.Disable()
		} else {
			w.Enable()
		}
	}
}
