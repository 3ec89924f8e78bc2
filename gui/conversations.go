package gui

import (
	"context"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"github.com/tern-mail/tern/assets/i18n"
	"github.com/tern-mail/tern/storage"
	"github.com/tern-mail/tern/storage/message"
)

// Conversations in the message list (View › Conversations, on unless the
// person turned it off): one row per conversation of two messages or
// more, collapsed, standing for all of them; its arrow, or Right and Left,
// show and hide its messages as indented rows under it. A conversation of
// one message is a plain row. A conversation row is a MessageSummary of
// its newest message in the folder with the id convRowID gives it (below
// zero, so it never meets a message's id), which the list's selection,
// marks and reloads then treat like any other row.

// prefConversationsOff starts the preferences that turn View ›
// Conversations off for a folder (conversationsPref); unset, conversations
// are on (as in Gmail and Apple Mail).
const prefConversationsOff = "view.conversations.off"

// conversationsPref is the preference that turns conversations off for
// the list of folders (one, or the Inboxes of All Inboxes).
func conversationsPref(folders []int64) string {
	key := prefConversationsOff
	for _, f := range folders {
		key += "." + strconv.FormatInt(f, 10)
	}
	return key
}

// convRowID is the id of the row of conversation c; convOf reverses it.
func convRowID(c int64) int64 { return -c }

// convOf is the conversation a row id stands for, 0 for a message's row.
func convOf(id int64) int64 {
	if id < 0 {
		return -id
	}
	return 0
}

// convHead is what a conversation row shows beyond its newest message.
type convHead struct {
	conv         int64
	latest       int64 // the newest message of it in the folder, which the row was made from
	count        int
	participants string
	matches      []int64 // a search's: the messages that matched, newest first
}

// convState is the list's conversation state; UI goroutine only, but for
// open, read off it under the list's mu.
type convState struct {
	heads map[int64]*convHead // by row id
	open  map[int64]bool      // conversations shown expanded
	// parent is the row id of the conversation a message row is shown
	// under.
	parent map[int64]int64
	// own reports whether an address is one of the person's accounts';
	// nil for none.
	own func(addr string) bool
	// item is View › Conversations, ticked for the folders shown; nil
	// until the menu is made.
	item    *fyne.MenuItem
	refresh func() // redraws the menu
}

// convPage is a page of the list with conversations, read off the UI
// goroutine.
type convPage struct {
	rows   []storage.MessageSummary
	heads  map[int64]*convHead
	parent map[int64]int64
	read   int // what the read's limit counted: conversations, or a search's messages
}

// openConvs returns a copy of the conversations shown expanded.
func (l *messageList) openConvs() map[int64]bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := make(map[int64]bool, len(l.conv.open))
	for c := range l.conv.open {
		out[c] = true
	}
	return out
}

// loadConversations reads a page of conversations of folders; any
// goroutine.
func (l *messageList) loadConversations(folders []int64, limit int) (convPage, error) {
	ctx := context.Background()
	convs, err := l.store.ListConversations(ctx, storage.ListQuery{FolderIDs: folders, Limit: limit})
	if err != nil {
		return convPage{}, err
	}
	open := l.openConvs()
	p := convPage{heads: map[int64]*convHead{}, parent: map[int64]int64{}, read: len(convs)}
	for _, c := range convs {
		if c.Count < 2 {
			p.rows = append(p.rows, c.Latest)
			continue
		}
		head := c.Latest
		head.ID = convRowID(c.ID)
		head.Subject = c.Subject
		head.Date = c.Newest
		head.Flags.Seen = c.Unread == 0
		head.Flags.Flagged = c.Flagged
		head.HasAttachments = c.HasAttachments
		p.rows = append(p.rows, head)
		p.heads[head.ID] = &convHead{conv: c.ID, latest: c.Latest.ID, count: c.Count, participants: l.participants(c.Participants)}
		if !open[c.ID] {
			continue
		}
		msgs, err := l.store.ConversationMessages(ctx, c.ID, folders)
		if err != nil {
			return convPage{}, err
		}
		for i := len(msgs) - 1; i >= 0; i-- { // newest first, as the list
			p.rows = append(p.rows, msgs[i])
			p.parent[msgs[i].ID] = head.ID
		}
	}
	return p, nil
}

