package gui

import (
	"context"
	"sort"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"github.com/tern-mail/tern/storage"
)

// messageList is the middle pane: the messages of one folder, newest first.
type messageList struct {
	store  *storage.Store
	list   *widget.List
	onOpen func(id int64)
	bg     func(func()) // runs work off the UI goroutine

	mu      sync.Mutex // guards folders, query and allFolders, read off the UI goroutine
	folders []int64    // the folders listed (several for the unified Inbox)

	rows       []storage.MessageSummary // UI goroutine only
	selected   int                      // row index, -1 for none; UI goroutine only
	query      string                   // search text; "" lists the folder
	allFolders bool                     // search every folder of every account
	threads    bool                     // group conversations; UI goroutine only
	inner      map[int64]bool           // rows shown under a newer one of their conversation
}

func newMessageList(st *storage.Store, bg func(func()), onOpen func(int64)) *messageList {
	l := &messageList{store: st, onOpen: onOpen, bg: bg, selected: -1}
	l.list = widget.NewList(
		func() int { return len(l.rows) },
		func() fyne.CanvasObject {
			from := widget.NewLabel("sender")
			from.Truncation = fyne.TextTruncateEllipsis
			date := widget.NewLabel("00:00")
			subject := widget.NewLabel("subject")
			subject.Truncation = fyne.TextTruncateEllipsis
			return container.NewVBox(container.NewBorder(nil, nil, nil, date, from), subject)
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			if i >= len(l.rows) {
				return
			}
			m := l.rows[i]
			box := o.(*fyne.Container)
			top := box.Objects[0].(*fyne.Container)
			from, date := top.Objects[0].(*widget.Label), top.Objects[1].(*widget.Label)
			subject := box.Objects[1].(*widget.Label)
			from.TextStyle = fyne.TextStyle{Bold: !m.Flags.Seen}
			from.SetText(senderText(m.FromName, m.FromAddr))
			date.SetText(shortDate(m.Date, time.Now()))
			s := shownSubject(m.Subject)
			if s == "" {
				s = "(no subject)"
			}
			if m.HasAttachments {
				s = "📎 " + s
			}
			if m.Flags.Flagged {
				s = "⚑ " + s
			}
			if l.inner[m.ID] {
				s = "    ↳ " + s
			}
			subject.TextStyle = fyne.TextStyle{Bold: !m.Flags.Seen}
			subject.SetText(s)
		},
	)
	l.list.OnSelected = func(i widget.ListItemID) {
		if i < len(l.rows) {
			l.selected = i
			l.onOpen(l.rows[i].ID)
		}
	}
	l.list.OnUnselected = func(widget.ListItemID) { l.selected = -1 }
	return l
}

// current returns the selected message.
func (l *messageList) current() (storage.MessageSummary, bool) {
	if l.selected < 0 || l.selected >= len(l.rows) {
		return storage.MessageSummary{}, false
	}
	return l.rows[l.selected], true
}

// step moves the selection up or down.
func (l *messageList) step(d int) {
	n := l.selected + d
	if l.selected < 0 {
		n = 0
	}
	if n >= 0 && n < len(l.rows) {
		l.list.Select(n)
		l.list.ScrollTo(n)
	}
}

// setQuery shows search results for text ("" returns to the folder).
func (l *messageList) setQuery(text string, allFolders bool) {
	l.mu.Lock()
	l.query, l.allFolders = text, allFolders
	l.mu.Unlock()
	l.bg(l.reload)
}

func (l *messageList) widget() fyne.CanvasObject {
	return container.New(layout.NewStackLayout(), l.list)
}

// showFolders switches the list to folders; called on the UI goroutine.
func (l *messageList) showFolders(ids []int64) {
	l.mu.Lock()
	l.folders = ids
	l.mu.Unlock()
	l.list.UnselectAll()
	// A screenful first, at once; the whole folder right after.
	l.bg(func() {
		l.load(storage.FirstPage)
		l.load(0)
	})
}

// reload re-reads the current folder and shows it; any goroutine.
func (l *messageList) reload() { l.load(0) }

// load reads at most limit rows (0: all) of the folder or search and
// shows them.
func (l *messageList) load(limit int) {
	l.mu.Lock()
	folders, query, all := l.folders, l.query, l.allFolders
	l.mu.Unlock()
	if len(folders) == 0 && query == "" {
		return
	}
	var rows []storage.MessageSummary
	var err error
	if query != "" {
		q := storage.SearchQuery{Text: query, Limit: 2000}
		if !all && len(folders) == 1 {
			q.FolderID = folders[0]
		}
		rows, err = l.store.Search(context.Background(), q)
	} else {
		rows, err = l.store.ListMessages(context.Background(), storage.ListQuery{FolderIDs: folders, Limit: limit})
	}
	if err != nil {
		fyne.LogError("list messages", err)
		return
	}
	fyne.Do(func() {
		l.mu.Lock()
		current, currentQuery := l.folders, l.query
		l.mu.Unlock()
		if !sameIDs(current, folders) || currentQuery != query {
			return // the user moved on
		}
		// Keep the selected message selected, wherever it moved.
		var keep int64
		if m, ok := l.current(); ok {
			keep = m.ID
		}
		if l.threads {
			rows, l.inner = groupThreads(rows)
		} else {
			l.inner = nil
		}
		l.rows = rows
		l.selected = -1
		for i, m := range rows {
			if m.ID == keep {
				l.selected = i
			}
		}
		l.list.Refresh()
	})
}

// shortDate shows today's mail by time, this year's by day and month.
func shortDate(t, now time.Time) string {
	switch {
	case t.IsZero():
		return ""
	case t.Year() == now.Year() && t.YearDay() == now.YearDay():
		return t.Local().Format("15:04")
	case t.Year() == now.Year():
		return t.Local().Format("2 Jan")
	}
	return t.Local().Format("2 Jan 2006")
}

func sameIDs(a, b []int64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// merge adds rows found elsewhere (the server's search) to what is shown,
// newest first, each once; on the UI goroutine.
func (l *messageList) merge(extra []storage.MessageSummary) {
	have := map[int64]bool{}
	for _, m := range l.rows {
		have[m.ID] = true
	}
	for _, m := range extra {
		if !have[m.ID] {
			l.rows = append(l.rows, m)
			have[m.ID] = true
		}
	}
	sort.SliceStable(l.rows, func(i, j int) bool { return l.rows[i].Date.After(l.rows[j].Date) })
	l.selected = -1
	l.list.UnselectAll()
	l.list.Refresh()
}

// setThreads turns conversation grouping on or off; UI goroutine.
func (l *messageList) setThreads(on bool) {
	l.threads = on
	l.bg(l.reload)
}
