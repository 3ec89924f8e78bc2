package gui

import (
	"context"
	"runtime"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/tern-mail/tern/assets/i18n"
	"github.com/tern-mail/tern/gui/defaultapp"
)

// prefDefaultApp is the person's answer to "Use Tern for email links and
// .eml files?", asked once: "yes" or "no"; "" until asked.
const prefDefaultApp = "mailapp.answer"

// defaultApp is how Tern becomes the system's mail app; tests replace it.
var defaultApp = struct {
	how       func() defaultapp.Way
	isDefault func(context.Context) (bool, error)
	make      func(context.Context) error
}{defaultapp.How, defaultapp.IsDefault, defaultapp.Make}

// offerDefaultApp asks once, when the window first shows mail, whether
// Tern should open email links and .eml files, where the system lets an
// app ask and Tern is not the mail app already. The answer is kept in
// the preferences. UI goroutine.
func (w *MainWindow) offerDefaultApp() {
	if w.defaultAppAsked || w.prefs.String(prefDefaultApp) != "" {
		return
	}
	w.defaultAppAsked = true
	Background(func() {
		how := defaultApp.how()
		if how == defaultapp.NotPossible {
			return
		}
		if how == defaultapp.Direct {
			if is, err := defaultApp.isDefault(context.Background()); err != nil || is {
				return
			}
		}
		fyne.Do(func() {
			askYesNo(i18n.T("mailapp.ask.title"), i18n.T("mailapp.ask.question"), func(yes bool) {
				answer := "no"
				if yes {
					answer = "yes"
					w.makeDefaultApp(nil)
				}
				w.prefs.SetString(prefDefaultApp, answer)
			}, w.win)
		})
	})
}

// makeDefaultApp makes Tern the mail app, or opens the system's page for
// it, then says so (in said, when given, else in the status bar).
func (w *MainWindow) makeDefaultApp(said *widget.Label) {
	how := defaultApp.how()
	Background(func() {
		err := defaultApp.make(context.Background())
		fyne.Do(func() {
			if err != nil {
				tellFailure(w.win, i18n.T("mailapp.failed"), err)
				return
			}
			text := i18n.T("mailapp.done")
			if how == defaultapp.SettingsPage {
				text = i18n.T("mailapp.settings_opened")
			}
			if said != nil {
				said.SetText(text)
				said.Show()
				return
			}
			w.status.SetText(text)
		})
	})
}

// defaultAppBox is Preferences' "Make Tern the default mail app": a
// button where the system lets an app ask, else what the person can do.
func (w *MainWindow) defaultAppBox() fyne.CanvasObject {
	said := widget.NewLabel("")
	said.Wrapping = fyne.TextWrapWord
	how := defaultApp.how()
	if how == defaultapp.NotPossible {
		said.SetText(i18n.T("mailapp.not_installed"))
		if runtime.GOOS == "darwin" {
			said.SetText(i18n.T("mailapp.mac"))
		}
		return said
	}
	said.Hide()
	makeBtn := widget.NewButton(i18n.T("mailapp.make"), func() { w.makeDefaultApp(said) })
	if how == defaultapp.Direct {
		Background(func() {
			is, err := defaultApp.isDefault(context.Background())
			fyne.Do(func() {
				if err == nil && is {
					said.SetText(i18n.T("mailapp.is_default"))
					said.Show()
				}
			})
		})
	}
	return container.NewVBox(container.NewHBox(makeBtn), said)
}
