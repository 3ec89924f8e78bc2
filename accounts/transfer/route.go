package transfer

import (
	"strings"

	"github.com/tern-mail/tern/storage"
)

// dest is a folder a message goes to: its path of names, and its role
// when it is one of the account's special folders.
type dest struct {
	path []string
	role string
}

func (d dest) key() string { return strings.Join(d.path, "\x00") + "\x01" + d.role }

// inbox is the Inbox's destination.
var inbox = dest{path: []string{"INBOX"}, role: storage.RoleInbox}

// roleNames are the names other programs give their special folders.
var roleNames = map[string]string{
	"inbox": storage.RoleInbox,
	"sent":  storage.RoleSent, "sent items": storage.RoleSent, "sent messages": storage.RoleSent, "sent mail": storage.RoleSent,
	"drafts": storage.RoleDrafts, "draft": storage.RoleDrafts,
	"trash": storage.RoleTrash, "deleted items": storage.RoleTrash, "deleted messages": storage.RoleTrash, "bin": storage.RoleTrash,
	"junk": storage.RoleJunk, "spam": storage.RoleJunk, "junk e-mail": storage.RoleJunk, "junk email": storage.RoleJunk,
	"archive": storage.RoleArchive, "archives": storage.RoleArchive, "all mail": storage.RoleArchive,
}

// router decides where each message goes: under base (the folder asked
// for, split at "/"), or, without one, in folders named as in the
// source, special folders (Inbox, Sent, Trash …) in the account's own.
type router struct {
	base []string
}

func newRouter(folder string) router {
	var base []string
	for _, p := range strings.Split(folder, "/") {
		if p = strings.TrimSpace(p); p != "" {
			base = append(base, p)
		}
	}
	return router{base: base}
}

// dests are the folders one message of mailbox mb goes to.
func (r router) dests(mb Mailbox, it *item) []dest {
	if it.hasLabels {
		return r.labelDests(it.labels)
	}
	if mb.Alone && len(r.base) > 0 {
		return []dest{r.place(nil)}
	}
	return []dest{r.place(mb.Path)}
}

// place is where the mail of a source folder called path goes.
func (r router) place(path []string) dest {
	full := append(append([]string{}, r.base...), path...)
	switch {
	case len(full) == 0:
		return inbox
	case len(full) == 1:
		role := roleNames[strings.ToLower(full[0])]
		if role == storage.RoleInbox {
			return inbox
		}
		return dest{path: full, role: role}
	}
	return dest{path: full}
}

// labelDests are the folders of a Google Takeout message's labels: its
// Inbox, Sent, Drafts, Spam and Trash labels are the account's folders of
// those roles, the labels that are marks (Starred, Unread, Important,
// categories) are no folders, and a message with no folder label is
// archived.
func (r router) labelDests(labels []string) []dest {
	var out []dest
	seen := map[string]bool{}
	for _, l := range labels {
		l = strings.TrimPrefix(l, "[Imap]/")
		var path []string
		switch low := strings.ToLower(l); {
		case gmailMarks[low] || strings.HasPrefix(low, "category "):
			continue
		case low == "spam":
			path = []string{"Junk"}
		default:
			path = strings.Split(l, "/")
		}
		d := r.place(path)
		if !seen[d.key()] {
			seen[d.key()] = true
			out = append(out, d)
		}
	}
	if len(out) == 0 {
		out = append(out, r.place([]string{"Archive"}))
	}
	return out
}

// gmailMarks are Gmail's labels that mark a message rather than file it.
var gmailMarks = map[string]bool{
	"starred": true, "unread": true, "opened": true, "important": true, "archived": true,
}
