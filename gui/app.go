package gui

import (
	"io"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"

	"github.com/tern-mail/tern/accounts"
	"github.com/tern-mail/tern/accounts/instance"
	"github.com/tern-mail/tern/assets"
)

// Info is what the window shows of the program itself.
type Info struct {
	ID      string // application id, e.g. org.ternmail.Tern
	Name    string
	Version string
	Licence string // shown in Help > About; "" when not stated
	// ListShown, when set, hears how many rows the message list shows
	// each time it has loaded a folder (not a search) and refreshed: what
	// `make bench` times a start by.
	ListShown func(rows int)
	// SaveReport, when set, writes a report for support (Help › Save a
	// report for support…).
	SaveReport func(w io.Writer) error
	// KeepLog, when set, turns the protocol log on or off (Preferences ›
	// Keep a log to help solve problems).
	KeepLog func(on bool) error
	// Requests, when set, brings what the window is asked to open: this
	// start's own mailto: links and message files, then a second start's.
	Requests <-chan instance.Request
}

// Icon is Tern's app icon as a Fyne resource.
var Icon = fyne.NewStaticResource("tern.png", assets.IconPNG)

// Run opens the main window over m and returns when the user quits.
func Run(m *accounts.Manager, eng Engine, info Info) error {
	a := app.NewWithID(info.ID)
	a.SetIcon(Icon)
	w := NewMainWindow(a, m, eng, info)
	a.Lifecycle().SetOnStarted(func() {
		w.fitScreen()
		w.followRequests(info.Requests)
		w.tellMissingFont()
	})
	w.Start()
	w.Window().ShowAndRun()
	w.outbox.keepUnsent()
	w.Stop()
	if err := RemoveOpenedFiles(); err != nil {
		fyne.LogError("remove opened attachments", err)
	}
	return nil
}
