package gui

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/tern-mail/tern/storage"
	"github.com/tern-mail/tern/storage/message"
)

// exported is what exportAccount wrote.
type exported struct {
	dir      string // the folder made for the account
	messages int    // messages written
	headers  int    // messages left out: only their header is on this computer
}

// exportAccount writes every message of an account that is on this
// computer, as it arrived, into dir as .eml files, which every mail
// program opens: a new folder named after the address, in it a folder
// for each mail folder, and in those "0001 Subject.eml", numbered newest
// first. Names go through message.SafeFilename; nothing is written over
// an existing file. Files are readable by their owner only: they are
// mail.
func exportAccount(ctx context.Context, st *storage.Store, accountID, address, dir string) (exported, error) {
	var out exported
	root, err := newFolder(dir, message.SafeFilename(address, "", 0))
	if err != nil {
		return out, err
	}
	out.dir = root
	folders, err := st.Folders(ctx, accountID)
	if err != nil {
		return out, err
	}
	for _, f := range folders {
		if f.Total == 0 {
			continue
		}
		if err := exportFolder(ctx, st, f, root, &out); err != nil {
			return out, err
		}
	}
	return out, nil
}

// exportFolder writes the messages of f into a folder of its own under
// root.
func exportFolder(ctx context.Context, st *storage.Store, f storage.Folder, root string, out *exported) error {
	sub, err := newFolder(root, message.SafeFilename(slashes.Replace(displayName(f)), "", 0))
	if err != nil {
		return err
	}
	list, err := st.ListMessages(ctx, storage.ListQuery{FolderIDs: []int64{f.ID}})
	if err != nil {
		return err
	}
	for i, m := range list {
		sm, err := st.Message(ctx, m.ID)
		if err != nil {
			return err
		}
		if len(sm.Raw) == 0 {
			out.headers++
			continue
		}
		name := message.SafeFilename(emlName(i+1, m.Subject), "message/rfc822", i)
		if err := os.WriteFile(filepath.Join(sub, name), sm.Raw, 0o600); err != nil {
			return fmt.Errorf("export: %w", err)
		}
		out.messages++
	}
	return nil
}

// slashes are what would make a subject or folder name a path.
var slashes = strings.NewReplacer("/", "-", "\\", "-")

// emlName is the file name of the nth message of a folder.
func emlName(n int, subject string) string {
	if subject = strings.TrimSpace(slashes.Replace(subject)); subject == "" {
		return fmt.Sprintf("%04d.eml", n)
	}
	return fmt.Sprintf("%04d %s.eml", n, subject)
}

// newFolder makes a new folder called name in dir, or "name (2)" and so
// on when that exists, and returns its path.
func newFolder(dir, name string) (string, error) {
	for n := 1; n < 1000; n++ {
		p := filepath.Join(dir, name)
		if n > 1 {
			p = filepath.Join(dir, fmt.Sprintf("%s (%d)", name, n))
		}
		err := os.Mkdir(p, 0o700)
		if err == nil {
			return p, nil
		}
		if !errors.Is(err, fs.ErrExist) {
			return "", fmt.Errorf("export: %w", err)
		}
	}
	return "", fmt.Errorf("export: %s: too many folders of that name", filepath.Join(dir, name))
}
