package gui

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/tern-mail/tern/accounts"
	"github.com/tern-mail/tern/assets/i18n"
	"github.com/tern-mail/tern/storage"
	"github.com/tern-mail/tern/storage/message"
)

// MainWindow is Tern's main window: folders, the message list and the
// reading pane, or the empty state while there are no accounts.
type MainWindow struct {
	app     fyne.App
	win     fyne.Window
	manager *accounts.Manager
	store   *storage.Store

	engine       Engine
	info         Info
	wiz          *wizard
	folders      *folderPane
	list         *messageList
	bar          *toolbar         // the buttons over the panes
	densityItems []*fyne.MenuItem // View > Density choices
	reader       *reader
	search       *searchEntry
	outbox       *outboxView
	// thisFolder narrows a search to the open folder; noResult says a
	// search found nothing and offers the other scope and the server.
	thisFolder *widget.Check
	noResult   *fyne.Container
	noText     *widget.Label
	otherScope *widget.Button
	status     *widget.Label
	details    *widget.Button
	progress   *widget.ProgressBar // during a sync
	notices    *noticeBar
	undo       *undoBar
	undos      []storage.Undo // the actions that can be undone, oldest first; UI goroutine only
	// ask, when set, answers confirmations instead of a dialog (tests).
	ask func(question string) bool
	// heldKeys, when set, says which modifier keys are held (tests).
	heldKeys func() fyne.KeyModifier

	serverSearch *widget.Button // shown when some bodies are only on the server
	creds        *credentialBar // an account whose password or sign-in was refused

	folderSplit, listSplit *container.Split
	middle                 *fyne.Container          // the panes, with or without folders
	readerPane             *container.ThemeOverride // the reader's own text size
	marks                  *focusMarks              // the outline round the pane with the focus
	baseTheme              fyne.Theme               // the theme zoom and colour choices start from
	prefs                  *prefs                   // what the window remembers, in the profile
	problem                error                    // shown by details; UI goroutine only
	debounce               *time.Timer
	body                   *fyne.Container // swaps between the empty state and the panes
	panes                  fyne.CanvasObject
	empty                  fyne.CanvasObject

	trayItem   *fyne.MenuItem
	trayMenu   *fyne.Menu
	lastUnread int   // -1 until the first reload
	newestSeen int64 // id of the newest inbox message announced or shown
	sent       sentNote
	// defaultAppAsked: this window asked to be the mail app (defaultmail.go).
	defaultAppAsked bool

	sub *storage.Subscription
	// reloaded, if set, hears each change once the window shows it (tests
	// synchronise on it).
	reloaded func(storage.Change)
	stop     chan struct{}
	once     sync.Once
	wg       sync.WaitGroup
	loadMu   sync.Mutex // one reload at a time, in order
}

// Background runs f off the UI goroutine. Tests replace it with one that
// runs f at once, so what they check has happened when they check it.
var Background = func(f func()) { go f() }

