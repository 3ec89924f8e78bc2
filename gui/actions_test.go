package gui

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/tern-mail/tern/accounts"
	"github.com/tern-mail/tern/accounts/engine"
	"github.com/tern-mail/tern/storage"
)

// windowWithMail is a main window over a local (POP3) account with three
// messages, and its engine.
func windowWithMail(t *testing.T) (*MainWindow, *accounts.Manager, *engine.Engine) {
	t.Helper()
	a := test.NewTempApp(t)
	m := newManager(t)
	e := engine.New(m, engine.Options{})
	ctx := context.Background()
	acct, err := m.Add(ctx, accounts.Account{Name: "Alice", Address: "alice@example.org", Protocol: accounts.POP3,
		Incoming: accounts.Server{Host: "pop.example.org", Port: 995, Security: accounts.TLS},
		Outgoing: accounts.Server{Host: "smtp.example.org", Port: 465, Security: accounts.TLS}}, "pw")
	if err != nil {
		t.Fatal(err)
	}
	inbox, _ := m.Store().FolderByName(ctx, acct.ID, "INBOX")
	for i, s := range []string{"Alpha plans", "Beta budget", "Gamma gossip"} {
		raw := "From: Bob <bob@example.org>\r\nTo: alice@example.org\r\nSubject: " + s + "\r\nMessage-ID: <g" + s[:1] +
			"@example.org>\r\nDate: Tue, 0" + string(rune('3'+i)) + " Nov 2020 09:30:00 +0000\r\n\r\nAbout " + s + ".\r\n"
		if _, err := m.Store().AddMessage(ctx, inbox.ID, storage.NewMessage{UIDL: s, Raw: []byte(raw)}); err != nil {
			t.Fatal(err)
		}
	}
	w := NewMainWindow(a, m, e, Info{Name: "Tern"})
	w.Window().Resize(fyne.NewSize(1100, 700))
	return w, m, e
}

func TestActionsChangeTheStoreAtOnce(t *testing.T) {
	w, m, _ := windowWithMail(t)
	ctx := context.Background()
	if len(w.list.rows) != 3 {
		t.Fatalf("rows %d", len(w.list.rows))
	}
	w.list.list.Select(0) // Gamma, the newest; opening marks it read
	if m, ok := w.selected(); !ok || m.Subject != "Gamma gossip" {
		t.Fatalf("selected %+v", m)
	}
	w.toggleFlag()
	w.Reload()
	if got, _ := w.selected(); !got.Flags.Flagged || !got.Flags.Seen {
		t.Fatalf("flags after open and flag: %+v", got.Flags)
	}
	w.deleteSelected()
	w.Reload()
	trash, _ := m.Store().FolderByName(ctx, "alice@example.org", "Trash")
	if n, _ := m.Store().CountMessages(ctx, trash.ID); n != 1 || len(w.list.rows) != 2 {
		t.Fatalf("after delete: trash %d, list %d", n, len(w.list.rows))
	}
	// Search narrows the list; an empty search brings the folder back.
	w.list.setQuery("budget", false)
	if len(w.list.rows) != 1 || w.list.rows[0].Subject != "Beta budget" {
		t.Fatalf("search rows %+v", w.list.rows)
	}
	w.list.setQuery("", false)
	if len(w.list.rows) != 2 {
		t.Fatalf("after clearing the search: %d", len(w.list.rows))
	}
	if !strings.Contains(w.status.Text, "up to date") {
		t.Errorf("status %q", w.status.Text)
	}
}

