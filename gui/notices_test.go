package gui

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/tern-mail/tern/accounts"
	"github.com/tern-mail/tern/storage"
)

func TestNoticeBarTellsOfARefusedMoveUntilDismissed(t *testing.T) {
	a := test.NewTempApp(t)
	m := newManager(t)
	ctx := context.Background()
	acct, err := m.Add(ctx, accounts.Account{Address: "alice@example.org", Protocol: accounts.IMAP,
		Incoming: accounts.Server{Host: "imap.example.org", Port: 993, Security: accounts.TLS}}, "pw")
	if err != nil {
		t.Fatal(err)
	}
	st := m.Store()
	if err := st.AddNotice(ctx, storage.Notice{AccountID: acct.ID, Kind: storage.NoticeRefused, Action: storage.ActionMove,
		Subject: "Invoice", Folder: "INBOX", Dest: "Archive", ServerText: "Mailbox doesn't exist: Archive"}); err != nil {
		t.Fatal(err)
	}
	if err := st.AddNotice(ctx, storage.Notice{Kind: storage.NoticeKeychainMissing}); err != nil {
		t.Fatal(err)
	}

	w := NewMainWindow(a, m, nil, Info{Name: "Tern"})
	w.Window().Resize(fyne.NewSize(1100, 700))
	bar := w.notices
	if !bar.box.Visible() {
		t.Fatal("the notice bar is hidden although there are notices")
	}
	const want = "The server refused to move 'Invoice' to Archive: it is back in Inbox."
	if got := strings.Join(labels(w.Window().Content()), "|"); !strings.Contains(got, want) || !strings.Contains(got, "1 more") {
		t.Fatalf("window shows %q, want %q and one more", got, want)
	}

	// Details tell the server's own words.
	if !bar.details.Visible() {
		t.Fatal("no Details for a notice with the server's words")
	}
	test.Tap(bar.details)
	top := w.Window().Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("Details opened nothing")
	}
	if got := strings.Join(labels(top), "|"); !strings.Contains(got, "Mailbox doesn't exist: Archive") || !strings.Contains(got, "alice@example.org") {
		t.Fatalf("details show %q", got)
	}
	w.Window().Canvas().Overlays().Remove(top)

	// Dismissed, it is gone for good and the next notice shows.
	test.Tap(bar.dismiss)
	w.Reload()
	if got := strings.Join(labels(w.Window().Content()), "|"); strings.Contains(got, want) ||
		!strings.Contains(got, "Tern will remember your passwords only until you close Tern") {
		t.Fatalf("after dismissing, window shows %q", got)
	}
	if bar.details.Visible() || bar.more.Visible() {
		t.Error("Details or the count shown for the keychain notice")
	}
	if ns, _ := st.Notices(ctx); len(ns) != 1 || ns[0].Kind != storage.NoticeKeychainMissing {
		t.Fatalf("notices left in the store: %+v", ns)
	}
	test.Tap(bar.dismiss)
	w.Reload()
	if bar.box.Visible() {
		t.Fatal("the bar stays with no notice left")
	}
}

func TestStatusLineSaysOfflineFromTheStore(t *testing.T) {
	a := test.NewTempApp(t)
	m := newManager(t)
	ctx := context.Background()
	acct, err := m.Add(ctx, accounts.Account{Address: "alice@example.org", Protocol: accounts.IMAP,
		Incoming: accounts.Server{Host: "imap.example.org", Port: 993, Security: accounts.TLS}}, "pw")
	if err != nil {
		t.Fatal(err)
	}
	w := NewMainWindow(a, m, nil, Info{Name: "Tern"})
	if strings.HasPrefix(w.status.Text, "Offline") {
		t.Fatalf("offline before anything is known: %q", w.status.Text)
	}
	m.Store().SetOnline(acct.ID, false, errors.New("dial tcp: connection refused"))
	w.Reload()
	if !strings.HasPrefix(w.status.Text, "Offline") || !w.details.Visible() {
		t.Fatalf("status %q, details shown %v", w.status.Text, w.details.Visible())
	}
	m.Store().SetOnline(acct.ID, true, nil)
	w.Reload()
	if strings.HasPrefix(w.status.Text, "Offline") || w.details.Visible() {
		t.Fatalf("back online, status %q", w.status.Text)
	}
}

// TestEveryNoticeHasWordsInTheWindow checks that each kind of notice, and
// each kind of refused change, has its own sentence.
func TestEveryNoticeHasWordsInTheWindow(t *testing.T) {
	seen := map[string]storage.NoticeKind{}
	for _, k := range []storage.NoticeKind{storage.NoticeNotSent, storage.NoticeSomeRecipientsRefused,
		storage.NoticeDeleteRefused, storage.NoticeKeychainMissing, storage.NoticePrefsReset} {
		got := noticeSentence(storage.Notice{Kind: k, Subject: "Invoice"})
		if got == "" || !strings.HasSuffix(got, ".") {
			t.Errorf("%s: %q", k, got)
		}
		if other, dup := seen[got]; dup {
			t.Errorf("%s and %s share %q", k, other, got)
		}
		seen[got] = k
	}
	for _, a := range []storage.ActionKind{storage.ActionFlags, storage.ActionMove, storage.ActionCopy,
		storage.ActionExpunge, storage.ActionCreateFolder, storage.ActionRenameFolder,
		storage.ActionDeleteFolder, storage.ActionAppend} {
		got := noticeSentence(storage.Notice{Kind: storage.NoticeRefused, Action: a, Subject: "Invoice", Folder: "INBOX", Dest: "Archive"})
		if strings.Contains(got, "make a change") || !strings.HasPrefix(got, "The server refused to ") {
			t.Errorf("%s: %q", a, got)
		}
	}
}