// NewMainWindow builds the window over m's accounts and store; eng (may be
// nil for a read-only window) acts on mail and runs the account wizard
// shown while there is no account. Call Start to follow store changes.
func NewMainWindow(a fyne.App, m *accounts.Manager, eng Engine, info Info) *MainWindow {
	w := &MainWindow{
		app:        a,
		win:        a.NewWindow(info.Name),
		manager:    m,
		store:      m.Store(),
		engine:     eng,
		info:       info,
		stop:       make(chan struct{}),
		lastUnread: -1,
	}
	var damage *prefsDamage
	w.prefs, damage = loadPrefs(m.ProfileDir())
	useLanguage(languagesWanted(w.prefs.language())...) // before the window's first word
	w.tellPrefsDamage(damage)
	w.reader = newReader(w.store, eng, Background, func() fyne.Window { return w.win })
	w.reader.prefs, w.reader.compose = w.prefs, func(d message.Draft) { w.compose(d, "") }
	w.reader.onPrint = w.printFrom(w.reader, func() fyne.Window { return w.win })
	w.list = newMessageList(w.store, Background, w.openRow)
	w.list.conv.own = w.ownAddress
	w.list.onClear = w.reader.clear
	w.list.onDrop = w.dropOn
	w.list.onResult = func(query string, n int) {
		w.searchResult(query, n)
		if query == "" && info.ListShown != nil {
			info.ListShown(n)
		}
	}
	w.list.onMany = func(n int) { w.reader.many(n, w.manyActions()) }
	w.reader.onKey = w.windowKey
	w.list.onMenu = func(pos fyne.Position) {
		widget.ShowPopUpMenuAtPosition(w.messageMenu(), w.win.Canvas(), pos)
	}
	w.outbox = newOutboxView(w)
	w.folders = newFolderPane(func(ids []int64) {
		w.showOutbox(false)
		w.conversationsFor(ids)
		w.list.showFolders(ids)
	})
	w.folders.onOutbox = func() { w.showOutbox(true) }
	w.folders.onMenu = func(pos fyne.Position) {
		widget.ShowPopUpMenuAtPosition(w.folderContextMenu(), w.win.Canvas(), pos)
	}
	searchBox := w.buildSearch()
	w.marks = newFocusMarks()
	listPane := container.NewBorder(searchBox, nil, nil, nil, framed(container.NewStack(w.list.widget(), w.noResult, w.outbox.box), w.marks.list))
	right := container.NewHSplit(w.paneSized(listPane, minListPane), w.paneSized(framed(w.wrapReader(w.reader.widget()), w.marks.reader), minReaderPane))
	split := container.NewHSplit(w.paneSized(framed(w.folders.widget(), w.marks.folders), folderPaneLeast()), right)
	w.folderSplit, w.listSplit = split, right
	w.middle = container.NewStack(split)
	w.restoreLayout()
	w.status = widget.NewLabel("")
	w.status.Truncation = fyne.TextTruncateEllipsis
	w.details = widget.NewButton(i18n.T("status.details"), func() {
		if w.problem != nil {
			showInfo(i18n.T("status.details.title"), w.problem.Error(), w.win)
		}
	})
	w.details.Importance = widget.LowImportance
	w.details.Hide()
	w.progress = widget.NewProgressBar()
	w.progress.Hide()
	creds, _ := eng.(Credentials)
	w.creds = newCredentialBar(creds, Background, func() fyne.Window { return w.win })
	w.creds.askPassword = func(a accounts.Account) { w.showSettingsOf(a, true) }
	statusBar := container.NewBorder(w.creds.box, nil, nil, container.NewHBox(w.progress, w.details), w.status)
	w.undo = newUndoBar(w.undoLast)
	statusBar = container.NewVBox(w.undo.widget(), statusBar)
	w.notices = newNoticeBar(w.store, func() fyne.Window { return w.win }, func(id string) string {
		if a, err := w.manager.Get(id); err == nil {
			return a.Address
		}
		return ""
	})
	w.panes = container.NewBorder(container.NewVBox(w.installActions(), w.notices.widget()), statusBar, nil, nil, w.middle)
	w.layoutFolderPane()
	w.startTheme()
	if eng != nil {
		w.wiz = newWizard(eng, Background, len(m.List()) == 0, func(accounts.Account) { go w.Reload() })
		w.empty = w.wiz.widget()
	} else {
		w.empty = emptyState()
	}
	w.body = container.NewStack(w.empty)
	w.win.SetContent(w.body)
	if w.wiz != nil {
		w.wiz.attach(w.win.Canvas(), len(m.List()) == 0)
	}
	w.win.SetIcon(Icon)
	w.restoreSize()
	w.setupTray()
	w.win.SetCloseIntercept(func() {
		w.remember()
		w.win.Close()
	})
	w.Reload()
	return w
}

// Window returns the Fyne window.
func (w *MainWindow) Window() fyne.Window { return w.win }