// searchConversations groups a search's results by conversation: the
// matching messages of a conversation with two or more of them are one
// row, whose messages are the matches; any goroutine.
func (l *messageList) searchConversations(found []storage.MessageSummary) (convPage, error) {
	ids := make([]int64, len(found))
	for i, m := range found {
		ids[i] = m.ID
	}
	convs, err := l.store.ConversationIDs(context.Background(), ids)
	if err != nil {
		return convPage{}, err
	}
	byConv := map[int64][]storage.MessageSummary{}
	var order []int64
	for _, m := range found { // newest first
		c := convs[m.ID]
		if c == 0 {
			c = -m.ID // not threaded yet: a conversation of its own
		}
		if _, ok := byConv[c]; !ok {
			order = append(order, c)
		}
		byConv[c] = append(byConv[c], m)
	}
	open := l.openConvs()
	p := convPage{heads: map[int64]*convHead{}, parent: map[int64]int64{}, read: len(found)}
	for _, c := range order {
		msgs := byConv[c]
		if len(msgs) < 2 || c < 0 {
			p.rows = append(p.rows, msgs...)
			continue
		}
		head := msgs[0]
		head.ID = convRowID(c)
		h := &convHead{conv: c, latest: msgs[0].ID, count: len(msgs)}
		var people []storage.Participant
		for i := len(msgs) - 1; i >= 0; i-- {
			m := msgs[i]
			head.Flags.Seen = head.Flags.Seen && m.Flags.Seen
			head.Flags.Flagged = head.Flags.Flagged || m.Flags.Flagged
			head.HasAttachments = head.HasAttachments || m.HasAttachments
			people = append(people, storage.Participant{Name: m.FromName, Addr: m.FromAddr})
			h.matches = append([]int64{m.ID}, h.matches...)
		}
		h.participants = l.participants(people)
		p.rows = append(p.rows, head)
		p.heads[head.ID] = h
		if open[c] {
			for _, m := range msgs {
				p.rows = append(p.rows, m)
				p.parent[m.ID] = head.ID
			}
		}
	}
	return p, nil
}

// participants names the senders of a conversation, each once, in the
// order they first wrote: first names where the message gave a name, "me"
// for the person's own mail ("Ana, me, Grace").
func (l *messageList) participants(ps []storage.Participant) string {
	var names []string
	seen := map[string]bool{}
	for _, p := range ps {
		n := participantName(p)
		if l.conv.own != nil && l.conv.own(message.RealAddress(p.Addr)) {
			n = i18n.T("conv.me")
		}
		if n != "" && !seen[n] {
			seen[n] = true
			names = append(names, n)
		}
	}
	return strings.Join(names, i18n.T("conv.list_separator"))
}

// participantName is the short name of a sender: the first word of the
// name it gave (the whole name in scripts without spaces, such as
// Chinese), else the address before its @.
func participantName(p storage.Participant) string {
	name := strings.TrimSpace(message.CleanHeader(p.Name))
	if name != "" {
		if i := strings.IndexAny(name, " \t"); i > 0 && !strings.Contains(name, ",") {
			return name[:i]
		}
		return name
	}
	addr := message.RealAddress(p.Addr)
	if i := strings.IndexByte(addr, '@'); i > 0 {
		return addr[:i]
	}
	return addr
}

// conversationsOf reads a page of the list by conversation: of the
// folders, or of found, a search's results; any goroutine.
func (l *messageList) conversationsOf(found []storage.MessageSummary, query string, folders []int64, limit int) (*convPage, error) {
	var p convPage
	var err error
	if query != "" {
		p, err = l.searchConversations(found)
	} else {
		p, err = l.loadConversations(folders, limit)
	}
	if err != nil {
		return nil, err
	}
	return &p, nil
}

// showConvPage puts a page read by conversationsOf in place and returns
// its rows, or rows as they are without one, and how many of what the
// read's limit counts it read; UI goroutine, before replaceRows.
func (l *messageList) showConvPage(p *convPage, rows []storage.MessageSummary) ([]storage.MessageSummary, int) {
	if p == nil {
		l.inner, l.conv.heads, l.conv.parent = nil, nil, nil
		return rows, len(rows)
	}
	l.conv.heads, l.conv.parent = p.heads, p.parent
	l.inner = map[int64]bool{}
	for id := range p.parent {
		l.inner[id] = true
	}
	return p.rows, p.read
}

