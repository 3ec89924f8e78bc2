package main

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/tern-mail/tern/accounts"
	"github.com/tern-mail/tern/storage"
	"github.com/tern-mail/tern/storage/message"
)

// sync runs one full pass for each selected account, with progress on
// stderr.
func (e *env) sync(ctx context.Context, args []string) error {
	fs := e.flags("sync")
	acct := fs.String("account", "", "only this account")
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
			errs = append(errs, fmt.Errorf("%s: %w", a.Address, err))
			continue
		}
		stop(false)
		fmt.Fprintf(e.io.err, "%s: up to date (%.1fs)\n", a.Address, time.Since(start).Seconds())
	}
	stop(true)
	if n := refusals(e.printNotices(ctx), accts); n > 0 {
		errs = append(errs, fmt.Errorf("%w: %d (see above)", errRefused, n))
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
			line := fmt.Sprintf("%s %s: %s %d of %d", names[p.AccountID], p.Folder, p.Phase, p.Done, p.Total)
			if p.Bytes > 0 {
				line += fmt.Sprintf(" (%s)", message.SizeText(int(p.Bytes)))
			}
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

// folders lists each account's folders.
func (e *env) folders(ctx context.Context, args []string) error {
	fs := e.flags("folders")
	acct := fs.String("account", "", "only this account")
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
	return accounts.Account{}, fmt.Errorf("%w: several accounts: say which with --account", errUsage)
}
