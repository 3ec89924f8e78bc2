package gui

import (
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/tern-mail/tern/storage"
)

// searchEntry is the search box: Escape clears it.
type searchEntry struct {
	widget.Entry
}

func newSearchEntry() *searchEntry {
	e := &searchEntry{}
	e.ExtendBaseWidget(e)
	return e
}

// TypedKey clears the box on Escape.
func (e *searchEntry) TypedKey(ev *fyne.KeyEvent) {
	if ev.Name == fyne.KeyEscape {
		e.SetText("")
		return
	}
	e.Entry.TypedKey(ev)
}

// buildSearch makes the search box, its clear button and scope: every
// folder of every account unless "This folder only" is ticked.
func (w *MainWindow) buildSearch() fyne.CanvasObject {
	w.search = newSearchEntry()
	w.search.SetPlaceHolder("Search all mail")
	w.search.ActionItem = widget.NewButtonWithIcon("", theme.CancelIcon(), func() { w.search.SetText("") })
	w.thisFolder = widget.NewCheck("This folder only", nil)
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
	w.serverSearch = widget.NewButtonWithIcon("Also search on the server", theme.SearchIcon(), w.searchServer)
	w.serverSearch.Importance = widget.LowImportance
	w.serverSearch.Hide()
	w.search.OnChanged = func(text string) {
		w.updateServerSearch(text, !w.thisFolder.Checked)
		runSearch()
	}
	w.thisFolder.OnChanged = func(one bool) {
		if one {
			w.search.SetPlaceHolder("Search this folder")
		} else {
			w.search.SetPlaceHolder("Search all mail")
		}
		w.updateServerSearch(w.search.Text, !one)
		runSearch()
	}
	w.noText = widget.NewLabel("")
	w.noText.Wrapping = fyne.TextWrapWord
	w.noText.Alignment = fyne.TextAlignCenter
	w.otherScope = widget.NewButton("", func() { w.thisFolder.SetChecked(!w.thisFolder.Checked) })
	server := widget.NewButtonWithIcon("Search on the server", theme.SearchIcon(), w.searchServer)
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
	where, other := "in any folder", "Search this folder only"
	if w.thisFolder.Checked {
		where, other = "in this folder", "Search all folders"
	}
	w.noText.SetText(fmt.Sprintf("No messages match “%s” %s on this computer.", query, where))
	w.otherScope.SetText(other)
	w.noResult.Show()
}

// folderWord names a result's folder in the list.
func folderWord(m storage.MessageSummary) string {
	if m.FolderRole == storage.RoleInbox {
		return "Inbox"
	}
	return m.FolderName
}
