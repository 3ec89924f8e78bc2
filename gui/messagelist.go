package gui

import (
	"context"
	"maps"
	"sort"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"github.com/tern-mail/tern/assets/i18n"
	"github.com/tern-mail/tern/storage"
)

// messageList is the middle pane: the messages of one folder, newest first.
type messageList struct {
	store  *storage.Store
	list   *keyList
	onOpen func(id int64)
	// onClear empties the reader when no message is selected any more.
	onClear func()
	// onKey handles keys the list has no use of (Delete, A); it reports
	// whether it used the key.
	onKey func(*fyne.KeyEvent) bool
	quiet bool         // a selection made to follow a reload: the reader shows it already
	bg    func(func()) // runs work off the UI goroutine
	// onMany shows that several messages are selected; onMenu offers the
	// message menu at a position.
	onMany func(n int)
	onMenu func(pos fyne.Position)
	mods   fyne.KeyModifier // held at the last press on a row; UI goroutine only
	anchor int              // row of the last plain click, where Shift ranges start
	marked map[int64]bool   // messages selected together (nil: just the current one)
	prev   int              // the row selected before the list unselected it for another
	// onDrop gets the end of a drag of the selection: the pointer's
	// absolute position and whether to copy.
	onDrop     func(pos fyne.Position, copy bool)
	onResult   func(query string, n int) // a search's rows are shown
	onRows     func()                    // the rows or the selection changed; may be nil
	shownQuery string                    // the search whose rows are shown; UI goroutine only
	dragging   bool                      // UI goroutine only
	dragPos    fyne.Position             // last position of the drag

	mu      sync.Mutex // guards folders, query, allFolders, want, searchWant and selectAllRead, read off the UI goroutine
	folders []int64    // the folders listed (several for the unified Inbox)
	// want is how many rows of the folders to read: a page at first, a
	// page more each time the user scrolls near the end of those read, so
	// that a folder of 100,000 messages costs the memory of what was seen.
	want int
	// searchWant is the same for the search shown: a page of the newest
	// matches first, which is what a search costs until the user scrolls.
	searchWant int
	// more says the last read of the folders or the search filled its limit: there may
	// be more rows; growing, that a read of more is under way. UI
	// goroutine only.
	more, growing bool
	// selectAllRead says Select all waits for the rest of the rows to be
	// read. Any other change of the selection, folder or search, or a
	// failed read, cancels it.
	selectAllRead bool

	rows       []storage.MessageSummary // UI goroutine only
	selected   int                      // row index, -1 for none; UI goroutine only
	query      string                   // search text; "" lists the folder
	allFolders bool                     // search every folder of every account
	threads    bool                     // group conversations; written under mu on the UI goroutine
	density    string                   // densityCompact (""), densityComfortable or densityPreview
	inner      map[int64]bool           // rows shown under their conversation's
	conv       convState                // conversations.go
}

func newMessageList(st *storage.Store, bg func(func()), onOpen func(int64)) *messageList {
	l := &messageList{store: st, onOpen: onOpen, onClear: func() {}, onMany: func(int) {}, bg: bg, selected: -1, anchor: -1}
	l.list = newKeyList(
		func(ev *fyne.KeyEvent) bool { return l.convKey(ev) || l.onKey != nil && l.onKey(ev) },
		func() int { return len(l.rows) },
		func() fyne.CanvasObject { return newMsgRow(l, newRowView(l)) },
		func(i widget.ListItemID, o fyne.CanvasObject) {
			if i >= len(l.rows) {
				return
			}
			l.growNear(i)
			m := l.rows[i]
			row := o.(*msgRow)
			row.index = i
			row.bg.Hidden = !l.marked[m.ID]
			row.bg.Refresh()
			v := row.content.(*rowView)
			v.unread, v.flagged, v.attached, v.indent = !m.Flags.Seen, m.Flags.Flagged, m.HasAttachments, l.inner[m.ID]
			if m.Outgoing() {
				v.sender, v.senderTail = shownSubject(m.Recipients()), ""
			} else {
				v.sender, v.senderTail = senderParts(m.FromName, m.FromAddr)
			}
			if l.query != "" {
				v.date = folderWord(m) + " · " + shortDate(m.Date, time.Now())
			} else {
				v.date = shortDate(m.Date, time.Now())
			}
			v.subject = shownSubject(m.Subject)
			if v.subject == "" {
				v.subject = i18n.T("message.no_subject")
			}
			v.preview = m.Snippet
			l.decorateConvRow(m, v)
			v.Refresh()
		},
	)
	l.list.OnSelected = func(i widget.ListItemID) {
		if i < len(l.rows) {
			if l.quiet {
				l.selected = i
				return
			}
			open := l.clicked(i)
			l.selected = i
			if open {
				l.onOpen(l.rows[i].ID)
			}
			l.rowsChanged()
		}
	}
	l.list.OnUnselected = func(widget.ListItemID) { l.prev, l.selected = l.selected, -1 }
	return l
}

