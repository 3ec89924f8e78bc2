// Package gui is a made-up window for the literal check's own test: each
// line whose literal is shown as it is ends with the comment "shown".
package gui

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
	"github.com/tern-mail/tern/assets/i18n"
)

// shortcut is a row of a table the window shows: what is shown; keys
// is not.
type shortcut struct {
	keys, what string
}

var shortcuts = []shortcut{
	{"ctrl-n", "New message"},       // shown
	{keys: "ctrl-r", what: "Reply"}, // shown
}

const welcome = "Welcome to Tern" // shown

const logPrefix = "gui: "

func showInfo(title, msg string, w fyne.Window) {
	dialog.ShowInformation(title, msg, w)
}

func wrapped(text string) *widget.Label {
	l := widget.NewLabel("")
	l.Text = text
	return l
}

func plainReason(err error) string {
	if err == nil {
		return "Nothing went wrong." // shown
	}
	return fmt.Sprintf("%v", err)
}

type problem struct {
	last string
}

func (p *problem) show(sentence string, err error, w fyne.Window) {
	p.last = sentence + " " + plainReason(err)
	widget.NewLabel(p.last)
}

func build(w fyne.Window, n int, p *problem, err error) {
	widget.NewLabel("Hello") // shown
	widget.NewLabel(i18n.T("dialog.close"))
	widget.NewLabel(i18n.N("list.count", n))
	widget.NewLabel(fmt.Sprintf("%d messages", n)) // shown
	widget.NewLabel(fmt.Sprintf("%d", n))
	widget.NewLabel(fmt.Sprintf("%s <%s>", "", ""))
	showInfo("Title", // shown
		i18n.T("move.title"))
	wrapped("Wrapped")                // shown
	p.show("Could not save.", err, w) // shown
	fyne.LogError(logPrefix+"could not draw", err)
	_ = fmt.Errorf("imap: select %q: %w", "INBOX", err)
	for _, s := range shortcuts {
		widget.NewLabel(s.what)
	}
	l := widget.NewLabel("")
	l.SetText("Done, " + strings.ToLower("NOW")) // shown
	l.SetText(welcome)
	_ = &widget.Entry{PlaceHolder: "Search"}                                 // shown
	_ = &fyne.Notification{Title: "New mail", Content: i18n.T("move.title")} // shown
	widget.NewSelect([]string{"Plain text", "HTML"}, nil)                    // shown
	widget.NewLabel("dialog.close")
	canvas.NewText("·", nil)
	status := "Ready" // shown
	if n > 0 {
		status = "Busy" // shown
	}
	l.SetText(status)
	other := "not shown"
	_ = other
	b := widget.NewButton("", nil)
	b.Text, b.Importance = "Send", widget.HighImportance // shown
	_ = fyne.NewMenuItem("Quit", nil)                    // shown
	_ = strings.Contains("some text", "text")
}
