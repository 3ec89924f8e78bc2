package imap

import (
	"context"
	"fmt"
	"strings"

	"github.com/emersion/go-imap/v2"

	"github.com/tern-mail/tern/storage"
)

// specialUse maps RFC 6154 attributes to folder roles.
var specialUse = map[imap.MailboxAttr]string{
	imap.MailboxAttrSent:    storage.RoleSent,
	imap.MailboxAttrTrash:   storage.RoleTrash,
	imap.MailboxAttrDrafts:  storage.RoleDrafts,
	imap.MailboxAttrJunk:    storage.RoleJunk,
	imap.MailboxAttrArchive: storage.RoleArchive,
}

// roleNames are the names servers without SPECIAL-USE give special
// folders, compared in lower case on the last element of the name.
var roleNames = map[string]string{
	"sent": storage.RoleSent, "sent items": storage.RoleSent, "sent messages": storage.RoleSent,
	"sent mail": storage.RoleSent, "gesendet": storage.RoleSent, "gesendete elemente": storage.RoleSent,
	"envoyés": storage.RoleSent, "enviados": storage.RoleSent, "inviata": storage.RoleSent,
	"trash": storage.RoleTrash, "deleted items": storage.RoleTrash, "deleted messages": storage.RoleTrash,
	"bin": storage.RoleTrash, "papierkorb": storage.RoleTrash, "corbeille": storage.RoleTrash, "papelera": storage.RoleTrash,
	"drafts": storage.RoleDrafts, "draft": storage.RoleDrafts, "entwürfe": storage.RoleDrafts, "brouillons": storage.RoleDrafts,
	"borradores": storage.RoleDrafts,
	"junk":       storage.RoleJunk, "spam": storage.RoleJunk, "junk e-mail": storage.RoleJunk, "junk email": storage.RoleJunk,
	"bulk mail": storage.RoleJunk,
	"archive":   storage.RoleArchive, "archives": storage.RoleArchive, "archiv": storage.RoleArchive, "all mail": storage.RoleArchive,
}

// remoteFolder is a folder as the server lists it.
type remoteFolder struct {
	name       string
	delim      string
	role       string
	subscribed bool
	status     *imap.StatusData // with LIST-STATUS, else nil
}

// listFolders returns the server's selectable folders with their roles.
func (c *Conn) listFolders() ([]remoteFolder, error) {
	opts := &imap.ListOptions{ReturnSubscribed: true}
	if c.caps.Has(imap.CapSpecialUse) {
		opts.ReturnSpecialUse = true
	}
	if c.caps.Has(imap.CapListStatus) || c.caps.Has(imap.CapIMAP4rev2) {
		opts.ReturnStatus = &imap.StatusOptions{NumMessages: true, UIDNext: true, UIDValidity: true,
			HighestModSeq: c.caps.Has(imap.CapCondStore)}
	}
	list, err := c.c.List("", "*", opts).Collect()
	if err != nil {
		return nil, fmt.Errorf("imap: list folders: %w", err)
	}
	var out []remoteFolder
	used := map[string]bool{}
	for _, l := range list {
		f := remoteFolder{name: l.Mailbox, status: l.Status}
		if l.Delim != 0 {
			f.delim = string(l.Delim)
		}
		skip := false
		for _, a := range l.Attrs {
			switch a {
			case imap.MailboxAttrNoSelect, imap.MailboxAttrNonExistent:
				skip = true
			case imap.MailboxAttrSubscribed:
				f.subscribed = true
			}
			if r, ok := specialUse[a]; ok && f.role == "" {
				f.role = r
			}
		}
		if strings.EqualFold(l.Mailbox, "INBOX") {
			f.role = storage.RoleInbox
		}
		if skip {
			continue
		}
		if f.role != "" {
			used[f.role] = true
		}
		out = append(out, f)
	}
	// Servers without SPECIAL-USE: recognise the usual names, but never
	// give a role twice.
	for i := range out {
		if out[i].role != "" {
			continue
		}
		last := out[i].name
		if out[i].delim != "" {
			if j := strings.LastIndex(last, out[i].delim); j >= 0 {
				last = last[j+len(out[i].delim):]
			}
		}
		if r, ok := roleNames[strings.ToLower(last)]; ok && !used[r] {
			out[i].role = r
			used[r] = true
		}
	}
	return out, nil
}

// syncFolderList brings the local folder list in line with the server's
// and returns the local folders paired with what the server said of them.
// Folders named in pending folder actions are left alone: the queue will
// create, rename or delete them.
func (c *Conn) syncFolderList(ctx context.Context, st *storage.Store, accountID string) ([]storage.Folder, map[int64]remoteFolder, error) {
	remote, err := c.listFolders()
	if err != nil {
		return nil, nil, err
	}
	pending := map[string]bool{}
	actions, err := st.PendingActions(ctx, accountID)
	if err != nil {
		return nil, nil, err
	}
	for _, a := range actions {
		switch a.Kind {
		case storage.ActionCreateFolder, storage.ActionRenameFolder, storage.ActionDeleteFolder:
			pending[a.Folder] = true
			if a.Args.Dest != "" {
				pending[a.Args.Dest] = true
			}
		}
	}
	byName := map[string]remoteFolder{}
	for _, r := range remote {
		byName[r.name] = r
		if pending[r.name] {
			continue
		}
		f, err := st.EnsureFolder(ctx, accountID, r.name, r.delim, r.role)
		if err != nil {
			return nil, nil, err
		}
		if err := st.SetFolderFlags(ctx, f.ID, r.subscribed); err != nil {
			return nil, nil, err
		}
	}
	local, err := st.Folders(ctx, accountID)
	if err != nil {
		return nil, nil, err
	}
	var kept []storage.Folder
	status := map[int64]remoteFolder{}
	for _, f := range local {
		r, onServer := byName[f.Name]
		if !onServer {
			if !f.LocalOnly && !pending[f.Name] {
				// Deleted on another device.
				if err := st.DeleteFolder(ctx, f.ID); err != nil {
					return nil, nil, err
				}
			}
			continue
		}
		kept = append(kept, f)
		status[f.ID] = r
	}
	return kept, status, nil
}
