package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/tern-mail/tern/accounts"
	"github.com/tern-mail/tern/accounts/transfer"
	"github.com/tern-mail/tern/assets/i18n"
	"github.com/tern-mail/tern/storage"
)

// exportFiles writes an account's folders (or one folder and those
// below it) to mbox files or .eml files in a folder.
func (e *env) exportFiles(ctx context.Context, args []string) error {
	fs := e.flags("export")
	acct := fs.String("account", "", i18n.T("cli.flag.export.account"))
	folder := fs.String("folder", "", i18n.T("cli.flag.export.folder"))
	mboxDir := fs.String("mbox", "", i18n.T("cli.flag.export.mbox"))
	emlDir := fs.String("eml", "", i18n.T("cli.flag.export.eml"))
	if _, err := parse(fs, args); err != nil {
		return err
	}
	if *acct == "" || (*mboxDir == "") == (*emlDir == "") {
		return fmt.Errorf("%w: %s", errUsage, i18n.T("export.usage"))
	}
	a, err := e.manager.Get(*acct)
	if err != nil {
		return err
	}
	folders, err := e.exportFolders(ctx, a, *folder)
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	export, dir := transfer.ExportMbox, *mboxDir
	if *emlDir != "" {
		export, dir = transfer.ExportEML, *emlDir
	}
	p, err := export(ctx, e.store, folders, dir, e.exportOptions(a))
	fmt.Fprintln(e.io.out, e.exportSummary(p, dir))
	if ctx.Err() != nil {
		return errors.New(i18n.T("export.stopped"))
	}
	return err
}

// exportFolders are the account's folders, or the one named and those
// below it.
func (e *env) exportFolders(ctx context.Context, a accounts.Account, name string) ([]storage.Folder, error) {
	all, err := e.store.Folders(ctx, a.ID)
	if err != nil || name == "" {
		return all, err
	}
	top, err := e.store.FolderByName(ctx, a.ID, name)
	if errors.Is(err, storage.ErrNotFound) {
		return nil, errors.New(i18n.T("export.no_folder", i18n.Args{"Folder": name}))
	}
	if err != nil {
		return nil, err
	}
	var out []storage.Folder
	for _, f := range all {
		if f.ID == top.ID || (top.Delimiter != "" && strings.HasPrefix(f.Name, top.Name+top.Delimiter)) {
			out = append(out, f)
		}
	}
	return out, nil
}

// exportOptions fetch what the offline policy left on an IMAP server
// and tell the progress on standard error, at most once a second.
func (e *env) exportOptions(a accounts.Account) transfer.ExportOptions {
	var last time.Time
	opts := transfer.ExportOptions{OnProgress: func(p transfer.ExportProgress) {
		if time.Since(last) < time.Second {
			return
		}
		last = time.Now()
		fmt.Fprintln(e.io.err, "tern:", oneLine(i18n.T("export.progress", i18n.Args{"Folder": p.Folder,
			"Done": i18n.Number(p.Messages), "Total": i18n.Number(p.Total), "Left": i18n.TimeLeft(p.Left)})))
	}}
	if a.Protocol == accounts.IMAP {
		opts.FetchBodies = func(ctx context.Context, f storage.Folder, uids map[int64]uint32) error {
			err := e.engine.FetchBodies(ctx, a, f.Name, uids)
			if err != nil {
				// The messages are left out and counted; the rest goes on.
				fmt.Fprintln(e.io.err, "tern:", oneLine(err.Error()))
			}
			return nil
		}
	}
	return opts
}

// exportSummary says what the export did.
func (e *env) exportSummary(p transfer.ExportProgress, dir string) string {
	s := i18n.N("export.summary", p.Messages, i18n.Args{"Folders": i18n.N("export.folders", p.Folders), "Dir": dir})
	if p.Missing > 0 {
		s += " " + i18n.N("export.missing", p.Missing)
	}
	return s
}
