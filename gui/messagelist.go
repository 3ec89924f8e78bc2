package gui

import (
	"context"
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

	mu     sync.Mutex // guards folder, read off the UI goroutine
	folder int64

	rows []storage.MessageSummary // UI goroutine only
}

func newMessageList(st *storage.Store, bg func(func()), onOpen func(int64)) *messageList {
	l := &messageList{store: st, onOpen: onOpen, bg: bg}
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
			from.SetText(m.From())
			date.SetText(shortDate(m.Date, time.Now()))
			s := m.Subject
			if s == "" {
				s = "(no subject)"
			}
			if m.HasAttachments {
				s = "📎 " + s
			}
			subject.TextStyle = fyne.TextStyle{Bold: !m.Flags.Seen}
			subject.SetText(s)
		},
	)
	l.list.OnSelected = func(i widget.ListItemID) {
		if i < len(l.rows) {
			l.onOpen(l.rows[i].ID)
		}
	}
	return l
}

func (l *messageList) widget() fyne.CanvasObject {
	return container.New(layout.NewStackLayout(), l.list)
}

// showFolder switches the list to a folder; called on the UI goroutine.
func (l *messageList) showFolder(f storage.Folder) {
	l.mu.Lock()
	l.folder = f.ID
	l.mu.Unlock()
	l.list.UnselectAll()
	l.bg(l.reload)
}

// reload re-reads the current folder and shows it; any goroutine.
func (l *messageList) reload() {
	l.mu.Lock()
	folder := l.folder
	l.mu.Unlock()
	if folder == 0 {
		return
	}
	rows, err := l.store.ListMessages(context.Background(), storage.ListQuery{FolderIDs: []int64{folder}})
	if err != nil {
		fyne.LogError("list messages", err)
		return
	}
	fyne.Do(func() {
		l.mu.Lock()
		current := l.folder
		l.mu.Unlock()
		if current != folder {
			return // the user moved on
		}
		l.rows = rows
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
