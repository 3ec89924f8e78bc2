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
)

// importFiles imports mail from other programs' files into an account:
// an IMAP account's server, a POP3 account's folders on this computer.
// With --list it only shows what it would import (without paths, the
// Thunderbird profiles on this computer).
func (e *env) importFiles(ctx context.Context, args []string) error {
	fs := e.flags("import")
	acct := fs.String("account", "", i18n.T("cli.flag.import.account"))
	folder := fs.String("folder", "", i18n.T("cli.flag.import.folder"))
	list := fs.Bool("list", false, i18n.T("cli.flag.import.list"))
	paths, err := parse(fs, args)
	if err != nil {
		return err
	}
	if *list {
		return e.importList(ctx, paths)
	}
	if *acct == "" || len(paths) == 0 {
		return fmt.Errorf("%w: %s", errUsage, i18n.T("import.usage"))
	}
	a, err := e.manager.Get(*acct)
	if err != nil {
		return err
	}
	boxes, skipped, err := transfer.Scan(paths)
	if err != nil {
		return err
	}
	for _, s := range skipped {
		fmt.Fprintln(e.io.err, "tern:", i18n.T("import.skipped", i18n.Args{"Path": s}))
	}
	if len(boxes) == 0 {
		return errors.New(i18n.T("import.nothing"))
	}
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	target, done, err := transfer.OpenTarget(ctx, e.engine, e.store, a)
	if err != nil {
		return err
	}
	defer done()
	p, err := transfer.Import(ctx, target, boxes, e.importOptions(a, *folder))
	e.importSummary(a, p)
	if ctx.Err() != nil {
		return errors.New(i18n.T("import.stopped"))
	}
	return err
}

// importOptions records progress in the profile and tells it on standard
// error, at most once a second, with each message left out.
func (e *env) importOptions(a accounts.Account, folder string) transfer.Options {
	var last time.Time
	return transfer.Options{
		Folder:    folder,
		StateFile: transfer.StateFile(e.manager.ProfileDir()),
		StateKey:  a.ID,
		OnProgress: func(p transfer.Progress) {
			if time.Since(last) < time.Second {
				return
			}
			last = time.Now()
			fmt.Fprintln(e.io.err, "tern:", oneLine(i18n.T("import.progress", i18n.Args{
				"Messages": i18n.Number(p.Imported + p.Duplicates), "Folder": p.Folder,
				"Done": i18n.Size(p.Done), "Total": i18n.Size(p.Total), "Left": i18n.TimeLeft(p.Left)})))
		},
		OnProblem: func(p transfer.Problem) {
			fmt.Fprintln(e.io.err, "tern:", oneLine(i18n.T("import.problem", i18n.Args{
				"Mailbox": p.Mailbox, "Subject": p.Subject, "Reason": p.Err.Error()})))
		},
	}
}

// importSummary says what the import did, one sentence per kind of
// outcome that happened.
func (e *env) importSummary(a accounts.Account, p transfer.Progress) {
	var s []string
	s = append(s, i18n.N("import.summary.imported", p.Imported, i18n.Args{"Account": a.Address}))
	for _, c := range []struct {
		id string
		n  int
	}{
		{"import.summary.duplicates", p.Duplicates},
		{"import.summary.raw", p.KeptRaw},
		{"import.summary.deleted", p.Deleted},
		{tooLargeID(a), p.TooLarge},
		{"import.summary.refused", p.Refused},
	} {
		if c.n > 0 {
			s = append(s, i18n.N(c.id, c.n))
		}
	}
	if transfer.Uploads(a) && p.Imported > 0 {
		s = append(s, i18n.T("import.summary.sync"))
	}
	fmt.Fprintln(e.io.out, strings.Join(s, " "))
}

// tooLargeID is what became of messages over 100 MB: kept as their
// header here, left out of an upload.
func tooLargeID(a accounts.Account) string {
	if transfer.Uploads(a) {
		return "import.summary.large.server"
	}
	return "import.summary.large.local"
}

// importList shows what an import of paths would read: each folder with
// its number of messages. Without paths, the Thunderbird profiles on
// this computer and their accounts.
func (e *env) importList(ctx context.Context, paths []string) error {
	if len(paths) == 0 {
		return e.thunderbirdList(ctx)
	}
	boxes, skipped, err := transfer.Scan(paths)
	if err != nil {
		return err
	}
	for _, b := range boxes {
		if err := ctx.Err(); err != nil {
			return err
		}
		n, err := transfer.Count(b)
		if err != nil {
			return err
		}
		name := b.Name()
		if name == "" {
			name = "INBOX"
		}
		fmt.Fprintf(e.io.out, "%s\t%s\t%s\t%s\n", oneLine(name), i18n.N("import.list.count", n), b.Kind, oneLine(b.Where))
	}
	for _, s := range skipped {
		fmt.Fprintln(e.io.err, "tern:", i18n.T("import.skipped", i18n.Args{"Path": s}))
	}
	return nil
}

// thunderbirdList lists the Thunderbird profiles on this computer, each
// with its accounts and the folder to give tern import.
func (e *env) thunderbirdList(ctx context.Context) error {
	profiles, err := transfer.ThunderbirdProfiles()
	if err != nil {
		return err
	}
	if len(profiles) == 0 {
		fmt.Fprintln(e.io.out, i18n.T("import.list.none"))
		return nil
	}
	for _, p := range profiles {
		id := "import.list.profile"
		if p.Default {
			id = "import.list.profile.default"
		}
		fmt.Fprintln(e.io.out, i18n.T(id, i18n.Args{"Name": oneLine(p.Name), "Dir": oneLine(p.Dir)}))
		for _, a := range p.Accounts {
			if a.HasMail() {
				fmt.Fprintf(e.io.out, "\t%s\t%s\n", oneLine(a.Name), oneLine(a.Dir))
			}
		}
	}
	return ctx.Err()
}
