package gui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"

	"github.com/tern-mail/tern/accounts"
)

// Preference keys the Preferences window adds.
const (
	prefDensity       = "view.density"         // densityCompact, densityComfortable or densityPreview
	prefNotifications = "notifications.off"    // true when new mail is not announced
	prefOfflineDays   = "accounts.offlineDays" // the choice last made for every account
)

// List densities, as View and Preferences name them.
const (
	densityCompact     = "Compact"
	densityComfortable = "Comfortable"
	densityPreview     = "With preview"
)

// The choices' wording.
var (
	themeNames = map[string]string{themeSystem: "Same as the system", themeLight: "Light", themeDark: "Dark"}
	textSizes  = []struct {
		name  string
		scale float64
	}{{"Small", 0.9}, {"Normal", 1}, {"Large", 1.25}, {"Larger", 1.5}, {"Largest", 2}}
	offlineChoices = []struct {
		name string
		days int
	}{{"Every message", 0}, {"The last 30 days", 30}, {"The last 90 days", 90}, {"The last year", 365}}
)

const (
	paneRight = "To the right of the list"
	paneBelow = "Below the list"
)

// preferences is the Preferences window's form.
type preferences struct {
	theme, textSize, density, pane, offline *widget.Select
	notify, keepLog                         *widget.Check
	senders                                 *fyne.Container // whose pictures always load
}

// newPreferences builds the form from what w remembers; every change
// applies and is remembered at once.
func (w *MainWindow) newPreferences() *preferences {
	p := &preferences{}
	p.theme = widget.NewSelect([]string{themeNames[themeSystem], themeNames[themeLight], themeNames[themeDark]}, nil)
	cur := w.prefs.String(prefTheme)
	if cur == "" {
		cur = themeSystem
	}
	p.theme.SetSelected(themeNames[cur])
	p.theme.OnChanged = func(s string) {
		for k, v := range themeNames {
			if v == s {
				w.setThemeChoice(k)
			}
		}
	}
	var sizes []string
	for _, t := range textSizes {
		sizes = append(sizes, t.name)
	}
	p.textSize = widget.NewSelect(sizes, nil)
	for _, t := range textSizes {
		if t.scale == w.readerText() {
			p.textSize.SetSelected(t.name)
		}
	}
	p.textSize.OnChanged = func(s string) {
		for _, t := range textSizes {
			if t.name == s {
				w.setReaderText(t.scale)
			}
		}
	}
	p.density = widget.NewSelect([]string{densityCompact, densityComfortable, densityPreview}, nil)
	d := w.prefs.String(prefDensity)
	if d == "" {
		d = densityCompact
	}
	p.density.SetSelected(d)
	p.density.OnChanged = w.setDensity
	p.pane = widget.NewSelect([]string{paneRight, paneBelow}, nil)
	if w.prefs.Bool(prefReaderBelow) {
		p.pane.SetSelected(paneBelow)
	} else {
		p.pane.SetSelected(paneRight)
	}
	p.pane.OnChanged = func(s string) {
		w.prefs.SetBool(prefReaderBelow, s == paneBelow)
		w.listSplit.Horizontal = s != paneBelow
		w.listSplit.Refresh()
	}
	p.notify = widget.NewCheck("Tell me when new mail arrives", func(on bool) { w.prefs.SetBool(prefNotifications, !on) })
	p.notify.SetChecked(!w.prefs.Bool(prefNotifications))
	var names []string
	for _, c := range offlineChoices {
		names = append(names, c.name)
	}
	p.offline = widget.NewSelect(names, nil)
	days, mixed := w.offlineDays()
	for _, c := range offlineChoices {
		if c.days == days && !mixed {
			p.offline.SetSelected(c.name)
		}
	}
	if mixed {
		p.offline.PlaceHolder = "Set per account"
	}
	p.offline.OnChanged = func(s string) {
		for _, c := range offlineChoices {
			if c.name == s {
				w.setOfflineDays(c.days)
			}
		}
	}
	p.senders = w.imageSendersBox()
	p.keepLog = widget.NewCheck("Keep a log to help solve problems", nil)
	p.keepLog.SetChecked(w.prefs.Bool(prefKeepLog))
	p.keepLog.OnChanged = w.setKeepLog
	return p
}

