package gui

import (
	"sort"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/tern-mail/tern/accounts"
	"github.com/tern-mail/tern/assets/i18n"
	"github.com/tern-mail/tern/storage"
)

// folderPane is the tree of accounts and their folders.
type folderPane struct {
	tree     *widget.Tree
	keys     *keyTree                  // the tree as drawn: it passes some keys on
	onKey    func(*fyne.KeyEvent) bool // keys for the window; may be nil
	accounts []accounts.Account
	byID     map[string]storage.Folder // "f<id>" → folder
	children map[string][]string       // node → child nodes
	labels   map[string]string
	onSelect func(ids []int64)
	onMenu   func(pos fyne.Position) // right-click on a folder
	selected string                  // node id of the selected folder, "" for none
	rows     []*folderRow            // every row made, to find the one under a drop
	onOutbox func()                  // the Outbox is chosen
	outbox   int                     // messages waiting to be sent: the Outbox shows while > 0
}

// outboxNode is the node of the unified Outbox.
const outboxNode = "outbox"

// roleOrder puts special folders first, in the order people expect.
var roleOrder = map[string]int{
	storage.RoleInbox: 0, storage.RoleDrafts: 1, storage.RoleSent: 2,
	storage.RoleArchive: 3, storage.RoleJunk: 4, storage.RoleTrash: 5, "": 6,
}

// allInboxes is the node of the unified Inbox.
const allInboxes = "all-inboxes"

func newFolderPane(onSelect func(ids []int64)) *folderPane {
	p := &folderPane{onSelect: onSelect, byID: map[string]storage.Folder{}, children: map[string][]string{}, labels: map[string]string{}}
	p.tree = widget.NewTree(
		func(id widget.TreeNodeID) []widget.TreeNodeID { return p.children[id] },
		func(id widget.TreeNodeID) bool {
			return len(p.children[id]) > 0 || strings.HasPrefix(id, "a") && id != allInboxes
		},
		func(branch bool) fyne.CanvasObject {
			r := newFolderRow()
			p.rows = append(p.rows, r)
			return r
		},
		func(id widget.TreeNodeID, branch bool, o fyne.CanvasObject) {
			r := o.(*folderRow)
			r.node = id
			r.label.SetText(p.labels[id])
			r.icon.SetResource(p.icon(id))
			r.onTap = func() { p.tree.Select(id) }
			r.onMenu = nil
			if _, ok := p.byID[id]; ok && p.onMenu != nil {
				r.onMenu = func(pos fyne.Position) {
					p.tree.Select(id)
					p.onMenu(pos)
				}
			}
		},
	)
	// The tree passes F6, F10 and Escape on to the window (see keyTree).
	t := p.tree
	p.keys = &keyTree{key: func(ev *fyne.KeyEvent) bool { return p.onKey != nil && p.onKey(ev) }}
	p.keys.ChildUIDs, p.keys.IsBranch, p.keys.CreateNode, p.keys.UpdateNode = t.ChildUIDs, t.IsBranch, t.CreateNode, t.UpdateNode
	p.keys.ExtendBaseWidget(p.keys)
	p.tree = &p.keys.Tree
	p.tree.OnSelected = func(id widget.TreeNodeID) {
		if id == outboxNode {
			p.selected = id
			if p.onOutbox != nil {
				p.onOutbox()
			}
			return
		}
		if id == allInboxes {
			p.selected = id
			p.onSelect(p.inboxIDs())
			return
		}
		if f, ok := p.byID[id]; ok {
			p.selected = id
			p.onSelect([]int64{f.ID})
		}
	}
	return p
}

func (p *folderPane) widget() fyne.CanvasObject { return p.keys }

