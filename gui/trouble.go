package gui

import (
	"github.com/tern-mail/tern/assets/i18n"
	"github.com/tern-mail/tern/storage"
)

// troubleSentence is the window's wording of a problem of the computer's
// that stops Tern from keeping mail: what happened, that Tern waits, and
// the way out.
func troubleSentence(t storage.Trouble) string {
	switch t {
	case storage.TroubleDiskFull:
		return i18n.T("trouble.disk_full")
	case storage.TroubleReadOnly:
		return i18n.T("trouble.read_only")
	case storage.TroubleMissing:
		return i18n.T("trouble.missing")
	}
	return ""
}
