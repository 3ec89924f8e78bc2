package engine

import (
	"context"

	"github.com/tern-mail/tern/accounts/netwatch"
)

// When the network comes back, waiting out a backoff only delays the
// mail. So the engine tries everything at once — every worker reconnects
// or checks its connection (Recheck), every queued message becomes due —
// when the system says the network is up or the computer woke (or the
// clock jumped, as after sleep). An account's worker that is waiting to
// reconnect is tried at once too when another connection to that
// account's servers works (reachable), and an account's queued messages
// become due when its worker connects (connected, outbox.go).

// watchNetwork acts on Options.Network's events until ctx ends or the
// engine stops.
func (e *Engine) watchNetwork(ctx context.Context) {
	n := e.opts.Network
	if n == nil {
		n = netwatch.System()
	}
	ctx, cancel := context.WithCancel(ctx)
	e.mu.Lock()
	if e.stopWatch != nil {
		e.stopWatch() // Start called again
	}
	e.stopWatch = cancel
	e.mu.Unlock()
	events := n.Watch(ctx)
	e.wg.Add(1)
	go func() {
		defer e.wg.Done()
		for ev := range events {
			logNetwork(ev)
			e.NetworkUp()
			if e.netHook != nil {
				e.netHook(ev)
			}
		}
	}()
}

// recheck asks an account's worker ("" for every worker) to reconnect, or
// check its connection, at once.
func (e *Engine) recheck(accountID string) {
	e.mu.Lock()
	var ws []kicker
	for id, r := range e.workers {
		if accountID == "" || id == accountID {
			ws = append(ws, r.w)
		}
	}
	e.mu.Unlock()
	for _, w := range ws {
		w.Recheck()
	}
}

// reachable hears that a connection to one of an account's servers just
// worked: its worker, if offline and waiting out a backoff, tries again at
// once.
func (e *Engine) reachable(accountID string) {
	e.mu.Lock()
	online := e.online[accountID]
	e.mu.Unlock()
	if !online {
		e.recheck(accountID)
	}
}
