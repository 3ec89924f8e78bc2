// Command tern is a desktop mail client for IMAP and POP3 accounts that
// keeps mail readable offline.
//
// With no command it opens the window; with a command (see `tern --help`)
// it works from the command line over the same profile and engine.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/tern-mail/tern/accounts"
	"github.com/tern-mail/tern/accounts/engine"
	"github.com/tern-mail/tern/assets/i18n"
	"github.com/tern-mail/tern/gui"
	_ "github.com/tern-mail/tern/gui/locale" // before Fyne reads the locale
	"github.com/tern-mail/tern/storage"
	"github.com/tern-mail/tern/support"
)

func main() {
	code := run(os.Args[1:], stdio{os.Stdin, os.Stdout, os.Stderr}, nil)
	if err := gui.RestartIfAsked(); err != nil { // a new language chosen in Preferences
		fmt.Fprintln(os.Stderr, "tern:", err)
	}
	os.Exit(code)
}

// stdio is where a run reads and writes.
type stdio struct {
	in       io.Reader
	out, err io.Writer
}

// env is what every command works on: the profile, its store and accounts.
type env struct {
	profile string
	store   *storage.Store
	manager *accounts.Manager
	engine  *engine.Engine
	log     *support.Log // the program's one slog handler's state
	info    appInfo
	io      stdio
	claim   *claim // what this run holds of the profile
}

// run is the whole program; it returns the exit code. secrets replaces the
// system keychain when not nil (tests).
func run(args []string, io stdio, secrets accounts.Secrets) int {
	info, err := loadAppInfo()
	if err != nil {
		fmt.Fprintln(io.err, "tern:", err)
		return 1
	}
	fs := flag.NewFlagSet("tern", flag.ContinueOnError)
	fs.SetOutput(io.err)
	profile := fs.String("profile", "", i18n.T("cli.flag.profile", i18n.Args{"Env": accounts.ProfileEnv}))
	version := fs.Bool("version", false, i18n.T("cli.flag.version"))
	demoMode := fs.Bool("demo", false, i18n.T("cli.flag.demo"))
	fs.Usage = func() { usage(io.out, fs) }
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if *version {
		fmt.Fprintln(io.out, i18n.T("cli.version", i18n.Args{"Name": info.Details.Name, "Version": info.Details.Version,
			"Build": info.Details.Build, "Licence": licence()}))
		return 0
	}
	if fs.NArg() > 0 && fs.Arg(0) == "help" {
		usage(io.out, fs)
		return 0
	}

	if *demoMode {
		if *profile == "" {
			tmp, err := os.MkdirTemp("", "tern-demo-")
			if err != nil {
				fmt.Fprintln(io.err, "tern:", err)
				return 1
			}
			defer os.RemoveAll(tmp)
			*profile = tmp
		}
		if secrets == nil {
			secrets = accounts.NewMemory()
		}
	}
	dir, err := accounts.ProfileDir(*profile)
	if err != nil {
		fmt.Fprintln(io.err, "tern:", err)
		return 1
	}
	window := windowStart(fs.Args())
	e, err := openClaimed(dir, secrets, fs.Args(), *demoMode, io)
	if err != nil {
		return failed(io, dir, err)
	}
	defer e.claim.release()
	defer e.store.Close()
	lg := startLog(dir)
	defer lg.Close()
	e.info, e.io, e.log = info, io, lg
	defer e.engine.Stop()
	if *demoMode {
		a, err := e.engine.StartDemo(context.Background())
		if err == nil && !window {
			err = e.engine.SyncOnce(context.Background(), a)
		}
		if err != nil {
			fmt.Fprintln(io.err, "tern:", i18n.T("cli.demo.failed", i18n.Args{"Error": personText(err)}))
			return 1
		}
	}

	if window {
		installSystemOpens() // macOS's Apple Events: links and files sent to the running app
		ctx, cancel := context.WithCancel(context.Background())
		e.engine.Start(ctx)
		defer cancel()
		gi := gui.Info{ID: info.Details.ID, Name: info.Details.Name, Version: info.Details.Version, Licence: licence(),
			SaveReport: e.writeReport, KeepLog: lg.SetKeep, Requests: withSystemOpens(e.claim.requests(), systemOpens)}
		if os.Getenv(benchReadyEnv) != "" {
			gi.ListShown = func(n int) { fmt.Fprintf(io.err, "tern: list shows %d messages\n", n) }
		}
		if err := gui.Run(e.manager, e.engine, gi); err != nil {
			fmt.Fprintln(io.err, "tern:", personText(err))
			return 1
		}
		return 0
	}
	return e.command(context.Background(), fs.Args())
}

// benchReadyEnv, when set, has the window print a line to standard error
// each time its message list shows a folder: the cold-start benchmark
// (bench_store_test.go) times the start by the first one.
const benchReadyEnv = "TERN_BENCH_READY"

// open prepares the profile directory, the store and the account manager.
func open(dir string, secrets accounts.Secrets) (*env, error) {
	if err := accounts.EnsureProfile(dir); err != nil {
		return nil, err
	}
	st, err := storage.OpenWithProgress(filepath.Join(dir, storage.FileName), indexProgress(os.Stderr))
	if err != nil {
		return nil, err
	}
	if secrets == nil {
		secrets = accounts.NewFallback(accounts.NewKeychain(accounts.DefaultKeychainTimeout))
	}
	m, err := accounts.NewManager(dir, st, secrets)
	if err != nil {
		st.Close()
		return nil, err
	}
	return &env{profile: dir, store: st, manager: m, engine: engine.New(m, engine.Options{})}, nil
}

// usage prints the help text, in the person's language.
func usage(w io.Writer, fs *flag.FlagSet) {
	fmt.Fprint(w, i18n.T("cli.help"))
	fs.SetOutput(w)
	fs.PrintDefaults()
}