// offlineDays is how much mail the IMAP accounts keep on this computer;
// mixed when they differ.
func (w *MainWindow) offlineDays() (days int, mixed bool) {
	first := true
	for _, a := range w.manager.List() {
		if a.Protocol != accounts.IMAP {
			continue
		}
		if first {
			days, first = a.OfflineDays, false
		} else if a.OfflineDays != days {
			mixed = true
		}
	}
	return days, mixed
}

// setOfflineDays keeps days of mail offline in every IMAP account (POP3
// downloads everything).
func (w *MainWindow) setOfflineDays(days int) {
	w.prefs.SetFloat(prefOfflineDays, float64(days))
	if w.engine == nil {
		return
	}
	for _, a := range w.manager.List() {
		if a.Protocol != accounts.IMAP || a.OfflineDays == days {
			continue
		}
		a.OfflineDays = days
		if err := w.engine.UpdateAccount(a); err != nil {
			dialog.ShowError(err, w.win)
			return
		}
	}
}

// form lays the preferences out.
func (p *preferences) form() *widget.Form {
	return widget.NewForm(
		widget.NewFormItem("Appearance", p.theme),
		widget.NewFormItem("Message text size", p.textSize),
		widget.NewFormItem("Message list", p.density),
		widget.NewFormItem("Reading pane", p.pane),
		widget.NewFormItem("Notifications", p.notify),
		widget.NewFormItem("Keep offline", p.offline),
		widget.NewFormItem("Always load pictures from", p.senders),
		widget.NewFormItem("Problems", p.keepLog),
	)
}

// showPreferences opens the Preferences window.
func (w *MainWindow) showPreferences() *preferences {
	p := w.newPreferences()
	win := w.app.NewWindow("Preferences")
	closeBtn := widget.NewButton("Close", win.Close)
	note := widget.NewLabel("Changes apply at once.")
	note.Importance = widget.LowImportance
	win.SetContent(container.NewPadded(container.NewVBox(p.form(), widget.NewSeparator(), container.NewBorder(nil, nil, note, closeBtn))))
	win.Canvas().SetOnTypedKey(func(k *fyne.KeyEvent) {
		if k.Name == fyne.KeyEscape {
			win.Close()
		}
	})
	win.Resize(fyne.NewSize(520, 0)) // as tall as the form
	win.Show()
	return p
}

// accountMenu is Account: add one, change its settings, and Preferences.
func (w *MainWindow) accountMenu() *fyne.Menu {
	add := fyne.NewMenuItem("Add account…", func() { w.addAccount() })
	settings := fyne.NewMenuItem("Account settings…", w.showSettings)
	prefs := fyne.NewMenuItem("Preferences…", func() { w.showPreferences() })
	prefs.Shortcut = &desktop.CustomShortcut{KeyName: fyne.KeyComma, Modifier: fyne.KeyModifierShortcutDefault}
	w.win.Canvas().AddShortcut(prefs.Shortcut, func(fyne.Shortcut) { w.showPreferences() })
	return fyne.NewMenu("Account", add, settings, fyne.NewMenuItemSeparator(), prefs)
}

// addAccount opens the wizard in a window of its own for one more account.
func (w *MainWindow) addAccount() fyne.Window {
	if w.engine == nil {
		return nil
	}
	win := w.app.NewWindow("Add an account")
	wz := newWizard(w.engine, Background, false, func(accounts.Account) {
		win.Close()
		Background(w.Reload)
	})
	win.SetContent(wz.widget())
	wz.attach(win.Canvas(), true)
	win.Resize(fyne.NewSize(640, 560))
	win.Show()
	return win
}
