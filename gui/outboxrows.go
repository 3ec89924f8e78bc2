package gui

import (
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/tern-mail/tern/assets/i18n"
	"github.com/tern-mail/tern/storage"
	"github.com/tern-mail/tern/storage/message"
)

// row is one message of the outbox laid out as a row of a list: to whom
// and its subject on the first line, where it stands (in plain words, the
// server's own in Details) on the second, then what can be done with it.
func (v *outboxView) row(o storage.Outgoing, now time.Time) fyne.CanvasObject {
	subject := message.Parse(o.Raw).Subject
	if subject == "" {
		subject = i18n.T("message.no_subject")
	}
	to := widget.NewLabelWithStyle(i18n.T("outbox.to", i18n.Args{"Recipients": strings.Join(o.Recipients, ", ")}),
		fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	to.Truncation = fyne.TextTruncateEllipsis
	subj := widget.NewLabel(subject)
	subj.Truncation = fyne.TextTruncateEllipsis
	why := widget.NewLabel(outboxWhy(o, now))
	why.Wrapping = fyne.TextWrapWord // a sentence to read whole
	icon := widget.NewIcon(outboxIcon(o))
	head := container.NewBorder(nil, nil, icon, nil, container.NewGridWithColumns(2, to, subj))
	try, details := v.moreButtons(o)
	return container.NewVBox(head, container.NewBorder(nil, nil, nil, details, why),
		container.NewHBox(v.buttons(o), try), widget.NewSeparator())
}

// outboxIcon shows at a glance whether a message waits, goes or needs the
// person.
func outboxIcon(o storage.Outgoing) fyne.Resource {
	switch {
	case o.State == storage.OutboxSending:
		return theme.MailSendIcon()
	case o.State == storage.OutboxFailed, o.State == storage.OutboxUnknown:
		return theme.WarningIcon()
	}
	return theme.HistoryIcon()
}

// outboxWhy says where a message stands and why, in plain words: the
// server's own words are behind the row's Details.
func outboxWhy(o storage.Outgoing, now time.Time) string {
	switch {
	case o.State == storage.OutboxUnknown:
		return i18n.T("outbox.state.unknown")
	case o.State == storage.OutboxSending:
		return i18n.T("outbox.state.sending")
	case o.State == storage.OutboxFailed:
		return i18n.T("keys.outbox.refused")
	case o.LastError != "" && o.NextAttempt.After(now):
		return i18n.T("keys.outbox.retry_at", i18n.Args{"Time": i18n.ShortDate(o.NextAttempt, now)})
	case o.LastError != "":
		return i18n.T("keys.outbox.retry_soon")
	}
	return i18n.T("outbox.state.waiting")
}

// moreButtons are Try now, for a message waiting for its next try, and
// Details, with the server's own words, when a try failed; each an empty
// box when not offered.
func (v *outboxView) moreButtons(o storage.Outgoing) (try, details fyne.CanvasObject) {
	try, details = container.NewHBox(), container.NewHBox()
	if o.State == storage.OutboxQueued && o.LastError != "" {
		try = widget.NewButtonWithIcon(i18n.T("keys.outbox.try_now"), theme.MailSendIcon(), func() { v.tryNow(o.AccountID) })
	}
	if o.LastError != "" {
		d := widget.NewButton(i18n.T("dialog.details"), func() {
			showInfo(i18n.T("status.details.title"), o.LastError, v.w.win)
		})
		d.Importance = widget.LowImportance
		details = container.NewVBox(d) // at the top of the sentence
	}
	return try, details
}

// tryNow makes the account's waiting messages due at once, as Get mail
// does, and shows the outbox anew.
func (v *outboxView) tryNow(accountID string) {
	Background(func() {
		v.w.engine.GetMail(accountID)
		v.reload()
	})
}

// outboxHead says how many messages wait.
func outboxHead(n int) string {
	if n == 0 {
		return i18n.T("outbox.empty")
	}
	return i18n.N("keys.outbox.head", n)
}
