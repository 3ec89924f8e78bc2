package gui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/tern-mail/tern/assets/i18n"
)

// emptyState is what a first start shows: no accounts yet, and what that
// means, calmly.
func emptyState() fyne.CanvasObject {
	logo := canvas.NewImageFromResource(Icon)
	logo.FillMode = canvas.ImageFillContain
	logo.SetMinSize(fyne.NewSize(96, 96))
	title := widget.NewLabelWithStyle(i18n.T("empty.title"), fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	title.SizeName = theme.SizeNameHeadingText
	body := widget.NewLabelWithStyle(
		i18n.T("empty.body"),
		fyne.TextAlignCenter, fyne.TextStyle{})
	return container.NewCenter(container.NewVBox(container.NewCenter(logo), title, body))
}
