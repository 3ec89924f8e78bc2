package gui

import (
	"context"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/tern-mail/tern/assets/i18n"
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
	b.details = widget.NewButton(i18n.T("notice.details"), b.showDetails)
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
		b.more.SetText(i18n.N("notice.more", len(ns)-1))
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
		lines = append(lines, i18n.T("notice.details.account", i18n.Args{"Address": addr}))
	}
	lines = append(lines, i18n.T("notice.details.when", i18n.Args{"When": i18n.LongDate(n.Created)}))
	if n.ServerText != "" {
		lines = append(lines, i18n.T("notice.details.server_said", i18n.Args{"Text": n.ServerText}))
	}
	showInfo(i18n.T("notice.details.title"), strings.Join(lines, "\n"), b.win())
}

// noticeSentence is the window's wording of a notice.
func noticeSentence(n storage.Notice) string {
	switch n.Kind {
	case storage.NoticeRefused:
		return refusedSentence(n)
	case storage.NoticeNotSent:
		return aboutMessage(n, aboutIDs{"notice.not_sent", "notice.not_sent.unnamed"})
	case storage.NoticeSomeRecipientsRefused:
		return aboutMessage(n, aboutIDs{"notice.some_refused", "notice.some_refused.unnamed"})
	case storage.NoticeDeleteRefused:
		return i18n.T("notice.delete_refused")
	case storage.NoticeKeychainMissing:
		return i18n.T("notice.keychain_missing")
	case storage.NoticePrefsReset:
		return prefsResetSentence(n)
	}
	return n.Text // written before notices were structured
}

// aboutIDs are the ids of a sentence about a message: named by its
// subject in quotes, and for a message without a subject.
type aboutIDs struct{ named, unnamed string }

// refusedIDs are the sentences of a change the server refused, by what
// the change was: what it was, and what became of it. A folder's change
// names no message.
var refusedIDs = map[storage.ActionKind]aboutIDs{
	storage.ActionFlags:        {"notice.refused.flags", "notice.refused.flags.unnamed"},
	storage.ActionMove:         {"notice.refused.move", "notice.refused.move.unnamed"},
	storage.ActionCopy:         {"notice.refused.copy", "notice.refused.copy.unnamed"},
	storage.ActionExpunge:      {"notice.refused.expunge", "notice.refused.expunge.unnamed"},
	storage.ActionCreateFolder: {"notice.refused.create_folder", "notice.refused.create_folder"},
	storage.ActionRenameFolder: {"notice.refused.rename_folder", "notice.refused.rename_folder"},
	storage.ActionDeleteFolder: {"notice.refused.delete_folder", "notice.refused.delete_folder"},
	storage.ActionAppend:       {"notice.refused.append", "notice.refused.append"},
}

// refusedSentence says which change the server refused, and what became
// of it.
func refusedSentence(n storage.Notice) string {
	ids, ok := refusedIDs[n.Action]
	if !ok {
		return i18n.T("notice.refused.other")
	}
	return aboutMessage(n, ids)
}

// aboutMessage is the sentence about n's message, with its subject and
// folders filled in.
func aboutMessage(n storage.Notice, ids aboutIDs) string {
	args := i18n.Args{"Subject": n.Subject, "Folder": folderLabel(n.Folder), "Dest": folderLabel(n.Dest)}
	if strings.TrimSpace(n.Subject) == "" {
		return i18n.T(ids.unnamed, args)
	}
	return i18n.T(ids.named, args)
}

// prefsResetSentence words a NoticePrefsReset.
func prefsResetSentence(n storage.Notice) string {
	if n.Dest != "" {
		return i18n.T("notice.prefs_reset.kept", i18n.Args{"File": n.Dest})
	}
	return i18n.T("notice.prefs_reset.left", i18n.Args{"File": n.Folder})
}
