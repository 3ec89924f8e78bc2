package gui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"

	"golang.org/x/text/language/display"

	"github.com/tern-mail/tern/accounts"
	"github.com/tern-mail/tern/assets/i18n"
)

// Preference keys the Preferences window adds.
const (
	prefDensity       = "view.density"         // densityCompact, densityComfortable or densityPreview
	prefNotifications = "notifications.off"    // true when new mail is not announced
	prefOfflineDays   = "accounts.offlineDays" // the choice last made for every account
)

// List densities, as View and Preferences offer them and the profile
// keeps them (the English words, whatever the language shown).
const (
	densityCompact     = "Compact"
	densityComfortable = "Comfortable"
	densityPreview     = "With preview"
)

// densities are the list densities in the order they are offered, with
// the ids of their names.
var densities = []struct{ value, id string }{
	{densityCompact, "view.density.compact"},
	{densityComfortable, "view.density.comfortable"},
	{densityPreview, "view.density.preview"},
}

// densityLabel is a density's name in the person's language.
func densityLabel(d string) string {
	for _, c := range densities {
		if c.value == d {
			return i18n.T(c.id)
		}
	}
	return d
}

// The choices, by what the profile keeps and the id of their names.
var (
	themeChoices = []struct{ value, id string }{
		{themeSystem, "prefs.theme.system"}, {themeLight, "prefs.theme.light"}, {themeDark, "prefs.theme.dark"},
	}
	textSizes = []struct {
		id    string
		scale float64
	}{{"prefs.text.small", 0.9}, {"prefs.text.normal", 1}, {"prefs.text.large", 1.25}, {"prefs.text.larger", 1.5},
		{"prefs.text.largest", 2}}
	offlineChoices = []struct {
		id   string
		days int
	}{{"offline.every_message", 0}, {"offline.last_30_days", 30}, {"offline.last_90_days", 90}, {"offline.last_year", 365}}
)

// offlineLabels are the names of how much mail to keep offline.
func offlineLabels() []string {
	var out []string
	for _, c := range offlineChoices {
		out = append(out, i18n.T(c.id))
	}
	return out
}

// offlineLabel names days of mail kept offline; a number not offered is
// shown as every message.
func offlineLabel(days int) string {
	for _, c := range offlineChoices {
		if c.days == days {
			return i18n.T(c.id)
		}
	}
	return i18n.T(offlineChoices[0].id)
}

// offlineDaysOf is the number of days a name of offlineLabels stands for.
func offlineDaysOf(label string) int {
	for _, c := range offlineChoices {
		if i18n.T(c.id) == label {
			return c.days
		}
	}
	return 0
}

// paneRight names the reading pane's place beside the list.
func paneRight() string { return i18n.T("prefs.pane.right") }

// paneBelow names the reading pane's place under the list.
func paneBelow() string { return i18n.T("prefs.pane.below") }

// preferences is the Preferences window's form.
type preferences struct {
	theme, textSize, density, pane, offline, language *widget.Select
	notify, keepLog                                   *widget.Check
	senders                                           *fyne.Container   // whose pictures always load
	mailApp                                           fyne.CanvasObject // Make Tern the default mail app
	languages                                         []string          // what language keeps for each entry
}

// newPreferences builds the form from what w remembers; every change
// applies and is remembered at once (the language after a restart).
func (w *MainWindow) newPreferences() *preferences {
	p := &preferences{}
	w.themeChoice(p)
	var sizes []string
	for _, t := range textSizes {
		sizes = append(sizes, i18n.T(t.id))
	}
	p.textSize = widget.NewSelect(sizes, nil)
	for _, t := range textSizes {
		if t.scale == w.readerText() {
			p.textSize.SetSelected(i18n.T(t.id))
		}
	}
	p.textSize.OnChanged = func(s string) {
		for _, t := range textSizes {
			if i18n.T(t.id) == s {
				w.setReaderText(t.scale)
			}
		}
	}
	w.layoutChoices(p)
	p.notify = widget.NewCheck(i18n.T("prefs.notify"), func(on bool) { w.prefs.SetBool(prefNotifications, !on) })
	p.notify.SetChecked(!w.prefs.Bool(prefNotifications))
	p.offline = widget.NewSelect(offlineLabels(), nil)
	days, mixed := w.offlineDays()
	for _, c := range offlineChoices {
		if c.days == days && !mixed {
			p.offline.SetSelected(i18n.T(c.id))
		}
	}
	if mixed {
		p.offline.PlaceHolder = i18n.T("prefs.offline.mixed")
	}
	p.offline.OnChanged = func(s string) { w.setOfflineDays(offlineDaysOf(s)) }
	p.senders = w.imageSendersBox()
	p.keepLog = widget.NewCheck(i18n.T("prefs.keep_log"), nil)
	p.keepLog.SetChecked(w.prefs.Bool(prefKeepLog))
	p.keepLog.OnChanged = w.setKeepLog
	p.mailApp = w.defaultAppBox()
	return p
}

// themeChoice is Preferences' Appearance: the system's, light or dark.
func (w *MainWindow) themeChoice(p *preferences) {
	var names []string
	for _, c := range themeChoices {
		names = append(names, i18n.T(c.id))
	}
	p.theme = widget.NewSelect(names, nil)
	cur := w.prefs.String(prefTheme)
	if cur == "" {
		cur = themeSystem
	}
	for _, c := range themeChoices {
		if c.value == cur {
			p.theme.SetSelected(i18n.T(c.id))
		}
	}
	p.theme.OnChanged = func(s string) {
		for _, c := range themeChoices {
			if i18n.T(c.id) == s {
				w.setThemeChoice(c.value)
			}
		}
	}
}

