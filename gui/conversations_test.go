package gui

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/tern-mail/tern/accounts"
	"github.com/tern-mail/tern/storage"
)

// windowWithConversation is windowWithMail with a conversation of three
// messages besides: Dana's "Trip" (read) and Erin's reply (unread) in
// the Inbox, and Alice's reply to Dana in Sent, between them.
func windowWithConversation(t *testing.T) (*MainWindow, *accounts.Manager) {
	t.Helper()
	w, m, _ := windowWithMail(t)
	ctx := context.Background()
	acct := m.List()[0]
	inbox, _ := m.Store().FolderByName(ctx, acct.ID, "INBOX")
	sent, err := m.Store().FolderByName(ctx, acct.ID, "Sent")
	if err != nil {
		t.Fatal(err)
	}
	add := func(folder int64, seen bool, raw string) {
		t.Helper()
		raw = strings.ReplaceAll(raw, "\n", "\r\n")
		if _, err := m.Store().AddMessage(ctx, folder, storage.NewMessage{UIDL: raw[:40], Raw: []byte(raw),
			Flags: storage.Flags{Seen: seen}}); err != nil {
			t.Fatal(err)
		}
	}
	add(inbox.ID, true, "From: Dana Park <dana@example.org>\nTo: alice@example.org\nSubject: Trip\nMessage-ID: <t1@example.org>\n"+
		"Date: Mon, 09 Nov 2020 09:00:00 +0000\n\nShall we go on Friday?\n")
	add(sent.ID, true, "From: Alice <alice@example.org>\nTo: dana@example.org\nSubject: Re: Trip\nMessage-ID: <t2@example.org>\n"+
		"In-Reply-To: <t1@example.org>\nReferences: <t1@example.org>\nDate: Mon, 09 Nov 2020 10:00:00 +0000\n\n"+
		"Friday suits me.\n\nOn Monday, Dana wrote:\n> Shall we go on Friday?\n")
	add(inbox.ID, false, "From: Erin Cole <erin@example.org>\nTo: alice@example.org\nSubject: Re: Trip\nMessage-ID: <t3@example.org>\n"+
		"In-Reply-To: <t2@example.org>\nReferences: <t1@example.org> <t2@example.org>\nDate: Tue, 10 Nov 2020 08:00:00 +0000\n\n"+
		"Count me in.\n\nOn Monday, Alice wrote:\n> Friday suits me.\n")
	w.list.showFolders([]int64{inbox.ID})
	waitFor(t, func() bool { return len(w.list.rows) == 4 })
	return w, m
}

// convRow returns the index of the list's conversation row, or fails.
func convRow(t *testing.T, l *messageList) int {
	t.Helper()
	for i, r := range l.rows {
		if convOf(r.ID) != 0 {
			return i
		}
	}
	t.Fatalf("no conversation row in %d rows", len(l.rows))
	return -1
}

func TestConversationRowIsCollapsedWithCountParticipantsAndUnread(t *testing.T) {
	w, _ := windowWithConversation(t)
	l := w.list
	i := convRow(t, l)
	if i != 0 {
		t.Fatalf("the conversation, newest, is row %d", i)
	}
	head := l.rows[i]
	if head.Flags.Seen || head.Subject != "Trip" {
		t.Fatalf("row %+v: want unread, the first subject", head)
	}
	v := newRowView(l)
	l.decorateConvRow(head, v)
	if v.sender != "▸ Dana, me, Erin" || v.senderTail != "  3" {
		t.Fatalf("row says %q %q", v.sender, v.senderTail)
	}
	// Expanded: its three messages, Sent's too, under it, indented.
	l.list.Select(i)
	l.convKey(&fyne.KeyEvent{Name: fyne.KeyRight})
	waitFor(t, func() bool { return len(l.rows) == 7 })
	var subjects []string
	for _, r := range l.rows[1:4] {
		if !l.inner[r.ID] {
			t.Fatalf("row %q not indented", r.Subject)
		}
		subjects = append(subjects, r.FromAddr)
	}
	if got := strings.Join(subjects, " "); got != "erin@example.org alice@example.org dana@example.org" {
		t.Fatalf("expanded rows, newest first: %s", got)
	}
	l.decorateConvRow(l.rows[0], v)
	if !strings.HasPrefix(v.sender, "▾ ") {
		t.Fatalf("open arrow: %q", v.sender)
	}
	// One of them can be selected, and read alone.
	l.list.Select(2)
	waitFor(t, func() bool { return w.reader.current != nil && w.reader.current.id == l.rows[2].ID })
	if m, _ := w.selected(); m.FromAddr != "alice@example.org" {
		t.Fatalf("selected %+v", m)
	}
	// Left, from a message of it, closes it and selects it.
	l.convKey(&fyne.KeyEvent{Name: fyne.KeyLeft})
	waitFor(t, func() bool { return len(l.rows) == 4 })
	if m, ok := l.current(); !ok || convOf(m.ID) == 0 {
		t.Fatalf("after Left the conversation is not selected: %+v", m)
	}
}