// setDensity lays the rows out as density says (see rowView).
func (l *messageList) setDensity(density string) {
	l.density = density
	l.list.Refresh()
}

// rowsChanged tells onRows, when set.
func (l *messageList) rowsChanged() {
	if l.onRows != nil {
		l.onRows()
	}
}

// current returns the selected message.
func (l *messageList) current() (storage.MessageSummary, bool) {
	if l.selected < 0 || l.selected >= len(l.rows) {
		return storage.MessageSummary{}, false
	}
	return l.rows[l.selected], true
}

// selectedIDs returns the ids of the selected messages.
func (l *messageList) selectedIDs() []int64 {
	if l.marked != nil {
		return l.convIDs(l.markedIDs())
	}
	if m, ok := l.current(); ok {
		return l.convIDs([]int64{m.ID})
	}
	return nil
}

// step moves the selection up or down.
func (l *messageList) step(d int) {
	l.cancelSelectAll()
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
	if text != l.query || allFolders != l.allFolders {
		l.searchWant = storage.FirstPage // a new search starts with a page
		l.selectAllRead = false
	}
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
	l.folders, l.want, l.searchWant = ids, storage.FirstPage, storage.FirstPage
	l.selectAllRead = false
	l.mu.Unlock()
	l.list.UnselectAll()
	l.rows, l.marked, l.anchor, l.prev = nil, nil, -1, -1
	l.more, l.growing = false, false
	l.list.Refresh()
	l.onClear()
	// A page, at once; more as the user scrolls (growNear).
	l.bg(l.reload)
}

// allRows is a want that reads every row: Select all asks for it.
const allRows = 1 << 30

// listPage is how many rows more the list reads when the user scrolls
// near the end of those it has.
const listPage = 1000

// growNear reads a page more of the folder or the search when row i,
// about to be shown, is near the end of the rows read and there may be
// more; UI goroutine.
func (l *messageList) growNear(i int) {
	if !l.more || l.growing || i < len(l.rows)-storage.FirstPage/2 {
		return
	}
	l.mu.Lock()
	if l.query != l.shownQuery {
		l.mu.Unlock()
		return // the rows shown are of a search (or folder) being replaced
	}
	if l.query != "" {
		l.searchWant = len(l.rows) + listPage
	} else {
		l.want = len(l.rows) + listPage
	}
	l.mu.Unlock()
	l.growing = true
	l.bg(l.reload)
}

// reload re-reads the rows of the current folder the list has read so
// far (or the search) and shows them; any goroutine.
func (l *messageList) reload() {
	l.mu.Lock()
	folders, query, all, grouped := l.folders, l.query, l.allFolders, l.threads
	limit := l.want
	if query != "" {
		limit = l.searchWant
	}
	l.mu.Unlock()
	l.load(folders, query, all, grouped, max(limit, storage.FirstPage))
}

// load reads at most limit rows of folders, or of the search query (in
// every folder when all is set), and shows them, by conversation when
// grouped.
func (l *messageList) load(folders []int64, query string, all, grouped bool, limit int) {
	if len(folders) == 0 && query == "" {
		return
	}
	var rows []storage.MessageSummary
	var err error
	if query != "" {
		q := storage.SearchQuery{Text: query, Limit: limit}
		if !all {
			q.FolderIDs = folders
		}
		rows, err = l.store.Search(context.Background(), q)
	} else if !grouped {
		rows, err = l.store.ListMessages(context.Background(), storage.ListQuery{FolderIDs: folders, Limit: limit})
	}
	var page *convPage
	if err == nil && grouped {
		page, err = l.conversationsOf(rows, query, folders, limit)
	}
	if err != nil {
		fyne.LogError("list messages", err)
		fyne.Do(func() {
			l.growing = false
			l.cancelSelectAll()
		})
		return
	}
	fyne.Do(func() {
		l.mu.Lock()
		current, currentQuery := l.folders, l.query
		l.mu.Unlock()
		l.growing = false
		if !sameIDs(current, folders) || currentQuery != query {
			return // the user moved on
		}
		rows, read := l.showConvPage(page, rows)
		l.more = limit > 0 && read >= limit
		// A new search starts with nothing selected unless the message
		// shown is among its results.
		follow := query == l.shownQuery
		l.shownQuery = query
		l.replaceRows(rows, follow)
		if l.onResult != nil {
			l.onResult(query, len(rows))
		}
		l.mu.Lock()
		selectAll := l.selectAllRead && !l.more
		if selectAll {
			l.selectAllRead = false
		}
		l.mu.Unlock()
		if selectAll {
			l.selectAll()
		}
	})
}

