package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/tern-mail/tern/storage"
)

// importFiles copies .eml files into a folder of an account. The messages
// are kept on this computer; they are not uploaded to any server.
func (e *env) importFiles(ctx context.Context, args []string) error {
	fs := e.flags("import")
	acct := fs.String("account", "", "the account to import into")
	folder := fs.String("folder", "INBOX", "the folder to import into (created when missing)")
	files, err := parse(fs, args)
	if err != nil {
		return err
	}
	if *acct == "" || len(files) == 0 {
		return fmt.Errorf("%w: import needs --account and at least one .eml file", errUsage)
	}
	a, err := e.manager.Get(*acct)
	if err != nil {
		return err
	}
	f, err := e.store.FolderByName(ctx, a.ID, *folder)
	if errors.Is(err, storage.ErrNotFound) {
		role := ""
		if strings.EqualFold(*folder, "INBOX") {
			role = storage.RoleInbox
		}
		f, err = e.store.EnsureFolder(ctx, a.ID, *folder, "/", role)
	}
	if err != nil {
		return err
	}
	msgs := make([]storage.NewMessage, 0, len(files))
	for _, name := range files {
		raw, err := os.ReadFile(name)
		if err != nil {
			return fmt.Errorf("import %s: %w", filepath.Base(name), err)
		}
		info, _ := os.Stat(name)
		msgs = append(msgs, storage.NewMessage{Raw: raw, Received: info.ModTime()})
	}
	ids, err := e.store.AddMessages(ctx, f.ID, msgs)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.io.out, "Imported %d messages into %s.\n", len(ids), f.Name)
	return nil
}
