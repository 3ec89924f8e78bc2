package main

import (
	"context"
	"fmt"
	"io"
	"log"
	"log/slog"
	"os"
	"time"

	"github.com/tern-mail/tern/accounts/oauth"
	"github.com/tern-mail/tern/gui"
	"github.com/tern-mail/tern/support"
	"github.com/tern-mail/tern/support/report"
)

// startLog makes the program's one slog handler: events in memory for a
// report, and the protocol log in the profile when the person chose to
// keep it (Preferences). The log package keeps writing to standard error
// as before.
func startLog(dir string) *support.Log {
	lg := support.NewLog(dir)
	lg.SetKeep(gui.KeepLogChosen(dir))
	flags := log.Flags()
	slog.SetDefault(slog.New(lg.Handler()))
	log.SetOutput(os.Stderr)
	log.SetFlags(flags)
	return lg
}

// writeReport writes a report for support to w.
func (e *env) writeReport(w io.Writer) error {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	ns, err := e.store.RecentNotices(ctx, report.MaxNotices)
	if err != nil {
		return fmt.Errorf("report: %w", err)
	}
	return report.Write(w, report.Input{
		App:      report.App{Name: e.info.Details.Name, Version: e.info.Details.Version, Build: e.info.Details.Build},
		Accounts: e.manager.List(),
		Notices:  ns,
		Log:      e.log,
		Secrets:  e.knownSecrets(ctx),
		Now:      time.Now(),
	})
}

// knownSecrets are the passwords and refresh tokens Tern keeps, for the
// report's last check. Those that cannot be read are not looked for.
func (e *env) knownSecrets(ctx context.Context) []string {
	var out []string
	tokens := oauth.Store{Secrets: e.manager.Secrets()}
	for _, a := range e.manager.List() {
		if pw, err := e.manager.Password(ctx, a.ID); err == nil && pw != "" {
			out = append(out, pw)
		}
		if t, err := tokens.Load(ctx, a.ID); err == nil && t != "" {
			out = append(out, t)
		}
	}
	return out
}
