package gui

import (
	"strings"

	"github.com/tern-mail/tern/assets/i18n"
	"github.com/tern-mail/tern/storage"
)

// roleName is a special folder's name in the person's language, made
// from its role alone ("Inbox", "Posteingang"), whatever the server calls
// it (INBOX, Sent Items, Gesendete Objekte); "" for a folder without a
// role, which shows as the server has it.
func roleName(role string) string {
	switch role {
	case storage.RoleInbox:
		return i18n.T("folder.role.inbox")
	case storage.RoleSent:
		return i18n.T("folder.role.sent")
	case storage.RoleDrafts:
		return i18n.T("folder.role.drafts")
	case storage.RoleTrash:
		return i18n.T("folder.role.trash")
	case storage.RoleJunk:
		return i18n.T("folder.role.junk")
	case storage.RoleArchive:
		return i18n.T("folder.role.archive")
	}
	return ""
}

// folderLabel is a server folder's name, known by name only, as the
// window shows it: the Inbox by its role's name (RFC 3501 section 5.1:
// INBOX in any case), any other as the server has it.
func folderLabel(name string) string {
	if strings.EqualFold(name, "INBOX") {
		return roleName(storage.RoleInbox)
	}
	return name
}