func TestConversationReaderShowsMessagesOldestFirstNewestOpen(t *testing.T) {
	w, m := windowWithConversation(t)
	l := w.list
	l.list.Select(convRow(t, l))
	c := &w.reader.conv
	waitFor(t, func() bool { return len(c.cards) == 3 })
	if !c.showing() {
		t.Fatal("the conversation does not replace the message pane")
	}
	var who []string
	for _, card := range c.cards {
		who = append(who, card.m.FromAddr)
	}
	if strings.Join(who, " ") != "dana@example.org alice@example.org erin@example.org" {
		t.Fatalf("cards %v", who)
	}
	first, mid, last := c.cards[0], c.cards[1], c.cards[2]
	if first.open || mid.open || !last.open {
		t.Fatalf("open: %v %v %v; want only the newest, unread one", first.open, mid.open, last.open)
	}
	line := mid.box.Objects[0].(*tapLine)
	if !strings.Contains(line.label.Text, "me · ") || !strings.Contains(line.label.Text, "Friday suits me.") {
		t.Fatalf("closed card's line %q", line.label.Text)
	}
	// The newest's quote of the message above is folded.
	if text := richText(t, last.box); !strings.Contains(text, "Count me in.") || strings.Contains(text, "Friday suits") {
		t.Fatalf("newest card shows %q", text)
	}
	// A click opens a closed one.
	test.Tap(line)
	waitFor(t, func() bool { return mid.open && len(mid.box.Objects) > 1 })
	// Opening the conversation read its unread message.
	waitFor(t, func() bool {
		rows, _ := m.Store().ListMessages(context.Background(), storage.ListQuery{FolderIDs: []int64{last.m.FolderID}})
		for _, r := range rows {
			if r.ID == last.m.ID {
				return r.Flags.Seen
			}
		}
		return false
	})
	// Selecting a plain message returns to the message pane.
	for i, r := range l.rows {
		if convOf(r.ID) == 0 {
			l.list.Select(i)
			break
		}
	}
	waitFor(t, func() bool { return !c.showing() && c.scroll.Content == c.msg })
}

// richText returns the text of the first RichText in box.
func richText(t *testing.T, box *fyne.Container) string {
	t.Helper()
	for _, o := range box.Objects {
		if r, ok := o.(*widget.RichText); ok {
			return r.String()
		}
	}
	t.Fatal("no text")
	return ""
}

func TestActionsOnAConversationRowActOnItsMessagesInTheFolder(t *testing.T) {
	w, m := windowWithConversation(t)
	l := w.list
	l.list.Select(convRow(t, l))
	ids := w.selectedIDs()
	if len(ids) != 2 {
		t.Fatalf("a conversation row in the Inbox selects %d messages, want its 2 there", len(ids))
	}
	w.deleteSelected()
	waitFor(t, func() bool { return len(w.undos) == 1 })
	ctx := context.Background()
	acct := m.List()[0]
	trash, _ := m.Store().FolderByName(ctx, acct.ID, "Trash")
	sent, _ := m.Store().FolderByName(ctx, acct.ID, "Sent")
	for folder, want := range map[int64]int{trash.ID: 2, sent.ID: 1} {
		rows, err := m.Store().ListMessages(ctx, storage.ListQuery{FolderIDs: []int64{folder}})
		if err != nil || len(rows) != want {
			t.Fatalf("folder %d has %d messages (%v), want %d", folder, len(rows), err, want)
		}
	}
	// One Undo puts both back.
	w.undoLast()
	inbox := l.rows[convRow(t, l)].FolderID
	waitFor(t, func() bool {
		rows, _ := m.Store().ListMessages(ctx, storage.ListQuery{FolderIDs: []int64{inbox}})
		return len(rows) == 5
	})
}

