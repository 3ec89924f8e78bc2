package main

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/tern-mail/tern/accounts"
	"github.com/tern-mail/tern/assets/i18n"
	"github.com/tern-mail/tern/storage"
	"github.com/tern-mail/tern/storage/message"
)

// sync runs one full pass for each selected account, with progress on
// stderr.
func (e *env) sync(ctx context.Context, args []string) error {
	fs := e.flags("sync")
	acct := fs.String("account", "", i18n.T("cli.flag.only_account"))
	verbose := fs.Bool("verbose", false, i18n.T("lang.flag.verbose"))
	if _, err := parse(fs, args); err != nil {
		return err
	}
	accts, err := e.selectAccounts(*acct)
	if err != nil {
		return err
	}
	if len(accts) == 0 {
		return errNoAccounts
	}
	stop := e.showProgress(accts)
	var errs []error
	for _, a := range accts {
		start := time.Now()
		if err := e.engine.SyncOnce(ctx, a); err != nil {
			errs = append(errs, e.syncFailed(a.Address, err, *verbose))
			continue
		}
		stop(false)
		fmt.Fprintln(e.io.err, i18n.T("cli.sync.up_to_date", i18n.Args{"Account": a.Address,
			"Seconds": fmt.Sprintf("%.1f", time.Since(start).Seconds())}))
	}
	stop(true)
	if n := refusals(e.printNotices(ctx), accts); n > 0 {
		errs = append(errs, sayN(errRefused, "cli.sync.refused", n, nil))
	}
	return errors.Join(errs...)
}

// showProgress prints sync progress to stderr, at most a few lines a
// second. The returned function flushes (and with end, stops) it.
func (e *env) showProgress(accts []accounts.Account) func(end bool) {
	names := map[string]string{}
	for _, a := range accts {
		names[a.ID] = a.Address
	}
	sub := e.store.Subscribe()
	done := make(chan struct{})
	var wg sync.WaitGroup
	var mu sync.Mutex
	last := map[string]string{}
	print := func() {
		mu.Lock()
		defer mu.Unlock()
		for _, p := range e.store.Progress() {
			line := progressLine(names[p.AccountID], p)
			key := p.AccountID + p.Folder + p.Phase
			if last[key] != line {
				last[key] = line
				fmt.Fprintln(e.io.err, line)
			}
		}
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		tick := time.NewTicker(250 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-tick.C:
				select {
				case c := <-sub.C():
					if c&storage.ChangeProgress != 0 {
						print()
					}
				default:
				}
			}
		}
	}()
	var once sync.Once
	return func(end bool) {
		if end {
			once.Do(func() { close(done); wg.Wait(); sub.Close() })
		}
	}
}

// progressPhases are the words of the phases of a sync, by the store's
// names for them.
var progressPhases = map[string]string{
	"headers":  "cli.sync.progress.headers",
	"bodies":   "cli.sync.progress.bodies",
	"download": "cli.sync.progress.download",
}

// progressLine says how far a sync of one folder of account is.
func progressLine(account string, p storage.Progress) string {
	args := i18n.Args{"Account": account, "Folder": p.Folder, "Phase": p.Phase, "Done": p.Done, "Total": p.Total}
	id, ok := progressPhases[p.Phase]
	if !ok {
		id = "cli.sync.progress.other"
	}
	line := i18n.T(id, args)
	if p.Bytes > 0 {
		line = i18n.T("cli.sync.progress.size", i18n.Args{"Progress": line, "Size": message.SizeText(int(p.Bytes))})
	}
	return line
}

// folders lists each account's folders.
func (e *env) folders(ctx context.Context, args []string) error {
	fs := e.flags("folders")
	acct := fs.String("account", "", i18n.T("cli.flag.only_account"))
	if _, err := parse(fs, args); err != nil {
		return err
	}
	accts, err := e.selectAccounts(*acct)
	if err != nil {
		return err
	}
	for _, a := range accts {
		folders, err := e.store.Folders(ctx, a.ID)
		if err != nil {
			return err
		}
		for _, f := range folders {
			role := f.Role
			if role == "" {
				role = "-"
			}
			fmt.Fprintf(e.io.out, "%s\t%s\t%s\t%d\t%d\n", a.Address, f.DisplayName(), role, f.Unread, f.Total)
		}
	}
	return nil
}

// oneAccount returns the account named by addr, or the only one.
func (e *env) oneAccount(addr string) (accounts.Account, error) {
	if addr != "" {
		return e.manager.Get(addr)
	}
	l := e.manager.List()
	if len(l) == 1 {
		return l[0], nil
	}
	if len(l) == 0 {
		return accounts.Account{}, errNoAccounts
	}
	return accounts.Account{}, say(errUsage, "cli.error.several_accounts")
}