// Start follows the store: every change notification reloads what the
// window shows, off the UI goroutine.
func (w *MainWindow) Start() {
	w.sub = w.store.Subscribe()
	w.wg.Add(1)
	go func() {
		defer w.wg.Done()
		for {
			select {
			case <-w.stop:
				return
			case c := <-w.sub.C():
				w.reload(c)
			}
		}
	}()
}

// Stop ends Start's goroutine.
func (w *MainWindow) Stop() {
	w.once.Do(func() {
		close(w.stop)
		if w.sub != nil {
			w.sub.Close()
		}
	})
	w.wg.Wait()
}

// snapshot is what a reload reads from the store.
type snapshot struct {
	accounts []accounts.Account
	folders  []storage.Folder
	progress []storage.Progress
	notices  []storage.Notice // not dismissed yet, oldest first
	outbox   int
	sent     string                  // what became of the last message sent
	offline  []string                // accounts whose server cannot be reached
	problem  error                   // the last error, if any
	sentErr  error                   // the server's words refusing the last message sent, for Details
	blocked  map[string]error        // accounts whose logins wait for the user
	newest   *storage.MessageSummary // newest message in the inboxes
	trouble  storage.Trouble         // the computer cannot keep mail (trouble.go)
	err      error
}

func inboxIDs(fs []storage.Folder) []int64 {
	var ids []int64
	for _, f := range fs {
		if f.Role == storage.RoleInbox {
			ids = append(ids, f.ID)
		}
	}
	return ids
}

// Reload re-reads accounts and folders from the store and updates the
// widgets on the UI goroutine. It may be called from any goroutine.
func (w *MainWindow) Reload() { w.reload(^storage.Change(0)) }

// reload refreshes what a change touches: the message list only when
// messages changed (progress notices come after every batch of a sync).
func (w *MainWindow) reload(c storage.Change) {
	w.loadMu.Lock()
	defer w.loadMu.Unlock()
	snap := snapshot{accounts: w.manager.List()}
	snap.folders, snap.err = w.store.Folders(context.Background(), "")
	snap.progress = w.store.Progress()
	snap.trouble = w.store.Trouble()
	if inbox := inboxIDs(snap.folders); len(inbox) > 0 {
		if l, err := w.store.ListMessages(context.Background(), storage.ListQuery{FolderIDs: inbox, Limit: 1}); err == nil && len(l) > 0 {
			snap.newest = &l[0]
		}
	}
	if ns, err := w.store.Notices(context.Background()); err == nil {
		snap.notices = ns
	} else {
		fyne.LogError("read notices", err)
	}
	for _, a := range snap.accounts {
		c := w.store.ConnectionOf(a.ID)
		if c.Blocked != nil {
			if snap.blocked == nil {
				snap.blocked = map[string]error{}
			}
			snap.blocked[a.ID] = c.Blocked
			continue // not offline: waiting for its password, which the credentials bar asks for
		}
		if c.Known && !c.Online {
			snap.offline = append(snap.offline, a.Address)
		}
		if c.Err != nil {
			snap.problem = c.Err
		} else if c.SendErr != nil {
			snap.problem = c.SendErr
		}
	}
	if w.engine != nil {
		snap.outbox = w.engine.OutboxCount(context.Background())
	}
	snap.sent, snap.sentErr = w.sentStatus(), w.sentRefusal()
	fyne.Do(func() { w.apply(snap) })
	if c&(storage.ChangeMessages|storage.ChangeAccounts) != 0 {
		w.list.reload()
	}
	if w.reloaded != nil {
		w.reloaded(c)
	}
}

