package gui

import (
	"context"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/tern-mail/tern/storage"
)

// noticeBar shows the oldest notice not dismissed yet above the panes:
// what happened in words, Details with the server's own words, and a
// button that dismisses it. It hides while there is none.
type noticeBar struct {
	store   *storage.Store
	win     func() fyne.Window
	account func(id string) string // an account's address, for Details

	text    *widget.Label
	more    *widget.Label
	details *widget.Button
	dismiss *widget.Button
	box     *fyne.Container

	shown storage.Notice // UI goroutine only
}

func newNoticeBar(st *storage.Store, win func() fyne.Window, account func(string) string) *noticeBar {
	b := &noticeBar{store: st, win: win, account: account}
	b.text = widget.NewLabel("")
	b.text.Wrapping = fyne.TextWrapWord
	b.more = widget.NewLabel("")
	b.details = widget.NewButton("Details", b.showDetails)
	b.details.Importance = widget.LowImportance
	b.dismiss = widget.NewButtonWithIcon("", theme.CancelIcon(), b.dismissShown)
	b.dismiss.Importance = widget.LowImportance
	icon := widget.NewIcon(theme.WarningIcon())
	b.box = container.NewBorder(nil, nil, icon, container.NewHBox(b.more, b.details, b.dismiss), b.text)
	b.box.Hide()
	return b
}

func (b *noticeBar) widget() fyne.CanvasObject { return b.box }

// set shows the first of ns (oldest first), or hides the bar when there
// are none. It runs on the UI goroutine.
func (b *noticeBar) set(ns []storage.Notice) {
	if len(ns) == 0 {
		b.shown = storage.Notice{}
		b.box.Hide()
		return
	}
	b.shown = ns[0]
	b.text.SetText(noticeSentence(ns[0]))
	if len(ns) > 1 {
		b.more.SetText(fmt.Sprintf("%d more", len(ns)-1))
		b.more.Show()
	} else {
		b.more.Hide()
	}
	if ns[0].ServerText != "" {
		b.details.Show()
	} else {
		b.details.Hide()
	}
	b.box.Show()
}

// dismissShown marks the notice shown as seen; the store's notification
// brings the next one, if any.
func (b *noticeBar) dismissShown() {
	id := b.shown.ID
	if id == 0 {
		return
	}
	b.box.Hide()
	Background(func() {
		if err := b.store.DismissNotice(context.Background(), id); err != nil {
			fyne.LogError("dismiss notice", err)
		}
	})
}

// showDetails tells what the server said, and when.
func (b *noticeBar) showDetails() {
	n := b.shown
	if n.ID == 0 {
		return
	}
	var lines []string
	if addr := b.account(n.AccountID); addr != "" {
		lines = append(lines, "Account: "+addr)
	}
	lines = append(lines, "When: "+n.Created.Format("2 January 2006, 15:04"))
	if n.ServerText != "" {
		lines = append(lines, "The server said: "+n.ServerText)
	}
	dialog.ShowInformation("What the server said", strings.Join(lines, "\n"), b.win())
}

// noticeSentence is the window's wording of a notice.
func noticeSentence(n storage.Notice) string {
	switch n.Kind {
	case storage.NoticeRefused:
		return "The server refused to " + refusedChange(n) + "."
	case storage.NoticeNotSent:
		return fmt.Sprintf("%s could not be sent. It is still in the outbox.", capital(quoted(n.Subject, "a message")))
	case storage.NoticeSomeRecipientsRefused:
		return fmt.Sprintf("%s was sent, but not to everyone: the server refused some addresses.", capital(quoted(n.Subject, "your message")))
	case storage.NoticeDeleteRefused:
		return "The server refused to delete a message you downloaded. It stays on the server."
	case storage.NoticeKeychainMissing:
		return "Your system keychain is not available, so Tern will remember your passwords only until you close Tern."
	case storage.NoticePrefsReset:
		return prefsResetSentence(n)
	}
	return n.Text // written before notices were structured
}

// refusedChange says what the refused change was, and what became of it.
func refusedChange(n storage.Notice) string {
	subj := quoted(n.Subject, "a message")
	switch n.Action {
	case storage.ActionFlags:
		return "mark " + subj + ": it is marked as before"
	case storage.ActionMove:
		return fmt.Sprintf("move %s to %s: it is back in %s", subj, folderLabel(n.Dest), folderLabel(n.Folder))
	case storage.ActionCopy:
		return fmt.Sprintf("copy %s to %s: the copy is gone", subj, folderLabel(n.Dest))
	case storage.ActionExpunge:
		return "delete " + subj + ": it will come back"
	case storage.ActionCreateFolder:
		return fmt.Sprintf("create the folder %s: it is gone again", folderLabel(n.Folder))
	case storage.ActionRenameFolder:
		return fmt.Sprintf("rename the folder %s to %s: it has its old name again", folderLabel(n.Folder), folderLabel(n.Dest))
	case storage.ActionDeleteFolder:
		return fmt.Sprintf("delete the folder %s: it will come back", folderLabel(n.Folder))
	case storage.ActionAppend:
		return fmt.Sprintf("keep a copy in %s: it is kept on this computer only", folderLabel(n.Folder))
	}
	return "make a change"
}

// quoted puts a subject in quotes, or says what it is when there is none.
func quoted(subject, none string) string {
	if strings.TrimSpace(subject) == "" {
		return none
	}
	return "'" + subject + "'"
}

// capital starts s with a capital letter.
func capital(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// folderLabel is a server folder's name as the window shows it (the
// Inbox by that name, RFC 3501 section 5.1: INBOX in any case).
func folderLabel(name string) string {
	if strings.EqualFold(name, "INBOX") {
		return "Inbox"
	}
	return name
}

// prefsResetSentence words a NoticePrefsReset.
func prefsResetSentence(n storage.Notice) string {
	const head = "Your preferences could not be read, so Tern started with the usual ones."
	if n.Dest != "" {
		return head + " The old file was kept as " + n.Dest + "."
	}
	return head + " The old file, " + n.Folder + ", was left as it was, and changes to them will not be saved until it is removed."
}