// layoutChoices are Preferences' list density and reading pane.
func (w *MainWindow) layoutChoices(p *preferences) {
	var names []string
	for _, d := range densities {
		names = append(names, i18n.T(d.id))
	}
	p.density = widget.NewSelect(names, nil)
	p.density.SetSelected(densityLabel(w.density()))
	p.density.OnChanged = func(s string) {
		for _, d := range densities {
			if i18n.T(d.id) == s {
				w.setDensity(d.value)
			}
		}
	}
	p.pane = widget.NewSelect([]string{paneRight(), paneBelow()}, nil)
	if w.prefs.Bool(prefReaderBelow) {
		p.pane.SetSelected(paneBelow())
	} else {
		p.pane.SetSelected(paneRight())
	}
	p.pane.OnChanged = func(s string) {
		below := s == paneBelow()
		w.prefs.SetBool(prefReaderBelow, below)
		w.listSplit.Horizontal = !below
		w.listSplit.Refresh()
	}
}

// languageChoice is Preferences' Language: the system's, then every
// language Tern has a catalog for, each by its own name ("Deutsch").
// Tern speaks a new choice after a restart, which it offers in win.
func (w *MainWindow) languageChoice(p *preferences, win fyne.Window) {
	names := []string{i18n.SystemChoice()}
	p.languages = []string{""}
	for _, tag := range i18n.Languages() {
		names = append(names, display.Self.Name(tag))
		p.languages = append(p.languages, tag.String())
	}
	p.language = widget.NewSelect(names, nil)
	cur := w.prefs.language()
	for i, v := range p.languages {
		if v == cur {
			p.language.SetSelected(names[i])
		}
	}
	p.language.OnChanged = func(s string) {
		for i, n := range names {
			if n == s {
				w.chooseLanguage(p.languages[i], win)
			}
		}
	}
}

// chooseLanguage remembers the language chosen and, when Tern would
// speak another one than now, offers to start again in it: the window's
// words are made once, so a change shows after a restart.
func (w *MainWindow) chooseLanguage(choice string, win fyne.Window) {
	if choice == w.prefs.language() {
		return
	}
	w.prefs.SetString(prefLanguage, choice)
	if languageOf(choice) != i18n.Current() {
		w.offerRestart(win)
	}
}

// offerRestart asks in win whether to start again now, to speak the new
// language.
func (w *MainWindow) offerRestart(win fyne.Window) {
	askYesNo(i18n.T("prefs.language.restart.title"), i18n.T("prefs.language.restart"), func(yes bool) {
		if yes {
			w.restart()
		}
	}, win)
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
			tellFailure(w.win, failureSentence(err, i18n.T("prefs.offline.failed")), err)
			return
		}
	}
}

// form lays the preferences out.
func (p *preferences) form() *widget.Form {
	return widget.NewForm(
		widget.NewFormItem(i18n.T("prefs.label.language"), p.language),
		widget.NewFormItem(i18n.T("prefs.label.appearance"), p.theme),
		widget.NewFormItem(i18n.T("prefs.label.text_size"), p.textSize),
		widget.NewFormItem(i18n.T("prefs.label.list"), p.density),
		widget.NewFormItem(i18n.T("prefs.label.pane"), p.pane),
		widget.NewFormItem(i18n.T("prefs.label.notifications"), p.notify),
		widget.NewFormItem(i18n.T("prefs.label.offline"), p.offline),
		widget.NewFormItem(i18n.T("prefs.label.pictures"), p.senders),
		widget.NewFormItem(i18n.T("prefs.label.problems"), p.keepLog),
		widget.NewFormItem(i18n.T("prefs.label.mail_app"), p.mailApp),
	)
}

// showPreferences opens the Preferences window.
func (w *MainWindow) showPreferences() *preferences {
	p := w.newPreferences()
	win := w.app.NewWindow(i18n.T("prefs.title"))
	w.languageChoice(p, win)
	closeBtn := widget.NewButton(i18n.T("dialog.close"), win.Close)
	note := widget.NewLabel(i18n.T("prefs.note"))
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
	add := fyne.NewMenuItem(i18n.T("menu.account.add"), func() { w.addAccount() })
	settings := fyne.NewMenuItem(i18n.T("menu.account.settings"), w.showSettings)
	prefs := fyne.NewMenuItem(i18n.T("menu.account.preferences"), func() { w.showPreferences() })
	prefs.Shortcut = &desktop.CustomShortcut{KeyName: fyne.KeyComma, Modifier: fyne.KeyModifierShortcutDefault}
	w.win.Canvas().AddShortcut(prefs.Shortcut, func(fyne.Shortcut) { w.showPreferences() })
	return fyne.NewMenu(i18n.T("menu.account"), add, settings, fyne.NewMenuItemSeparator(), prefs)
}

// addAccount opens the wizard in a window of its own for one more account.
func (w *MainWindow) addAccount() fyne.Window {
	if w.engine == nil {
		return nil
	}
	win := w.app.NewWindow(i18n.T("wizard.add.title"))
	wz := newWizard(w.engine, Background, false, func(accounts.Account) {
		win.Close()
		Background(w.Reload)
	})
	win.SetContent(wz.widget())
	closeOnEscape(win, win.Close)
	wz.attach(win.Canvas(), true)
	win.Resize(fyne.NewSize(640, 560))
	win.Show()
	return win
}
