package engine

import (
	"log/slog"

	"github.com/tern-mail/tern/accounts"
	"github.com/tern-mail/tern/accounts/netwatch"
)

// The engine's own events go to log/slog, whose one handler (set up by
// main) keeps them for a report for support; the handler masks the
// addresses.

// logStatus records what a worker's pass came to.
func logStatus(a accounts.Account, online bool, err error) {
	if err != nil {
		slog.Warn("connection failed", "account", a.Address, "protocol", string(a.Protocol),
			"server", a.Incoming.Addr(), "online", online, "error", err.Error())
		return
	}
	slog.Info("sync pass done", "account", a.Address, "protocol", string(a.Protocol), "server", a.Incoming.Addr())
}

// logSend records a run through the outbox that did not go well.
func logSend(a accounts.Account, sent int, err error) {
	if err != nil {
		slog.Warn("sending failed", "account", a.Address, "server", a.Outgoing.Addr(), "sent", sent, "error", err.Error())
		return
	}
	if sent > 0 {
		slog.Info("sent", "account", a.Address, "server", a.Outgoing.Addr(), "messages", sent)
	}
}

// logPass records a one-shot pass (the command line's sync).
func logPass(a accounts.Account, err error) {
	if err != nil {
		slog.Warn("sync pass failed", "account", a.Address, "protocol", string(a.Protocol), "server", a.Incoming.Addr(), "error", err.Error())
		return
	}
	slog.Info("sync pass done", "account", a.Address, "protocol", string(a.Protocol), "server", a.Incoming.Addr())
}

// logNetwork records a sign that the network came back.
func logNetwork(ev netwatch.Event) {
	slog.Info("network may be back: trying every account now", "event", ev.String())
}
