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

// accountOf returns the account a message belongs to.
func (e *Engine) accountOf(ctx context.Context, id int64) (string, error) {
	m, err := e.st.Message(ctx, id)
	if err != nil {
		return "", err
	}
	return m.AccountID, nil
}

// Mark changes flags of a message: shown at once, sent to the server later.
func (e *Engine) Mark(ctx context.Context, id int64, ch storage.FlagChange) error {
	acct, err := e.accountOf(ctx, id)
	if err != nil {
		return err
	}
	q, err := e.queued(acct)
	if err != nil {
		return err
	}
	if err := e.st.ChangeFlags(ctx, []int64{id}, ch, q); err != nil {
		return err
	}
	e.Kick(acct)
	return nil
}

// Move moves a message to another folder of its account.
func (e *Engine) Move(ctx context.Context, id int64, folder string) error {
	acct, err := e.accountOf(ctx, id)
	if err != nil {
		return err
	}
	f, err := e.st.FolderByName(ctx, acct, folder)
	if err != nil {
		return fmt.Errorf("move: no folder %q in this account", folder)
	}
	q, err := e.queued(acct)
	if err != nil {
		return err
	}
	if err := e.st.MoveMessages(ctx, []int64{id}, f.ID, q); err != nil {
		return err
	}
	e.Kick(acct)
	return nil
}

// Delete moves a message to the Trash, or deletes it for good from the
// Trash. For a POP3 account that asks for it, the server copy goes too at
// the next check.
func (e *Engine) Delete(ctx context.Context, id int64) error {
	acct, uidl, err := e.st.MessageUIDL(ctx, id)
	if err != nil {
		return err
	}
	a, err := e.m.Get(acct)
	if err != nil {
		return err
	}
	q := a.Protocol == accounts.IMAP
	if a.Protocol == accounts.POP3 && a.POP3.DeleteOnServerWhenDeleted && uidl != "" {
		if err := e.st.MarkPOP3DeleteOnServer(ctx, acct, uidl); err != nil {
			return err
		}
	}
	if err := e.st.DeleteMessages(ctx, []int64{id}, q); err != nil {
		return err
	}
	e.Kick(acct)
	return nil
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
