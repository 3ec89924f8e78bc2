package pop3

import (
	"context"
	"errors"
	"time"

	"github.com/tern-mail/tern/accounts"
	"github.com/tern-mail/tern/storage"
)

// Worker checks a POP3 account every CheckInterval while Tern runs, and at
// once when kicked ("Get mail").
type Worker struct {
	Account  accounts.Account
	Store    *storage.Store
	Password func(ctx context.Context) (string, error)
	Options  Options
	// OnStatus, if set, hears the outcome of each check.
	OnStatus func(online bool, err error)

	// Kicker's Kick asks for a pass soon (after a local action, or "Get
	// mail").
	accounts.Kicker
	// recheck is kicked by Recheck.
	recheck accounts.Kicker
}

// retryMax caps the wait before retrying a check that failed, whatever
// the check interval.
const retryMax = 5 * time.Minute

// Recheck tells the worker that the network may have changed (it came
// back, the computer woke up, another connection to the account's servers
// just worked): it checks at once, its retry backoff started afresh. It
// never blocks.
func (w *Worker) Recheck() { w.recheck.Kick() }

// Run checks until ctx is cancelled. After a failed check it retries
// sooner, doubling the wait up to the check interval (and at most
// retryMax); a server that asks for a delay between logins (LOGIN-DELAY)
// gets it. A kick or a recheck checks at once and starts the backoff
// afresh.
func (w *Worker) Run(ctx context.Context) {
	failures := 0
	for {
		wait := w.Account.CheckInterval()
		pw, err := w.Password(ctx)
		if err == nil {
			_, err = Check(ctx, w.Account, w.Store, pw, w.Options)
		}
		if ctx.Err() != nil {
			return
		}
		if w.OnStatus != nil {
			w.OnStatus(err == nil, err)
		}
		if err != nil {
			retry := accounts.Backoff{First: 5 * time.Second, Max: min(wait, retryMax)}.Delay(failures)
			wait = retryAfter(err, retry, wait)
			failures++
		} else {
			failures = 0
		}
		if !w.sleep(ctx, wait) {
			failures = 0
		}
		if ctx.Err() != nil {
			return
		}
	}
}

// sleep waits d, or less when kicked or rechecked (then it returns false)
// or when ctx ends.
func (w *Worker) sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return true
	case <-t.C:
		return true
	case <-w.Kicked():
	case <-w.recheck.Kicked():
	}
	return false
}

// retryAfter is how long to wait after a check that ended with err: the
// interval after a good one, else retry (but never more than interval) —
// except that a server asking for a delay between logins gets it, for an
// earlier login is refused again and may restart its clock (RFC 2449
// section 8.1.2).
func retryAfter(err error, retry, interval time.Duration) time.Duration {
	var le *LoginError
	switch {
	case err == nil:
		return interval
	case errors.As(err, &le) && le.Delay > 0:
		return le.Delay
	}
	return min(retry, interval)
}