// apply shows snap; it runs on the UI goroutine.
func (w *MainWindow) apply(s snapshot) {
	if len(s.accounts) == 0 {
		w.body.Objects = []fyne.CanvasObject{w.empty}
		w.body.Refresh()
		return
	}
	if s.err != nil {
		fyne.LogError("reload folders", s.err)
	}
	w.folders.outbox = s.outbox
	w.folders.set(s.accounts, s.folders, w.lastFolder)
	if w.outbox.box.Visible() {
		w.outbox.reload()
	}
	w.announce(s.folders, s.newest)
	if len(w.body.Objects) != 1 || w.body.Objects[0] != w.panes {
		w.body.Objects = []fyne.CanvasObject{w.panes}
		w.body.Refresh()
	}
	w.offerDefaultApp()
	w.win.SetTitle(i18n.N("window.title", unreadTotal(s.folders)))
	w.status.SetText(statusLine(s))
	w.notices.set(s.notices)
	w.creds.refresh(s.accounts, s.blocked)
	if done, total := progressOf(s.progress); total > 0 {
		w.progress.Max = float64(total)
		w.progress.SetValue(float64(done))
		w.progress.Show()
	} else {
		w.progress.Hide()
	}
	w.problem = s.problem
	if w.problem == nil {
		w.problem = s.sentErr
	}
	if w.problem != nil {
		w.details.Show()
	} else {
		w.details.Hide()
	}
}

// statusLine says in words what is going on: sync progress, the outbox.
func statusLine(s snapshot) string {
	var parts []string
	if s.sent != "" {
		parts = append(parts, s.sent)
	}
	for _, p := range s.progress {
		id := "status.progress.getting"
		if p.Phase == "bodies" || p.Phase == "download" {
			id = "status.progress.downloading"
		}
		parts = append(parts, i18n.T(id, i18n.Args{"Folder": p.Folder, "Done": thousands(p.Done), "Total": thousands(p.Total)}))
	}
	switch {
	case (s.sent == statusWaiting() || s.sent == statusSending()) && s.outbox == 1: // said already
	case s.outbox > 0:
		parts = append(parts, i18n.N("status.outbox", s.outbox))
	}
	if len(s.offline) > 0 {
		parts = append([]string{i18n.T("status.offline")}, parts...)
	}
	if s.trouble != storage.TroubleNone {
		parts = append([]string{troubleSentence(s.trouble)}, parts...)
	} else if s.problem != nil {
		parts = append(parts, explain(s.problem, nil).Sentence)
	}
	if len(parts) == 0 {
		return i18n.T("status.up_to_date")
	}
	return strings.Join(parts, " · ")
}

// thousands writes 12345 as "12,345".
func thousands(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

func unreadTotal(fs []storage.Folder) int {
	n := 0
	for _, f := range fs {
		if f.Role == storage.RoleInbox {
			n += f.Unread
		}
	}
	return n
}

// updateServerSearch offers the server's search while the user searches
// one folder of an IMAP account that keeps only recent bodies here.
func (w *MainWindow) updateServerSearch(text string, all bool) {
	show := false
	if f, ok := w.selectedFolder(); ok && strings.TrimSpace(text) != "" && !all && w.engine != nil {
		if a, err := w.manager.Get(f.AccountID); err == nil && a.Protocol == accounts.IMAP && a.OfflineDays > 0 {
			show = true
		}
	}
	if show {
		w.serverSearch.Enable()
		w.serverSearch.Show()
	} else {
		w.serverSearch.Hide()
	}
}

// searchServer runs the search on the server and merges what it finds.
func (w *MainWindow) searchServer() {
	f, ok := w.selectedFolder()
	text := strings.TrimSpace(w.search.Text)
	if !ok || text == "" || w.engine == nil {
		return
	}
	w.serverSearch.Disable()
	Background(func() {
		found, err := w.engine.SearchServer(context.Background(), f.ID, text)
		fyne.Do(func() {
			w.serverSearch.Enable()
			if err != nil {
				tellFailure(w.win, failureSentence(err, i18n.T("search.server.failed")), err)
				return
			}
			w.list.merge(found)
		})
	})
}

// progressOf adds up the syncs in progress.
func progressOf(ps []storage.Progress) (done, total int) {
	for _, p := range ps {
		done += p.Done
		total += p.Total
	}
	return done, total
}