func TestComposerSendsToTheOutboxAndWarnsAboutAttachments(t *testing.T) {
	w, m, e := windowWithMail(t)
	ctx := context.Background()
	w.list.list.Select(1)
	w.reply(false)
	c := newComposer(w.app, e, m.List(), "alice@example.org", mustReply(t, w), func(f func()) { f() }, w.suggestAddresses)
	if c.subject.Text != "Re: Beta budget" || !strings.Contains(c.to.Text, "bob@example.org") {
		t.Fatalf("reply prefilled %q to %q", c.subject.Text, c.to.Text)
	}
	// Recipients are suggested from the mail here.
	c.cc.SetText("")
	test.Type(c.cc, "bo")
	if len(c.offered[c.cc]) != 1 || c.offered[c.cc][0] != "Bob <bob@example.org>" {
		t.Fatalf("suggestions for bo: %q", c.offered[c.cc])
	}
	c.cc.SetText("carol@example.org, bo")
	if len(c.offered[c.cc]) != 1 || c.offered[c.cc][0] != "carol@example.org, Bob <bob@example.org>" {
		t.Fatalf("suggestions after a comma: %q", c.offered[c.cc])
	}
	c.cc.SetText("")
	c.body.SetText("Please see the attached sheet.\n" + c.body.Text)
	c.send()
	if n := e.OutboxCount(ctx); n != 0 {
		t.Fatal("sent although the attachment is missing")
	}
	if c.win.Canvas().Overlays().Top() == nil {
		t.Fatal("no warning about the missing attachment")
	}
	c.win.Canvas().Overlays().Top().Hide()
	c.body.SetText("Sounds good.")
	test.Tap(findButton(t, c.win.Content(), "Send"))
	if n := e.OutboxCount(ctx); n != 1 {
		t.Fatalf("outbox has %d", n)
	}
	rows, _ := m.Store().Outbox(ctx, "")
	if !strings.Contains(string(rows[0].Raw), "In-Reply-To: <gB@example.org>") {
		t.Errorf("reply not threaded:\n%s", rows[0].Raw)
	}
}

func mustReply(t *testing.T, w *MainWindow) (d draftT) {
	t.Helper()
	p, _, m, ok := w.original()
	if !ok {
		t.Fatal("no original")
	}
	return replyOf(p, w.me(m.AccountID))
}

func TestNewMailRaisesANotification(t *testing.T) {
	w, m, _ := windowWithMail(t)
	ctx := context.Background()
	inbox, _ := m.Store().FolderByName(ctx, "alice@example.org", "INBOX")
	test.AssertNotificationSent(t, fyne.NewNotification("Dora", "Fresh news"), func() {
		if _, err := m.Store().AddMessage(ctx, inbox.ID, storage.NewMessage{UIDL: "new", Raw: []byte(
			"From: Dora <dora@example.org>\r\nSubject: Fresh news\r\nDate: Wed, 25 Nov 2026 09:30:00 +0000\r\n\r\nhi\r\n")}); err != nil {
			t.Fatal(err)
		}
		w.Reload()
	})
}

func TestUnifiedInboxAcrossAccounts(t *testing.T) {
	w, m, _ := windowWithMail(t)
	ctx := context.Background()
	b, err := m.Add(ctx, accounts.Account{Address: "bob@example.net", Protocol: accounts.POP3,
		Incoming: accounts.Server{Host: "pop.example.net", Port: 995, Security: accounts.TLS}}, "pw")
	if err != nil {
		t.Fatal(err)
	}
	inbox, _ := m.Store().FolderByName(ctx, b.ID, "INBOX")
	m.Store().AddMessage(ctx, inbox.ID, storage.NewMessage{UIDL: "b1", Raw: []byte(
		"From: carol@example.net\r\nSubject: For Bob\r\nDate: Mon, 02 Nov 2026 09:00:00 +0000\r\n\r\nhi\r\n")})
	w.Reload()
	if got := w.folders.labels[allInboxes]; got != "All Inboxes (4)" {
		t.Fatalf("unified inbox label %q", got)
	}
	w.folders.tree.Select(allInboxes)
	if len(w.list.rows) != 4 {
		t.Fatalf("unified inbox shows %d messages, want 4", len(w.list.rows))
	}
}

func TestMainWindowMarkup(t *testing.T) {
	w, _, _ := windowWithMail(t)
	w.list.list.Select(1)
	test.AssertRendersToMarkup(t, "main_window.xml", w.Window().Canvas())
}

func TestActionsOnIMAPMailAreQueuedForTheServer(t *testing.T) {
	a := test.NewTempApp(t)
	m := newManager(t)
	e := engine.New(m, engine.Options{})
	ctx := context.Background()
	acct, err := m.Add(ctx, accounts.Account{Address: "ivy@example.org", Protocol: accounts.IMAP,
		Incoming: accounts.Server{Host: "imap.example.org", Port: 993, Security: accounts.TLS}}, "pw")
	if err != nil {
		t.Fatal(err)
	}
	inbox, _ := m.Store().EnsureFolder(ctx, acct.ID, "INBOX", "/", storage.RoleInbox)
	m.Store().EnsureFolder(ctx, acct.ID, "Trash", "/", storage.RoleTrash)
	m.Store().AddMessage(ctx, inbox.ID, storage.NewMessage{UID: 7, Raw: []byte(
		"From: x@example.org\r\nSubject: On the server\r\nDate: Mon, 02 Nov 2020 09:00:00 +0000\r\n\r\nhi\r\n")})
	w := NewMainWindow(a, m, e, Info{Name: "Tern"})
	w.list.list.Select(0) // opening marks it read: queued
	w.toggleFlag()
	w.deleteSelected()
	pending, _ := m.Store().PendingActions(ctx, acct.ID)
	var kinds []string
	for _, p := range pending {
		kinds = append(kinds, string(p.Kind))
	}
	if strings.Join(kinds, ",") != "flags,flags,move" {
		t.Fatalf("queued %v", kinds)
	}
	w.Reload()
	if len(w.list.rows) != 0 {
		t.Fatal("the deleted message is still listed")
	}
}