// inboxIDs are every account's Inbox.
func (p *folderPane) inboxIDs() []int64 {
	var ids []int64
	for _, f := range p.byID {
		if f.Role == storage.RoleInbox {
			ids = append(ids, f.ID)
		}
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	return ids
}

func (p *folderPane) icon(id string) fyne.Resource {
	if id == allInboxes {
		return theme.MailComposeIcon()
	}
	if id == outboxNode {
		return theme.UploadIcon()
	}
	if strings.HasPrefix(id, "a") {
		return theme.AccountIcon()
	}
	switch p.byID[id].Role {
	case storage.RoleInbox:
		return theme.MailComposeIcon()
	case storage.RoleSent:
		return theme.MailSendIcon()
	case storage.RoleDrafts:
		return theme.DocumentIcon()
	case storage.RoleTrash:
		return theme.DeleteIcon()
	case storage.RoleJunk:
		return theme.WarningIcon()
	}
	return theme.FolderIcon()
}

// set rebuilds the tree from the accounts and their folders.
func (p *folderPane) set(accts []accounts.Account, folders []storage.Folder, last func() string) {
	p.accounts = accts
	p.byID = map[string]storage.Folder{}
	p.children = map[string][]string{}
	p.labels = map[string]string{}
	byAccount := map[string][]storage.Folder{}
	unread := 0
	for _, f := range folders {
		byAccount[f.AccountID] = append(byAccount[f.AccountID], f)
		if f.Role == storage.RoleInbox {
			unread += f.Unread
		}
	}
	p.addTopNodes(len(accts), unread)
	for _, a := range accts {
		p.addAccount(a, byAccount[a.ID])
	}
	p.tree.Refresh()
	p.keepSelection(last)
}

// addTopNodes adds the nodes above the accounts: All Inboxes (with the
// unread count of every Inbox) when there are several accounts, the
// Outbox when it holds messages.
func (p *folderPane) addTopNodes(nAccounts, unread int) {
	if nAccounts > 1 {
		p.children[""] = append(p.children[""], allInboxes)
		p.labels[allInboxes] = i18n.T("folders.all_inboxes")
		if unread > 0 {
			p.labels[allInboxes] = i18n.T("folders.all_inboxes.unread", i18n.Args{"Unread": i18n.Number(unread)})
		}
	}
	if p.outbox > 0 {
		p.children[""] = append(p.children[""], outboxNode)
		p.labels[outboxNode] = i18n.T("folders.outbox.waiting", i18n.Args{"Waiting": i18n.Number(p.outbox)})
	}
}

// addAccount adds an account's node, open, and its folders fs below it:
// special folders first, then by name, each under its parent folder when
// the account has it.
func (p *folderPane) addAccount(a accounts.Account, fs []storage.Folder) {
	aid := "a" + a.ID
	p.children[""] = append(p.children[""], aid)
	p.labels[aid] = a.Address
	sort.SliceStable(fs, func(i, j int) bool {
		ri, rj := roleOrder[fs[i].Role], roleOrder[fs[j].Role]
		if ri != rj {
			return ri < rj
		}
		return strings.ToLower(fs[i].Name) < strings.ToLower(fs[j].Name)
	})
	names := map[string]string{} // folder name as shown → node id
	for _, f := range fs {
		names[f.DisplayName()] = folderNode(f)
	}
	for _, f := range fs {
		id := folderNode(f)
		p.byID[id] = f
		parent, short := folderParent(f, names)
		if parent == "" {
			parent = aid
		}
		p.children[parent] = append(p.children[parent], id)
		if f.Unread > 0 {
			short = i18n.T("folders.unread", i18n.Args{"Folder": short, "Unread": i18n.Number(f.Unread)})
		}
		p.labels[id] = short
	}
	p.tree.OpenBranch(aid)
}

// folderNode is the tree's node id of a folder.
func folderNode(f storage.Folder) string { return "f" + strconv.FormatInt(f.ID, 10) }

// folderParent returns the node of the folder f sits in, found in names
// (name as shown → node), and f's name below it; "" and its whole name
// when it sits at the top of its account, as special folders always do.
func folderParent(f storage.Folder, names map[string]string) (parent, short string) {
	short = displayName(f)
	if f.Delimiter == "" || f.Role != "" {
		return "", short
	}
	dn := f.DisplayName()
	i := strings.LastIndex(dn, f.Delimiter)
	if i <= 0 {
		return "", short
	}
	if pid, ok := names[dn[:i]]; ok {
		return pid, dn[i+len(f.Delimiter):]
	}
	return "", short
}

// keepSelection selects again, after a rebuild, when the selected folder
// is gone (or the Outbox emptied): the folder last() names, else the
// first Inbox.
func (p *folderPane) keepSelection(last func() string) {
	if p.selected == outboxNode && p.outbox == 0 {
		p.selected = ""
	}
	if _, ok := p.byID[p.selected]; ok || p.selected == allInboxes || p.selected == outboxNode {
		return
	}
	if id := last(); id != "" {
		p.tree.Select(id)
		return
	}
	p.selectFirstInbox()
}

// selectFirstInbox opens the first account's Inbox, where people expect to
// start.
func (p *folderPane) selectFirstInbox() {
	for _, aid := range p.children[""] {
		for _, id := range p.children[aid] {
			if p.byID[id].Role == storage.RoleInbox {
				p.tree.Select(id)
				return
			}
		}
	}
}

// displayName is how a folder shows: special folders by their role.
func displayName(f storage.Folder) string {
	if n := roleName(f.Role); n != "" {
		return n
	}
	return f.DisplayName()
}
