package engine

import (
	"context"
	"fmt"

	"github.com/tern-mail/tern/accounts"
	"github.com/tern-mail/tern/storage"
)

// queued reports whether an account's changes must be sent to its server
// (IMAP) or stay on this computer (POP3's local folders).
func (e *Engine) queued(accountID string) (bool, error) {
	a, err := e.m.Get(accountID)
	if err != nil {
		return false, err
	}
	return a.Protocol == accounts.IMAP, nil
}

// policy says per account what an action does beyond this computer: an
// IMAP server gets every change; a POP3 server only loses downloads the
// user deleted, when the account asks for that.
func (e *Engine) policy() storage.ServerEffects {
	get := func(id string) (accounts.Account, bool) {
		a, err := e.m.Get(id)
		return a, err == nil
	}
	return storage.ServerEffects{
		Queue: func(id string) bool {
			a, ok := get(id)
			return ok && a.Protocol == accounts.IMAP
		},
		POP3Delete: func(id string) bool {
			a, ok := get(id)
			return ok && a.Protocol == accounts.POP3 && a.POP3.DeleteOnServerWhenDeleted
		},
	}
}

// act carries out op on messages in one transaction and wakes the
// accounts' workers to tell the servers.
func (e *Engine) act(ctx context.Context, op storage.Op, ids []int64) (storage.Undo, error) {
	accts, err := e.st.AccountsOf(ctx, ids)
	if err != nil {
		return storage.Undo{}, err
	}
	u, err := e.st.Act(ctx, op, ids, e.policy())
	if err != nil {
		return storage.Undo{}, err
	}
	for _, a := range accts {
		e.Kick(a)
	}
	return u, nil
}

// Mark changes flags of messages: shown at once, sent to the server later.
func (e *Engine) Mark(ctx context.Context, ids []int64, ch storage.FlagChange) (storage.Undo, error) {
	return e.act(ctx, storage.Op{Kind: storage.OpFlags, Flags: ch}, ids)
}

// MoveTo moves messages to a folder of their account.
func (e *Engine) MoveTo(ctx context.Context, ids []int64, folderID int64) (storage.Undo, error) {
	return e.act(ctx, storage.Op{Kind: storage.OpMove, Dest: folderID}, ids)
}

// Move moves messages of one account to its folder called folder.
func (e *Engine) Move(ctx context.Context, ids []int64, folder string) (storage.Undo, error) {
	accts, err := e.st.AccountsOf(ctx, ids)
	if err != nil {
		return storage.Undo{}, err
	}
	if len(accts) != 1 {
		return storage.Undo{}, fmt.Errorf("move: the messages must be of one account")
	}
	f, err := e.st.FolderByName(ctx, accts[0], folder)
	if err != nil {
		return storage.Undo{}, fmt.Errorf("move: no folder %q in this account", folder)
	}
	return e.MoveTo(ctx, ids, f.ID)
}

// CopyTo copies messages into a folder of their account.
func (e *Engine) CopyTo(ctx context.Context, ids []int64, folderID int64) error {
	f, err := e.st.FolderByID(ctx, folderID)
	if err != nil {
		return err
	}
	q, err := e.queued(f.AccountID)
	if err != nil {
		return err
	}
	if _, err := e.st.CopyMessages(ctx, ids, folderID, q); err != nil {
		return err
	}
	e.Kick(f.AccountID)
	return nil
}

// Delete moves messages to the Trash, or deletes them for good from the
// Trash. For a POP3 account that asks for it, the server copy goes too at
// the next check (unless undone before).
func (e *Engine) Delete(ctx context.Context, ids []int64) (storage.Undo, error) {
	return e.act(ctx, storage.Op{Kind: storage.OpDelete}, ids)
}

// DeleteForever deletes messages for good, wherever they are; it cannot be
// undone.
func (e *Engine) DeleteForever(ctx context.Context, ids []int64) error {
	_, err := e.act(ctx, storage.Op{Kind: storage.OpDeleteForever}, ids)
	return err
}

// Archive moves messages to their account's Archive folder, which is made
// first when the account has none.
func (e *Engine) Archive(ctx context.Context, ids []int64) (storage.Undo, error) {
	return e.toRole(ctx, ids, storage.RoleArchive, "Archive")
}

// Junk moves messages to their account's Junk folder, made first when the
// account has none.
func (e *Engine) Junk(ctx context.Context, ids []int64) (storage.Undo, error) {
	return e.toRole(ctx, ids, storage.RoleJunk, "Junk")
}

