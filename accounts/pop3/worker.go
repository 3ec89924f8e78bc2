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
}

// Run checks until ctx is cancelled. After a failed check it retries
// sooner, doubling the wait up to the check interval; a server that asks
// for a delay between logins (LOGIN-DELAY) gets it.
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
			wait = retryAfter(err, accounts.Backoff{First: 5 * time.Second, Max: wait}.Delay(failures), wait)
			failures++
		} else {
			failures = 0
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-t.C:
		case <-w.Kicked():
			t.Stop()
		}
	}
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