func TestSearchShowsConversations(t *testing.T) {
	w, _ := windowWithConversation(t)
	l := w.list
	l.setQuery("Friday", false)
	waitFor(t, func() bool { return l.shownQuery == "Friday" })
	// Dana's and Erin's messages match (Erin's quotes "Friday"); Alice's
	// is in Sent, not searched: one conversation of two matches.
	waitFor(t, func() bool { return len(l.rows) == 1 })
	h := l.conv.heads[l.rows[0].ID]
	if h == nil || h.count != 2 || len(h.matches) != 2 {
		t.Fatalf("search rows %+v, head %+v", l.rows, h)
	}
	l.list.Select(0)
	l.convKey(&fyne.KeyEvent{Name: fyne.KeyRight})
	waitFor(t, func() bool { return len(l.rows) == 3 })
}

func TestConversationsOffListsMessagesAndIsPerFolder(t *testing.T) {
	w, m := windowWithConversation(t)
	inbox := w.list.folders
	item := w.conversationsItem(func() {})
	item.Action()
	waitFor(t, func() bool { return len(w.list.rows) == 5 && w.list.conv.heads == nil })
	if !w.prefs.Bool(conversationsPref(inbox)) {
		t.Fatal("not remembered for the Inbox")
	}
	// Sent keeps them; back in the Inbox they are off again.
	sent, _ := m.Store().FolderByName(context.Background(), m.List()[0].ID, "Sent")
	w.conversationsFor([]int64{sent.ID})
	if !w.list.threads || !item.Checked {
		t.Fatal("conversations off in Sent too")
	}
	w.conversationsFor(inbox)
	if w.list.threads || item.Checked {
		t.Fatal("conversations back on in the Inbox")
	}
}

func TestFoldQuote(t *testing.T) {
	for _, c := range []struct{ in, own, quote string }{
		{"Yes.\n\nOn Monday, Ana wrote:\n> Shall we?\n> ok\n", "Yes.", "On Monday, Ana wrote:\n> Shall we?\n> ok\n"},
		{"> only a quote\n", "> only a quote\n", ""},
		{"> top\nanswer below\n", "> top\nanswer below\n", ""},
		{"plain\n", "plain\n", ""},
	} {
		own, quote := foldQuote(c.in)
		if own != c.own || quote != c.quote {
			t.Errorf("foldQuote(%q) = %q, %q", c.in, own, quote)
		}
	}
}

func TestConversationArrowOpensAndMarkActsOnTheConversation(t *testing.T) {
	w, m := windowWithConversation(t)
	l := w.list
	i := convRow(t, l)
	if l.arrowTapped(i, 300) {
		t.Fatal("a click on the subject took as one on the arrow")
	}
	if !l.arrowTapped(i, 2) {
		t.Fatal("a click on the arrow did nothing")
	}
	waitFor(t, func() bool { return len(l.rows) == 7 })
	l.arrowTapped(i, 2)
	waitFor(t, func() bool { return len(l.rows) == 4 })

	// Opening the conversation reads it; Mark unread then marks its
	// messages in the Inbox unread, with one Undo, and leaves Sent's.
	unread := func(folder string) int {
		f, _ := m.Store().FolderByName(context.Background(), m.List()[0].ID, folder)
		rows, _ := m.Store().ListMessages(context.Background(), storage.ListQuery{FolderIDs: []int64{f.ID}})
		n := 0
		for _, r := range rows {
			if !r.Flags.Seen && strings.Contains(r.Subject, "Trip") {
				n++
			}
		}
		return n
	}
	l.list.Select(i)
	waitFor(t, func() bool { return unread("INBOX") == 0 })
	w.Reload()
	waitFor(t, func() bool { return l.rows[i].Flags.Seen })
	w.toggleRead()
	waitFor(t, func() bool { return unread("INBOX") == 2 && len(w.undos) == 1 })
	if n := unread("Sent"); n != 0 {
		t.Fatalf("%d of Sent's messages marked unread", n)
	}
}
