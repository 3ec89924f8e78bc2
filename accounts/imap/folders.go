package imap

import (
	"context"
	"fmt"
	"strings"

	"github.com/emersion/go-imap/v2"

	"github.com/tern-mail/tern/accounts"
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

// roleNames are the names that servers without SPECIAL-USE give special
// folders, in the languages their users set them up in. They are compared
// in lower case with the folder's name below the personal namespace and,
// failing that, with its last level.
var roleNames = map[string]string{
	// Sent
	"sent": storage.RoleSent, "sent items": storage.RoleSent, "sent messages": storage.RoleSent,
	"sent mail": storage.RoleSent, "[gmail]/sent mail": storage.RoleSent, "[google mail]/sent mail": storage.RoleSent,
	"gesendet": storage.RoleSent, "gesendete elemente": storage.RoleSent, "gesendete objekte": storage.RoleSent,
	"envoyés": storage.RoleSent, "éléments envoyés": storage.RoleSent, "messages envoyés": storage.RoleSent,
	"enviados": storage.RoleSent, "elementos enviados": storage.RoleSent, "inviata": storage.RoleSent,
	"posta inviata": storage.RoleSent, "verzonden": storage.RoleSent, "verzonden items": storage.RoleSent,
	"skickat": storage.RoleSent, "skickade objekt": storage.RoleSent, "wysłane": storage.RoleSent,
	"отправленные": storage.RoleSent,
	// Trash
	"trash": storage.RoleTrash, "deleted items": storage.RoleTrash, "deleted messages": storage.RoleTrash,
	"[gmail]/trash": storage.RoleTrash, "[gmail]/bin": storage.RoleTrash, "[google mail]/trash": storage.RoleTrash,
	"[google mail]/bin": storage.RoleTrash,
	"bin":               storage.RoleTrash, "papierkorb": storage.RoleTrash, "gelöschte elemente": storage.RoleTrash,
	"gelöschte objekte": storage.RoleTrash, "corbeille": storage.RoleTrash, "éléments supprimés": storage.RoleTrash,
	"papelera": storage.RoleTrash, "elementos eliminados": storage.RoleTrash, "cestino": storage.RoleTrash,
	"prullenbak": storage.RoleTrash, "verwijderde items": storage.RoleTrash, "papperskorgen": storage.RoleTrash,
	"kosz": storage.RoleTrash, "корзина": storage.RoleTrash,
	// Drafts
	"drafts": storage.RoleDrafts, "draft": storage.RoleDrafts, "[gmail]/drafts": storage.RoleDrafts,
	"[google mail]/drafts": storage.RoleDrafts, "entwürfe": storage.RoleDrafts, "brouillons": storage.RoleDrafts,
	"borradores": storage.RoleDrafts, "bozze": storage.RoleDrafts, "concepten": storage.RoleDrafts,
	"utkast": storage.RoleDrafts, "kopie robocze": storage.RoleDrafts, "черновики": storage.RoleDrafts,
	// Junk
	"junk": storage.RoleJunk, "spam": storage.RoleJunk, "junk e-mail": storage.RoleJunk, "junk email": storage.RoleJunk,
	"junk-e-mail": storage.RoleJunk, "[gmail]/spam": storage.RoleJunk, "[google mail]/spam": storage.RoleJunk,
	"bulk mail": storage.RoleJunk, "courrier indésirable": storage.RoleJunk, "correo no deseado": storage.RoleJunk,
	"posta indesiderata": storage.RoleJunk, "ongewenste e-mail": storage.RoleJunk, "skräppost": storage.RoleJunk,
	"спам": storage.RoleJunk,
	// Archive
	"archive": storage.RoleArchive, "archives": storage.RoleArchive, "archiv": storage.RoleArchive,
	"archief": storage.RoleArchive, "archivio": storage.RoleArchive, "archivo": storage.RoleArchive,
	"arkiv": storage.RoleArchive, "архив": storage.RoleArchive,
	"[gmail]/all mail": storage.RoleArchive, "[google mail]/all mail": storage.RoleArchive,
}

// englishRole are the names most clients create for special folders.
var englishRole = map[string]bool{"sent": true, "trash": true, "drafts": true, "junk": true, "archive": true}

// roleByName returns the role a folder's name suggests, or "". rel is the
// name below the personal namespace.
func roleByName(rel, delim string) string {
	lower := strings.ToLower(rel)
	if r, ok := roleNames[lower]; ok {
		return r
	}
	if delim != "" {
		if j := strings.LastIndex(lower, strings.ToLower(delim)); j >= 0 {
			return roleNames[lower[j+len(delim):]]
		}
	}
	return ""
}

// remoteFolder is a folder as the server lists it.
type remoteFolder struct {
	name       string
	delim      string
	role       string
	subscribed bool
	all        bool             // \All (RFC 6154): every message of the account
	status     *imap.StatusData // with LIST-STATUS, else nil
}

// listFolders returns the server's selectable folders with their roles.
// With LIST-EXTENDED (RFC 5258) one LIST returns subscriptions, special
// uses and, with LIST-STATUS, each folder's counts; without it a plain LIST
// names the folders and LSUB tells which are subscribed.
func (c *Conn) listFolders(ctx context.Context) ([]remoteFolder, error) {
	list, err := c.list()
	if err != nil {
		return nil, fmt.Errorf("imap: list folders: %w", err)
	}
	subscribed := c.subscriptions(ctx)
	var out []remoteFolder
	used := map[string]bool{}
	for _, l := range list {
		f, selectable := c.remoteFolderOf(l, subscribed)
		if !selectable {
			continue
		}
		if f.role != "" {
			used[f.role] = true
		}
		out = append(out, f)
	}
	if !c.hasNamespace() {
		c.ns = guessNamespace(out)
	}
	named := c.rolesByName(out, used)
	if !used[storage.RoleArchive] && !named[storage.RoleArchive] {
		archiveInAll(out)
	}
	return out, nil
}

// list reads the server's folders with LIST, at most maxFolders of them:
// a server that names more is cut off.
func (c *Conn) list() ([]*imap.ListData, error) {
	var list []*imap.ListData
	b := c.transfer("LIST", maxFolders*folderBytes)
	b.Over = accounts.FolderFlood
	err := c.within(b, func() error {
		cmd := c.c.List("", "*", c.listOptions())
		for l := cmd.Next(); l != nil; l = cmd.Next() {
			if len(list) == maxFolders {
				c.raw.Trip(accounts.FolderFlood, "LIST")
				break
			}
			list = append(list, l)
		}
		return cmd.Close()
	})
	return list, err
}

// listOptions are what LIST asks for beyond the names: with LIST-EXTENDED
// the subscriptions, the special uses and, with LIST-STATUS, the counts;
// nil without LIST-EXTENDED.
func (c *Conn) listOptions() *imap.ListOptions {
	if !c.listExtended() {
		return nil
	}
	opts := &imap.ListOptions{ReturnSubscribed: true}
	if c.hasCap(imap.CapSpecialUse) {
		opts.ReturnSpecialUse = true
	}
	if c.listStatus() {
		opts.ReturnStatus = &imap.StatusOptions{NumMessages: true, UIDNext: true, UIDValidity: true,
			HighestModSeq: c.condStore()}
	}
	return opts
}

// subscriptions are the subscribed folders as LSUB names them, or nil
// (every folder taken as subscribed) with LIST-EXTENDED, which tells them
// in the LIST itself, or when LSUB fails: subscriptions are only recorded,
// so a server that lets LSUB fail still syncs.
func (c *Conn) subscriptions(ctx context.Context) map[string]bool {
	if c.listExtended() || c.lsub == nil {
		return nil
	}
	sub, err := c.lsub(ctx)
	if err != nil {
		return nil
	}
	return sub
}

// remoteFolderOf reads one LIST response: the folder, its subscription
// (from subscribed, nil meaning all, or from its attributes with
// LIST-EXTENDED) and its special use, if any. selectable is false for a
// folder that only holds others (\Noselect) or does not exist.
func (c *Conn) remoteFolderOf(l *imap.ListData, subscribed map[string]bool) (f remoteFolder, selectable bool) {
	f = remoteFolder{name: l.Mailbox, status: l.Status, subscribed: subscribed == nil || subscribed[l.Mailbox]}
	if c.listExtended() {
		f.subscribed = false // RETURN (SUBSCRIBED) says which are
	}
	if l.Delim != 0 {
		f.delim = string(l.Delim)
	}
	selectable = true
	for _, a := range l.Attrs {
		switch a {
		case imap.MailboxAttrNoSelect, imap.MailboxAttrNonExistent:
			selectable = false
		case imap.MailboxAttrSubscribed:
			f.subscribed = true
		case imap.MailboxAttrAll:
			f.all = true
		}
		// A server with SPECIAL-USE returns these in every LIST
		// response (RFC 6154 section 2), asked or not.
		if r, ok := specialUse[a]; ok && f.role == "" {
			f.role = r
		}
	}
	if strings.EqualFold(l.Mailbox, "INBOX") {
		f.role = storage.RoleInbox
		f.subscribed = true // RFC 9051 section 5.1: INBOX always exists
	}
	return f, selectable
}

// roleCandidate is a folder whose name suggests a role: its index in the
// list, its depth below the namespace and its rank (0 for the English name
// most clients create, 1 for a translation).
type roleCandidate struct{ i, depth, rank int }

// better tells whether a is to have the role rather than b.
func (a roleCandidate) better(b roleCandidate) bool {
	return a.depth < b.depth || (a.depth == b.depth && a.rank < b.rank)
}

// rolesByName gives the folders of a server without SPECIAL-USE their
// roles by their usual names, but never a role in used, nor one role
// twice. Where several names fit, a folder at the top of the namespace
// wins over one deeper down ("Sent" over "Projects/Sent"), then the
// English name over a translation, then the server's order. It returns
// the roles it gave.
func (c *Conn) rolesByName(out []remoteFolder, used map[string]bool) map[string]bool {
	best := map[string]roleCandidate{}
	for i := range out {
		if out[i].role != "" {
			continue
		}
		rel := c.ns.relative(out[i].name)
		r := roleByName(rel, out[i].delim)
		if r == "" || used[r] {
			continue
		}
		cand := roleCandidate{i: i}
		if out[i].delim != "" {
			cand.depth = strings.Count(rel, out[i].delim)
		}
		if !englishRole[strings.ToLower(rel)] {
			cand.rank = 1
		}
		if b, ok := best[r]; !ok || cand.better(b) {
			best[r] = cand
		}
	}
	named := map[string]bool{}
	for r, b := range best {
		out[b.i].role = r
		named[r] = true
	}
	return named
}

// archiveInAll makes the first \All folder without a role the archive: a
// server without an \Archive folder but with \All (Gmail's "All Mail")
// archives there. On Gmail, moving a message from the Inbox to All Mail
// takes the Inbox label off and keeps the message.
func archiveInAll(out []remoteFolder) {
	for i := range out {
		if out[i].all && out[i].role == "" {
			out[i].role = storage.RoleArchive
			return
		}
	}
}

// syncFolderList brings the local folder list in line with the server's
// and returns the local folders paired with what the server said of them.
// Folders named in pending folder actions are left alone: the queue will
// create, rename or delete them.
func (c *Conn) syncFolderList(ctx context.Context, st *storage.Store, accountID string) ([]storage.Folder, map[int64]remoteFolder, error) {
	remote, err := c.listFolders(ctx)
	if err != nil {
		return nil, nil, err
	}
	// After the list: without NAMESPACE it is what tells the layout.
	if err := st.SetFolderPrefix(ctx, accountID, c.ns.prefix); err != nil {
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
