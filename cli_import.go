package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/tern-mail/tern/assets/i18n"
	"github.com/tern-mail/tern/storage"
	"github.com/tern-mail/tern/storage/message"
)

// importFiles copies .eml files into a folder of an account. The messages
// are kept on this computer; they are not uploaded to any server.
func (e *env) importFiles(ctx context.Context, args []string) error {
	fs := e.flags("import")
	acct := fs.String("account", "", i18n.T("cli.flag.import.account"))
	folder := fs.String("folder", "INBOX", i18n.T("cli.flag.import.folder"))
	files, err := parse(fs, args)
	if err != nil {
		return err
	}
	if *acct == "" || len(files) == 0 {
		return say(errUsage, "cli.error.import_args")
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
		m, err := readMessageFile(name)
		if err != nil {
			return say(nil, "cli.import.file_failed", i18n.Args{"File": filepath.Base(name), "Error": err})
		}
		msgs = append(msgs, m)
	}
	ids, err := e.store.AddMessages(ctx, f.ID, msgs)
	imported := len(ids)
	failed := 0
	if err != nil {
		// One message must not keep the others out: store each on its own
		// and name those that fail.
		imported = 0
		for i, m := range msgs {
			if err := addOne(ctx, e.store, f.ID, m); err != nil {
				failed++
				fmt.Fprintln(e.io.err, "tern:", oneLine(i18n.T("cli.import.file_failed", i18n.Args{"File": filepath.Base(files[i]), "Error": personText(err)})))
				continue
			}
			imported++
		}
	}
	fmt.Fprintln(e.io.out, i18n.N("cli.import.done", imported, i18n.Args{"Folder": f.Name}))
	if failed > 0 {
		return sayN(nil, "cli.import.some_failed", len(msgs), i18n.Args{"Failed": failed})
	}
	return nil
}

// addOne stores one imported message; a panic while it is read becomes
// an error about that message alone.
func addOne(ctx context.Context, st *storage.Store, folderID int64, m storage.NewMessage) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = say(nil, "cli.import.unreadable", i18n.Args{"Cause": fmt.Sprint(r)})
		}
	}()
	_, err = st.AddMessage(ctx, folderID, m)
	return err
}

// readMessageFile reads an .eml file. Of a file larger than
// message.MaxMessageBytes only the header is read and kept, marked with
// the file's size, as Tern keeps such messages from a server.
func readMessageFile(name string) (storage.NewMessage, error) {
	f, err := os.Open(name)
	if err != nil {
		return storage.NewMessage{}, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return storage.NewMessage{}, err
	}
	m := storage.NewMessage{Received: info.ModTime(), Size: info.Size()}
	if info.Size() <= message.MaxMessageBytes {
		// Read into a buffer of the file's size: growing one as it fills
		// would hold twice the message at once.
		var b bytes.Buffer
		b.Grow(int(info.Size()) + bytes.MinRead)
		_, err = b.ReadFrom(f)
		m.Raw = b.Bytes()
		return m, err
	}
	var header bytes.Buffer
	r := bufio.NewReader(io.LimitReader(f, message.MaxHeaderBytes+64<<10))
	for {
		line, err := r.ReadBytes('\n')
		header.Write(line)
		if err != nil || len(bytes.TrimRight(line, "\r\n")) == 0 {
			break
		}
	}
	m.Raw = message.HeadersOnlySource(header.Bytes(), info.Size())
	return m, nil
}
