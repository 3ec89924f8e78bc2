package gui

import (
	"strings"

	"github.com/tern-mail/tern/assets/i18n"
	"github.com/tern-mail/tern/storage/message"
)

// maxNotifyRunes bounds each line of a notification.
const maxNotifyRunes = 120

// notificationText builds the title and body of the "new mail" notice for
// the system goos. Nothing from a message reaches a platform whose
// notification path builds a script from its text: on Windows Fyne
// writes title and body into a PowerShell script, and on macOS its
// fallback into an AppleScript, so there the notice says only how many
// messages arrived. Elsewhere (the freedesktop notification service,
// which takes data over D-Bus) it names the sender and subject, on one
// line each, with markup escaped because servers may render it.
func notificationText(goos string, count int, from, subject string) (title, body string) {
	if count < 1 {
		count = 1
	}
	switch goos {
	case "windows", "darwin", "ios":
		return "Tern", i18n.N("notify.new_messages", count)
	}
	from, subject = notifyLine(from), notifyLine(subject)
	if from == "" {
		from = i18n.T("notify.new_message")
	}
	if subject == "" {
		subject = i18n.T("message.no_subject")
	}
	if count > 1 {
		subject = i18n.N("notify.subject_and_count", count, i18n.Args{"Subject": subject})
	}
	return escapeMarkup(from), escapeMarkup(subject)
}

// notifyLine keeps text on one short line without control, bidirectional
// or invisible characters (message.CleanHeader).
func notifyLine(s string) string {
	s = message.CleanHeader(s)
	if r := []rune(s); len(r) > maxNotifyRunes {
		s = string(r[:maxNotifyRunes-1]) + "…"
	}
	return s
}

// escapeMarkup escapes the characters that the freedesktop notification
// body markup (a small subset of HTML) gives meaning to.
func escapeMarkup(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}