// replaceRows shows rows and keeps the highlighted row and the reader on
// the same message: the one shown, wherever it moved; when it is gone, the
// one that took its place (as Thunderbird does) when follow is set, else
// none. UI goroutine.
func (l *messageList) replaceRows(rows []storage.MessageSummary, follow bool) {
	defer l.rowsChanged()
	old := l.selected
	var keep int64
	if m, ok := l.current(); ok {
		keep = m.ID
	}
	hadMany, oldRows, oldMarked := l.marked != nil, l.rows, maps.Clone(l.marked)
	l.rows = rows
	l.selected, l.prev = -1, -1
	l.keepMarked()
	l.list.Refresh()
	if l.marked != nil {
		l.onMany(len(l.marked)) // some of the selection is still listed
	}
	if keep == 0 {
		l.list.UnselectAll()
		if hadMany && l.marked == nil {
			l.onClear()
		}
		return
	}
	for i, m := range rows {
		if m.ID == keep {
			l.quiet = true
			l.list.Select(i)
			l.quiet = false
			l.selected = i
			if hadMany && l.marked == nil {
				l.onOpen(keep) // the reader said "n selected"
			}
			return
		}
	}
	l.list.UnselectAll()
	if len(rows) == 0 || !follow {
		l.onClear()
		return
	}
	next := nextAfterGone(oldRows, rows, old, oldMarked)
	if next < 0 {
		next = min(old, len(rows)-1)
	}
	l.list.Select(next) // opens it
}

// keyList is a list that passes the keys it has no use of to the window,
// so Delete works while it has focus.
type keyList struct {
	widget.List
	key   func(*fyne.KeyEvent) bool
	focus func(in bool) // the list gained (in) or lost the focus; may be nil
}

func newKeyList(key func(*fyne.KeyEvent) bool, length func() int, create func() fyne.CanvasObject,
	update func(widget.ListItemID, fyne.CanvasObject)) *keyList {
	l := &keyList{key: key}
	l.Length, l.CreateItem, l.UpdateItem = length, create, update
	l.ExtendBaseWidget(l)
	return l
}

// TypedKey gives the list its keys and the window the others.
func (l *keyList) TypedKey(ev *fyne.KeyEvent) {
	switch ev.Name {
	case fyne.KeyDelete, fyne.KeyBackspace, fyne.KeyA, fyne.KeyF6, fyne.KeyF9, fyne.KeyF10, fyne.KeyEscape,
		fyne.KeyUp, fyne.KeyDown, // arrows select and show, not just move a focus mark
		fyne.KeyPageUp, fyne.KeyPageDown, fyne.KeyHome, fyne.KeyEnd,
		fyne.KeyRight, fyne.KeyLeft: // and open and close conversations
		if l.key(ev) {
			return
		}
	}
	l.List.TypedKey(ev)
}

// shortDate shows today's mail by time, this year's by day and month
// (i18n.ShortDate), and nothing for a message without a date.
func shortDate(t, now time.Time) string {
	if t.IsZero() {
		return ""
	}
	return i18n.ShortDate(t, now)
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
	rows := append([]storage.MessageSummary(nil), l.rows...)
	for _, m := range rows {
		have[m.ID] = true
	}
	for _, m := range extra {
		if !have[m.ID] {
			rows = append(rows, m)
			have[m.ID] = true
		}
	}
	sort.SliceStable(rows, func(i, j int) bool { return rows[i].Date.After(rows[j].Date) })
	// Reading a page more would bring back only the local results and
	// drop the server's.
	l.more = false
	l.replaceRows(rows, true)
}

// setThreads turns conversation grouping on or off; UI goroutine.
func (l *messageList) setThreads(on bool) {
	l.mu.Lock()
	l.threads = on
	l.mu.Unlock()
	l.bg(l.reload)
}
