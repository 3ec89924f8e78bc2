package gui

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/tern-mail/tern/assets/i18n"
)

// undoShownFor is how long the undo bar stays after an action.
const undoShownFor = 10 * time.Second

// undoBar says at the bottom of the window what the last action did
// ("Moved 3 messages to Trash.") with an Undo button, for a while.
type undoBar struct {
	text   *widget.Label
	button *widget.Button
	box    *fyne.Container
	// after runs f once d has passed; tests replace it to fire at once.
	after func(d time.Duration, f func())
	shown int // counts shows, so an old timer does not hide a newer text; UI goroutine only
}

func newUndoBar(onUndo func()) *undoBar {
	b := &undoBar{after: func(d time.Duration, f func()) { time.AfterFunc(d, f) }}
	b.text = widget.NewLabel("")
	b.button = widget.NewButtonWithIcon(i18n.T("undo.button"), theme.ContentUndoIcon(), onUndo)
	b.button.Importance = widget.HighImportance
	b.box = container.NewBorder(nil, nil, widget.NewIcon(theme.InfoIcon()), b.button, b.text)
	b.box.Hide()
	return b
}

func (b *undoBar) widget() fyne.CanvasObject { return b.box }

// show puts text on the bar until the time is up or another action
// replaces it; UI goroutine.
func (b *undoBar) show(text string) {
	b.shown++
	n := b.shown
	b.text.SetText(text)
	b.box.Show()
	b.after(undoShownFor, func() {
		fyne.Do(func() {
			if b.shown == n {
				b.box.Hide()
			}
		})
	})
}

// hide takes the bar away; UI goroutine.
func (b *undoBar) hide() {
	b.shown++
	b.box.Hide()
}
