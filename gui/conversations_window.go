package gui

import (
	"context"
	"strings"

	"fyne.io/fyne/v2"

	"github.com/tern-mail/tern/assets/i18n"
	"github.com/tern-mail/tern/storage"
	"github.com/tern-mail/tern/storage/message"
)

// conversationsItem is View › Conversations: ticked, the list groups
// the folder's messages by conversation. It is on unless turned off for
// the folder shown, which is remembered for that folder. refresh redraws
// the menu.
func (w *MainWindow) conversationsItem(refresh func()) *fyne.MenuItem {
	it := fyne.NewMenuItem(i18n.T("conv.menu"), nil)
	w.list.mu.Lock()
	it.Checked = w.list.threads
	w.list.mu.Unlock()
	it.Action = func() {
		it.Checked = !it.Checked
		w.list.mu.Lock()
		folders := w.list.folders
		w.list.mu.Unlock()
		w.prefs.SetBool(conversationsPref(folders), !it.Checked)
		w.list.setThreads(it.Checked)
		refresh()
	}
	w.list.conv.item, w.list.conv.refresh = it, refresh
	return it
}

// conversationsFor groups the list by conversation or not as the person
// chose for folders, about to be shown, and ticks View › Conversations
// to match; UI goroutine.
func (w *MainWindow) conversationsFor(folders []int64) {
	on := !w.prefs.Bool(conversationsPref(folders))
	w.list.mu.Lock()
	w.list.threads = on
	w.list.mu.Unlock()
	if it := w.list.conv.item; it != nil && it.Checked != on {
		it.Checked = on
		w.list.conv.refresh()
	}
}

// ownAddress reports whether addr is the address of one of the accounts:
// the person's own mail, "me" in a conversation.
func (w *MainWindow) ownAddress(addr string) bool {
	for _, a := range w.manager.List() {
		if strings.EqualFold(a.Address, addr) {
			return true
		}
	}
	return false
}

// openRow shows the row the person selected: a message in the reader, a
// conversation as its messages one under another.
func (w *MainWindow) openRow(id int64) {
	if convOf(id) == 0 {
		w.reader.show(id)
		return
	}
	w.showConversation(id)
}

// showConversation shows the messages of conversation row id in the
// reader, oldest first: the unread ones, the newest (and a search's
// matches) open, the others as one line each. Opening marks those shown
// open read, as opening a message does.
func (w *MainWindow) showConversation(id int64) {
	h := w.list.conv.heads[id]
	if h == nil {
		return
	}
	w.list.mu.Lock()
	folders := append([]int64(nil), w.list.folders...)
	w.list.mu.Unlock()
	r := w.reader
	r.display(&readerView{})
	token := r.conv.begin(h.conv)
	matched := map[int64]bool{}
	for _, m := range h.matches {
		matched[m] = true
	}
	Background(func() {
		ctx := context.Background()
		msgs, err := w.store.ConversationMessages(ctx, h.conv, folders)
		if err != nil {
			fyne.Do(func() { r.display(&readerView{subject: i18n.T("reader.open_failed"), text: err.Error()}) })
			return
		}
		cards := make([]*convCard, len(msgs))
		var read []int64
		for i, m := range msgs {
			c := &convCard{m: m, matched: matched[m.ID], quoteAbove: i > 0}
			if !m.Flags.Seen || i == len(msgs)-1 || c.matched {
				c.view = r.load(m.ID)
				if c.view.unread {
					read = append(read, m.ID)
				}
			}
			cards[i] = c
		}
		fyne.Do(func() { w.fillConversation(token, cards) })
		if len(read) > 0 && w.engine != nil {
			yes := true
			if _, err := w.engine.Mark(ctx, read, storage.FlagChange{Seen: &yes}); err != nil {
				fyne.LogError("mark conversation read", err)
			}
		}
	})
}

// originalOf parses message m for replying or forwarding.
func (w *MainWindow) originalOf(m storage.MessageSummary) (*message.Parsed, []byte, bool) {
	sm, err := w.store.Message(context.Background(), m.ID)
	if err != nil || sm.Raw == nil {
		return nil, nil, false
	}
	return message.Parse(sm.Raw), sm.Raw, true
}

// replyTo answers message m of a conversation (to all when all is set).
func (w *MainWindow) replyTo(m storage.MessageSummary, all bool) {
	p, _, ok := w.originalOf(m)
	if !ok {
		return
	}
	w.replyWith(p, m.AccountID, all)
}

// forwardOf forwards message m of a conversation.
func (w *MainWindow) forwardOf(m storage.MessageSummary) {
	p, raw, ok := w.originalOf(m)
	if !ok {
		return
	}
	w.compose(message.Forward(p, raw, w.me(m.AccountID), false), m.AccountID)
}
