package gui

import (
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/tern-mail/tern/assets/i18n"
	"github.com/tern-mail/tern/storage"
)

// searchEntry is the search box: Escape clears it, and the window's keys
// (F6, Shift+F6, F9, F10) and shortcuts (zoom, Ctrl+1..9) still reach the
// window while it has the focus.
type searchEntry struct {
	widget.Entry
	key      func(*fyne.KeyEvent) bool // the window's keys
	shortcut func(fyne.Shortcut)       // the window's shortcuts
}

func newSearchEntry() *searchEntry {
	e := &searchEntry{}
	e.ExtendBaseWidget(e)
	return e
}

// TypedKey clears the box on Escape and gives the window its keys.
func (e *searchEntry) TypedKey(ev *fyne.KeyEvent) {
	switch ev.Name {
	case fyne.KeyEscape:
		e.SetText("")
		return
	case fyne.KeyF6, fyne.KeyF9, fyne.KeyF10:
		if e.key != nil && e.key(ev) {
			return
		}
	}
	e.Entry.TypedKey(ev)
}

// TypedShortcut gives the window the Ctrl+key shortcuts the box has no
// use of (zoom and Ctrl+1..9); the box keeps its editing ones.
func (e *searchEntry) TypedShortcut(s fyne.Shortcut) {
	if c, ok := s.(*desktop.CustomShortcut); ok && e.shortcut != nil && windowShortcut(c) {
		e.shortcut(s)
		return
	}
	e.Entry.TypedShortcut(s)
}

// windowShortcut tells whether s is one of the window's Ctrl+key
// shortcuts that a text box must pass on.
func windowShortcut(s *desktop.CustomShortcut) bool {
	if s.Modifier&fyne.KeyModifierShortcutDefault == 0 {
		return false
	}
	switch s.KeyName {
	case fyne.KeyPlus, fyne.KeyMinus, fyne.KeyEqual, fyne.Key0, fyne.Key1, fyne.Key2, fyne.Key3,
		fyne.Key4, fyne.Key5, fyne.Key6, fyne.Key7, fyne.Key8, fyne.Key9:
		return true
	}
	return false
}

// buildSearch makes the search box, its clear button and scope: every
// folder of every account unless "This folder only" is ticked.
func (w *MainWindow) buildSearch() fyne.CanvasObject {
	w.search = newSearchEntry()
	w.search.SetPlaceHolder(i18n.T("search.placeholder.all"))
	w.search.ActionItem = widget.NewButtonWithIcon("", theme.CancelIcon(), func() { w.search.SetText("") })
	w.thisFolder = widget.NewCheck(i18n.T("search.this_folder"), nil)
	runSearch := func() {
		text, all := strings.TrimSpace(w.search.Text), !w.thisFolder.Checked
		if w.debounce != nil {
			w.debounce.Stop()
		}
		if text == "" {
			w.list.setQuery("", all) // clearing shows the folder at once
			return
		}
		// Search as the user types, once they pause.
		w.debounce = time.AfterFunc(250*time.Millisecond, func() { w.list.setQuery(text, all) })
	}
	w.serverSearch = widget.NewButtonWithIcon(i18n.T("search.server.also"), theme.SearchIcon(), w.searchServer)
	w.serverSearch.Importance = widget.LowImportance
	w.serverSearch.Hide()
	w.search.OnChanged = func(text string) {
		w.updateServerSearch(text, !w.thisFolder.Checked)
		runSearch()
	}
	w.thisFolder.OnChanged = func(one bool) {
		if one {
			w.search.SetPlaceHolder(i18n.T("search.placeholder.folder"))
		} else {
			w.search.SetPlaceHolder(i18n.T("search.placeholder.all"))
		}
		w.updateServerSearch(w.search.Text, !one)
		runSearch()
	}
	w.noText = widget.NewLabel("")
	w.noText.Wrapping = fyne.TextWrapWord
	w.noText.Alignment = fyne.TextAlignCenter
	w.otherScope = widget.NewButton("", func() { w.thisFolder.SetChecked(!w.thisFolder.Checked) })
	server := widget.NewButtonWithIcon(i18n.T("search.server.button"), theme.SearchIcon(), w.searchServer)
	w.noResult = container.NewVBox(w.noText, container.NewCenter(container.NewHBox(w.otherScope, server)))
	w.noResult.Hide()
	return container.NewVBox(container.NewBorder(nil, nil, nil, w.thisFolder, w.search), w.serverSearch)
}

// searchResult says so when a search found nothing, and offers the other
// scope and the server; UI goroutine.
func (w *MainWindow) searchResult(query string, n int) {
	if query == "" || n > 0 {
		w.noResult.Hide()
		return
	}
	none, other := "search.none.all", "search.scope.folder"
	if w.thisFolder.Checked {
		none, other = "search.none.folder", "search.scope.all"
	}
	w.noText.SetText(i18n.T(none, i18n.Args{"Query": query}))
	w.otherScope.SetText(i18n.T(other))
	w.noResult.Show()
}

// folderWord names a result's folder in the list: a special folder by
// its role, as the folder pane does.
func folderWord(m storage.MessageSummary) string {
	if n := roleName(m.FolderRole); n != "" {
		return n
	}
	return m.FolderName
}