// TestWindowHearsOfNoticesAndStatusAtOnce follows the store as the running
// window does: a notice and a lost connection show through the
// subscription, with no unrelated write needed.
func TestWindowHearsOfNoticesAndStatusAtOnce(t *testing.T) {
	a := test.NewTempApp(t)
	m := newManager(t)
	ctx := context.Background()
	acct, err := m.Add(ctx, accounts.Account{Address: "alice@example.org", Protocol: accounts.IMAP,
		Incoming: accounts.Server{Host: "imap.example.org", Port: 993, Security: accounts.TLS}}, "pw")
	if err != nil {
		t.Fatal(err)
	}
	w := NewMainWindow(a, m, nil, Info{Name: "Tern"})
	heard := make(chan storage.Change, 16)
	w.reloaded = func(c storage.Change) { heard <- c }
	w.Start()
	defer w.Stop()
	// await returns once the window has shown a change with bit in it;
	// the timer only bounds a failure.
	await := func(bit storage.Change) {
		t.Helper()
		deadline := time.NewTimer(10 * time.Second)
		defer deadline.Stop()
		for {
			select {
			case c := <-heard:
				if c&bit != 0 {
					return
				}
			case <-deadline.C:
				t.Fatalf("the window never showed change %b", bit)
			}
		}
	}

	st := m.Store()
	if err := st.AddNotice(ctx, storage.Notice{AccountID: acct.ID, Kind: storage.NoticeRefused, Action: storage.ActionFlags,
		Subject: "Invoice", ServerText: "permission denied"}); err != nil {
		t.Fatal(err)
	}
	await(storage.ChangeNotices)
	if !w.notices.box.Visible() || !strings.Contains(w.notices.text.Text, "'Invoice'") {
		t.Fatalf("bar shown %v with %q", w.notices.box.Visible(), w.notices.text.Text)
	}

	st.SetOnline(acct.ID, false, errors.New("dial tcp: connection refused"))
	await(storage.ChangeStatus)
	if !strings.HasPrefix(w.status.Text, "Offline") {
		t.Fatalf("status %q after the connection was lost", w.status.Text)
	}
}

// A notice about a message without a subject has a sentence of its own,
// not a quoted nothing; the Inbox is named by its role.
func TestNoticeAboutAMessageWithoutSubject(t *testing.T) {
	for _, tc := range []struct {
		n    storage.Notice
		want string
	}{
		{storage.Notice{Kind: storage.NoticeNotSent}, "A message could not be sent. It is still in the outbox."},
		{storage.Notice{Kind: storage.NoticeSomeRecipientsRefused, Subject: " "},
			"Your message was sent, but not to everyone: the server refused some addresses."},
		{storage.Notice{Kind: storage.NoticeRefused, Action: storage.ActionMove, Folder: "inbox", Dest: "Archive"},
			"The server refused to move a message to Archive: it is back in Inbox."},
		{storage.Notice{Kind: storage.NoticeRefused, Action: storage.ActionCreateFolder, Folder: "Receipts"},
			"The server refused to create the folder Receipts: it is gone again."},
	} {
		if got := noticeSentence(tc.n); got != tc.want {
			t.Errorf("%+v: %q, want %q", tc.n, got, tc.want)
		}
	}
}

// Special folders show by their role, whatever the server calls them;
// the person's own folders as the server has them.
func TestSpecialFoldersShowByTheirRole(t *testing.T) {
	for _, tc := range []struct {
		f    storage.Folder
		want string
	}{
		{storage.Folder{Name: "INBOX", Role: storage.RoleInbox}, "Inbox"},
		{storage.Folder{Name: "Gesendete Objekte", Role: storage.RoleSent}, "Sent"},
		{storage.Folder{Name: "[Gmail]/Spam", Role: storage.RoleJunk}, "Junk"},
		{storage.Folder{Name: "INBOX.Papierkorb", Prefix: "INBOX.", Role: storage.RoleTrash}, "Trash"},
		{storage.Folder{Name: "INBOX.Receipts", Prefix: "INBOX."}, "Receipts"},
	} {
		if got := displayName(tc.f); got != tc.want {
			t.Errorf("%q: %q, want %q", tc.f.Name, got, tc.want)
		}
	}
	if got := folderWord(storage.MessageSummary{FolderName: "Deleted Items", FolderRole: storage.RoleTrash}); got != "Trash" {
		t.Errorf("a search result in the Trash says %q", got)
	}
}
