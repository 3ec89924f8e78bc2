package pop3

import (
	"context"
	"sync"
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

	once sync.Once
	kick chan struct{}
}

func (w *Worker) init() { w.once.Do(func() { w.kick = make(chan struct{}, 1) }) }

// Kick asks for a check now.
func (w *Worker) Kick() {
	w.init()
	select {
	case w.kick <- struct{}{}:
	default:
	}
}

// Run checks until ctx is cancelled. After a failed check it retries
// sooner, doubling the wait up to the check interval.
func (w *Worker) Run(ctx context.Context) {
	w.init()
	retry := 5 * time.Second
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
			wait = min(retry, wait)
			retry *= 2
		} else {
			retry = 5 * time.Second
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-t.C:
		case <-w.kick:
			t.Stop()
		}
	}
}
