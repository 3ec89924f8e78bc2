package gui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"

	"github.com/tern-mail/tern/assets/i18n"
)

// Preference keys for how the window is laid out.
const (
	prefSplitFolders = "window.split.folders"
	prefSplitList    = "window.split.list"
	prefReaderBelow  = "view.readerBelow"
)

// viewMenu lets the user place the reading pane and group conversations.
func (w *MainWindow) viewMenu() *fyne.Menu {
	p := w.prefs
	below := fyne.NewMenuItem(i18n.T("menu.view.pane_below"), nil)
	below.Checked = p.Bool(prefReaderBelow)
	var menu *fyne.Menu
	threads := w.conversationsItem(func() { menu.Refresh() })
	below.Action = func() {
		below.Checked = !below.Checked
		p.SetBool(prefReaderBelow, below.Checked)
		w.listSplit.Horizontal = !below.Checked
		w.listSplit.Refresh()
		menu.Refresh()
	}
	folders := fyne.NewMenuItem(i18n.T("menu.view.folder_pane"), nil)
	folders.Checked = w.folderPaneShown()
	folders.Shortcut = &desktop.CustomShortcut{KeyName: fyne.KeyF9}
	folders.Action = func() {
		w.showFolderPane(!w.folderPaneShown())
		folders.Checked = w.folderPaneShown()
		menu.Refresh()
	}
	labels := fyne.NewMenuItem(i18n.T("menu.view.toolbar_labels"), nil)
	labels.Checked = !p.Bool(prefToolbarNoLabels)
	labels.Action = func() {
		labels.Checked = !labels.Checked
		p.SetBool(prefToolbarNoLabels, !labels.Checked)
		w.bar.setLabels(labels.Checked)
		menu.Refresh()
	}
	density := fyne.NewMenuItem(i18n.T("menu.view.density"), nil)
	var choices []*fyne.MenuItem
	for _, c := range densities {
		d := c.value
		it := fyne.NewMenuItem(i18n.T(c.id), nil)
		it.Action = func() {
			w.setDensity(d)
			for _, c := range choices {
				c.Checked = c == it
			}
			menu.Refresh()
		}
		it.Checked = d == w.density()
		choices = append(choices, it)
	}
	density.ChildMenu = fyne.NewMenu("", choices...)
	w.densityItems = choices
	items := []*fyne.MenuItem{below, threads, folders, labels, density, fyne.NewMenuItemSeparator()}
	items = append(items, w.zoomItems()...)
	menu = fyne.NewMenu(i18n.T("menu.view"), items...)
	return menu
}

// restoreLayout applies the remembered splits and view choices.
func (w *MainWindow) restoreLayout() {
	p := w.prefs
	w.folderSplit.Offset = p.FloatWithFallback(prefSplitFolders, 0.2)
	w.listSplit.Offset = p.FloatWithFallback(prefSplitList, 0.42)
	w.listSplit.Horizontal = !p.Bool(prefReaderBelow)
	w.list.threads = true // until a folder is shown (conversationsFor)
	w.list.density = w.density()
}

// density is the message list's remembered density, compact by default.
func (w *MainWindow) density() string {
	switch d := w.prefs.String(prefDensity); d {
	case densityComfortable, densityPreview:
		return d
	}
	return densityCompact
}

// setDensity lays the list out in density, remembers it and ticks it in
// View > Density.
func (w *MainWindow) setDensity(d string) {
	w.prefs.SetString(prefDensity, d)
	w.list.setDensity(d)
	for _, it := range w.densityItems {
		it.Checked = it.Label == densityLabel(d)
	}
}

// rememberLayout keeps the splits for next time.
func (w *MainWindow) rememberLayout() {
	p := w.prefs
	p.SetFloat(prefSplitFolders, w.folderSplit.Offset)
	p.SetFloat(prefSplitList, w.listSplit.Offset)
}