// decorateConvRow draws a conversation row: an arrow, the participants
// and the count where a message row has its sender. UI goroutine.
func (l *messageList) decorateConvRow(m storage.MessageSummary, v *rowView) {
	h := l.conv.heads[m.ID]
	if h == nil {
		if _, ok := l.conv.parent[m.ID]; ok && l.query == "" && !l.listedHere(m.FolderID) {
			// A message of the conversation in another folder (your
			// reply in Sent) says where it is.
			v.date = folderWord(m) + " · " + v.date
		}
		return
	}
	arrow := "▸ "
	if l.conv.open[h.conv] {
		arrow = "▾ "
	}
	v.sender = arrow + h.participants
	v.senderTail = "  " + i18n.Number(h.count)
}

// listedHere reports whether folder is one of those listed.
func (l *messageList) listedHere(folder int64) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return folderIn(folder, l.folders)
}

func folderIn(id int64, ids []int64) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}

// toggleConv shows or hides the messages of conversation row id; UI
// goroutine.
func (l *messageList) toggleConv(id int64, open bool) {
	h := l.conv.heads[id]
	if h == nil {
		return
	}
	l.mu.Lock()
	if l.conv.open == nil {
		l.conv.open = map[int64]bool{}
	}
	if l.conv.open[h.conv] == open {
		l.mu.Unlock()
		return
	}
	if open {
		l.conv.open[h.conv] = true
	} else {
		delete(l.conv.open, h.conv)
	}
	l.mu.Unlock()
	l.list.Refresh() // the arrow turns at once
	l.bg(l.reload)
}

// convKey handles Right and Left on the list: Right shows the messages of
// the conversation selected, Left hides them (from one of its messages
// too, selecting the conversation). UI goroutine.
func (l *messageList) convKey(ev *fyne.KeyEvent) bool {
	m, ok := l.current()
	if !ok || !l.threads {
		return false
	}
	switch ev.Name {
	case fyne.KeyRight:
		if l.conv.heads[m.ID] == nil {
			return false
		}
		l.toggleConv(m.ID, true)
		return true
	case fyne.KeyLeft:
		id := m.ID
		if p, ok := l.conv.parent[m.ID]; ok {
			id = p
			for i, r := range l.rows {
				if r.ID == p {
					l.list.Select(i)
					l.list.ScrollTo(i)
					break
				}
			}
		}
		if l.conv.heads[id] == nil {
			return false
		}
		l.toggleConv(id, false)
		return true
	}
	return false
}

// arrowTapped reports whether a tap at x on row i was on its
// conversation's arrow or count, and then shows or hides its messages.
func (l *messageList) arrowTapped(i int, x float32) bool {
	id := l.idAt(i)
	h := l.conv.heads[id]
	if h == nil {
		return false
	}
	// The row's marks, then the arrow (rowRenderer.Layout).
	mark, pad := theme.TextSize()*0.9, theme.Padding()
	arrowEnd := pad + 3*mark + pad + fyne.MeasureText("▾ ", theme.TextSize(), fyne.TextStyle{Bold: true}).Width
	if x > arrowEnd {
		return false
	}
	l.toggleConv(id, !l.conv.open[h.conv])
	return true
}

// convIDs is ids with each conversation row's replaced by its messages:
// those in the folders listed (what the row counts there), or for a
// search's row the messages that matched. UI goroutine.
func (l *messageList) convIDs(ids []int64) []int64 {
	var out []int64
	seen := map[int64]bool{}
	add := func(id int64) {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	for _, id := range ids {
		h := l.conv.heads[id]
		if h == nil {
			add(id)
			continue
		}
		for _, m := range l.convMembers(h) {
			add(m)
		}
	}
	return out
}

// convMembers returns the messages an action on conversation row h acts
// on: its messages in the folders listed, or the matches of a search.
func (l *messageList) convMembers(h *convHead) []int64 {
	if h.matches != nil {
		return h.matches
	}
	l.mu.Lock()
	folders := append([]int64(nil), l.folders...)
	l.mu.Unlock()
	msgs, err := l.store.ConversationMessages(context.Background(), h.conv, folders)
	if err != nil {
		fyne.LogError("conversation messages", err)
		return nil
	}
	var out []int64
	for i := len(msgs) - 1; i >= 0; i-- { // newest first
		if folderIn(msgs[i].FolderID, folders) {
			out = append(out, msgs[i].ID)
		}
	}
	return out
}

// currentMessage is the message the person is looking at: the selected
// row, or for a conversation row its newest message in the folder (which
// Reply answers), with the conversation's read and flag state.
func (l *messageList) currentMessage() (storage.MessageSummary, bool) {
	m, ok := l.current()
	if h := l.conv.heads[m.ID]; ok && h != nil {
		m.ID = h.latest
	}
	return m, ok
}