func TestConversationsToggleAndReadingPaneMoves(t *testing.T) {
	w, m, _ := windowWithMail(t)
	menu := w.viewMenu()
	menu.Items[0].Action() // reading pane below
	if w.listSplit.Horizontal {
		t.Fatal("the reading pane did not move below the list")
	}
	if !w.list.threads || !menu.Items[1].Checked {
		t.Fatal("conversations are not on by default")
	}
	menu.Items[1].Action() // View › Conversations off
	if w.list.threads || !w.prefs.Bool(conversationsPref(w.list.folders)) {
		t.Fatal("conversations not turned off")
	}
	w.folderSplit.Offset = 0.3
	w.remember()
	if got := w.prefs.Float(prefSplitFolders); got != 0.3 {
		t.Fatalf("split not remembered: %v", got)
	}
	// Kept in the profile, like all of Tern's state.
	if again := reloadPrefs(m.ProfileDir()); again.Float(prefSplitFolders) != 0.3 || !again.Bool(prefReaderBelow) {
		t.Fatal("the layout is not in the profile")
	}
}

func TestSyncProgressShowsInWordsAndAsABar(t *testing.T) {
	w, m, _ := windowWithMail(t)
	m.Store().SetProgress(storage.Progress{AccountID: "alice@example.org", Folder: "INBOX", Phase: "headers", Done: 1200, Total: 10000})
	w.Reload()
	if !strings.Contains(w.status.Text, "INBOX: getting messages 1,200 of 10,000") || !w.progress.Visible() || w.progress.Value != 1200 {
		t.Fatalf("status %q, bar %v at %v", w.status.Text, w.progress.Visible(), w.progress.Value)
	}
	m.Store().SetProgress(storage.Progress{AccountID: "alice@example.org", Folder: "INBOX", Phase: "headers", Done: 10000, Total: 10000})
	w.Reload()
	if w.progress.Visible() {
		t.Fatal("the bar stays after the sync")
	}
}

// TestThisFolderOnlyInTheUnifiedInbox searches "This folder only" while
// All Inboxes is shown: the Inboxes of every account, nothing else.
func TestThisFolderOnlyInTheUnifiedInbox(t *testing.T) {
	w, m, _ := windowWithMail(t)
	ctx := context.Background()
	b, err := m.Add(ctx, accounts.Account{Address: "bob@example.net", Protocol: accounts.POP3,
		Incoming: accounts.Server{Host: "pop.example.net", Port: 995, Security: accounts.TLS}}, "pw")
	if err != nil {
		t.Fatal(err)
	}
	st := m.Store()
	inbox, _ := st.FolderByName(ctx, b.ID, "INBOX")
	trash, _ := st.FolderByName(ctx, "alice@example.org", "Trash")
	for i, f := range []storage.Folder{inbox, trash} {
		if _, err := st.AddMessage(ctx, f.ID, storage.NewMessage{UIDL: "w" + itoa(int64(i)), Raw: []byte(
			"From: carol@example.net\r\nSubject: Budget walrus\r\nDate: Mon, 02 Nov 2026 09:00:00 +0000\r\n\r\nhi\r\n")}); err != nil {
			t.Fatal(err)
		}
	}
	w.Reload()
	w.folders.tree.Select(allInboxes)
	w.thisFolder.SetChecked(true)
	w.list.setQuery("budget", false)
	// Beta budget in Alice's Inbox and the walrus in Bob's; not Alice's Trash.
	if len(w.list.rows) != 2 {
		t.Fatalf("this folder only in All Inboxes: %d results, want 2", len(w.list.rows))
	}
	for _, r := range w.list.rows {
		if r.FolderName != "INBOX" {
			t.Errorf("result %q in %s", r.Subject, r.FolderName)
		}
	}
	w.list.setQuery("budget", true)
	if len(w.list.rows) != 3 {
		t.Fatalf("all folders: %d results, want 3", len(w.list.rows))
	}
}