// toRole moves messages to the folder of the given role in each of their
// accounts, creating it under name when missing.
func (e *Engine) toRole(ctx context.Context, ids []int64, role, name string) (storage.Undo, error) {
	byAcct, err := e.st.IDsByAccount(ctx, ids)
	if err != nil {
		return storage.Undo{}, err
	}
	var all storage.Undo
	for acct, l := range byAcct {
		f, err := e.roleFolder(ctx, acct, role, name)
		if err != nil {
			return all, err
		}
		u, err := e.MoveTo(ctx, l, f)
		if err != nil {
			return all, err
		}
		all.Moves = append(all.Moves, u.Moves...)
	}
	return all, nil
}

// roleFolder returns the id of an account's folder with role, making a
// folder called name (queued for an IMAP server) when there is none.
func (e *Engine) roleFolder(ctx context.Context, accountID, role, name string) (int64, error) {
	fs, err := e.st.Folders(ctx, accountID)
	if err != nil {
		return 0, err
	}
	delim := "/"
	for _, f := range fs {
		if f.Role == role {
			return f.ID, nil
		}
		if f.Role == storage.RoleInbox && f.Delimiter != "" {
			delim = f.Delimiter
		}
	}
	for _, f := range fs {
		if f.Name == name {
			f, err := e.st.EnsureFolder(ctx, accountID, name, f.Delimiter, role)
			return f.ID, err
		}
	}
	q, err := e.queued(accountID)
	if err != nil {
		return 0, err
	}
	if _, err := e.st.CreateFolder(ctx, accountID, name, delim, q); err != nil {
		return 0, err
	}
	f, err := e.st.EnsureFolder(ctx, accountID, name, delim, role)
	return f.ID, err
}

// Undo puts messages back as they were before an action, as a new action
// of its own: it works offline, and an IMAP server that already carried
// out the first action gets the inverse.
func (e *Engine) Undo(ctx context.Context, u storage.Undo) error {
	var ids []int64
	for _, m := range u.Moves {
		ids = append(ids, m.MessageID)
	}
	for _, f := range u.Flags {
		ids = append(ids, f.MessageID)
	}
	accts, err := e.st.AccountsOf(ctx, ids)
	if err != nil {
		return err
	}
	if err := e.st.Undo(ctx, u, e.policy()); err != nil {
		return err
	}
	for _, a := range accts {
		e.Kick(a)
	}
	for _, r := range u.POP3 {
		e.Kick(r.AccountID)
	}
	return nil
}

// EmptyFolder deletes every message in a folder for good (Empty Trash,
// Empty Junk) and returns how many went.
func (e *Engine) EmptyFolder(ctx context.Context, folderID int64) (int, error) {
	f, err := e.st.FolderByID(ctx, folderID)
	if err != nil {
		return 0, err
	}
	n, err := e.st.EmptyFolder(ctx, folderID, e.policy())
	if err != nil {
		return 0, err
	}
	e.Kick(f.AccountID)
	return n, nil
}

// CreateFolder makes a folder in an account.
func (e *Engine) CreateFolder(ctx context.Context, accountID, name string) error {
	q, err := e.queued(accountID)
	if err != nil {
		return err
	}
	delim := "/"
	if fs, err := e.st.Folders(ctx, accountID); err == nil {
		for _, f := range fs {
			if f.Role == storage.RoleInbox && f.Delimiter != "" {
				delim = f.Delimiter
			}
		}
	}
	if _, err := e.st.CreateFolder(ctx, accountID, name, delim, q); err != nil {
		return err
	}
	e.Kick(accountID)
	return nil
}

// RenameFolder renames a folder (and the folders inside it).
func (e *Engine) RenameFolder(ctx context.Context, accountID, name, newName string) error {
	f, err := e.st.FolderByName(ctx, accountID, name)
	if err != nil {
		return fmt.Errorf("rename: no folder %q", name)
	}
	if f.Role == storage.RoleInbox {
		return fmt.Errorf("rename: the Inbox cannot be renamed")
	}
	q, err := e.queued(accountID)
	if err != nil {
		return err
	}
	if err := e.st.RenameFolderQueued(ctx, f.ID, newName, q); err != nil {
		return err
	}
	e.Kick(accountID)
	return nil
}

// DeleteFolder deletes a folder with the messages in it.
func (e *Engine) DeleteFolder(ctx context.Context, accountID, name string) error {
	f, err := e.st.FolderByName(ctx, accountID, name)
	if err != nil {
		return fmt.Errorf("delete: no folder %q", name)
	}
	if f.Role != "" {
		return fmt.Errorf("delete: %s is a special folder and cannot be deleted", name)
	}
	q, err := e.queued(accountID)
	if err != nil {
		return err
	}
	if err := e.st.DeleteFolderQueued(ctx, f.ID, q); err != nil {
		return err
	}
	e.Kick(accountID)
	return nil
}
