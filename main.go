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
	"github.com/tern-mail/tern/gui"
	_ "github.com/tern-mail/tern/gui/locale" // before Fyne reads the locale
	"github.com/tern-mail/tern/storage"
	"github.com/tern-mail/tern/support"
)

func main() {
	os.Exit(run(os.Args[1:], stdio{os.Stdin, os.Stdout, os.Stderr}, nil))
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
	profile := fs.String("profile", "", "keep all state in `DIR` (default $"+accounts.ProfileEnv+", else the user config folder)")
	version := fs.Bool("version", false, "print the version and exit")
	demoMode := fs.Bool("demo", false, "try Tern with a demo mailbox (in a fresh profile unless --profile is given)")
	fs.Usage = func() { usage(io.out, fs) }
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if *version {
		fmt.Fprintf(io.out, "%s %s (build %d), %s licence\n", info.Details.Name, info.Details.Version, info.Details.Build, licence())
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
		if err != nil {
			fmt.Fprintln(io.err, "tern: demo:", err)
			return 1
		}
		if !window {
			if err := e.engine.SyncOnce(context.Background(), a); err != nil {
				fmt.Fprintln(io.err, "tern: demo:", err)
				return 1
			}
		}
	}

	if window {
		ctx, cancel := context.WithCancel(context.Background())
		e.engine.Start(ctx)
		defer cancel()
		gi := gui.Info{ID: info.Details.ID, Name: info.Details.Name, Version: info.Details.Version, Licence: licence(),
			SaveReport: e.writeReport, KeepLog: lg.SetKeep, Requests: e.claim.requests()}
		if os.Getenv(benchReadyEnv) != "" {
			gi.ListShown = func(n int) { fmt.Fprintf(io.err, "tern: list shows %d messages\n", n) }
		}
		if err := gui.Run(e.manager, e.engine, gi); err != nil {
			fmt.Fprintln(io.err, "tern:", err)
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
	st, err := storage.Open(filepath.Join(dir, storage.FileName))
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

// usage prints the help text.
func usage(w io.Writer, fs *flag.FlagSet) {
	fmt.Fprint(w, `Tern reads and writes email, also offline.

Usage:
  tern [--profile DIR]                  open the window
  tern [--profile DIR] mailto:LINK|FILE.eml
                                        open a new message or a message file
                                        in the window (the open one if any)
  tern [--profile DIR] COMMAND [ARGS]   work from the command line

Commands:
  account add --email ADDR [--protocol imap|pop3] [--host H [--port N]]
              [--security tls|starttls] [--name N] [--username U]
              [--smtp-host H --smtp-port N --smtp-security tls|starttls]
              [--pop3-policy keep|delete|delete-after-days --pop3-days N]
              [--pop3-delete-on-server]
              --password-stdin | --auth oauth2
                      without --host the settings are found from the address;
                      --auth oauth2 prints an address to open in the browser
                      to sign in, then checks and saves the account
  account signin ADDR sign in again in the browser (oauth2 accounts)
  account password ADDR --password-stdin
                      check a new password with the server, then keep it
  account detect ADDR what settings discovery finds, and where
  account list
  account remove ADDR
  list [--account ADDR] [--folder NAME] [--limit N]
                      messages, newest first: id, date, from, subject, flags
  show ID             one message: headers, text, attachments
  print ID [--printer NAME] [--pdf FILE]
                      print a message through the system's printing, or
                      write its printout to a PDF file
  search QUERY [--limit N]
                      offline full-text search, same columns as list
  sync [--account ADDR]
                      one full pass: send queued changes, fetch new mail
  folders [--account ADDR]
                      folders with their role, unread and total counts
  mark ID read|unread|flagged|unflagged
  move ID FOLDER
  delete ID           to the Trash; from the Trash, for good
  folder create|delete [--account ADDR] NAME
  folder rename [--account ADDR] NAME NEW-NAME
                      changes show at once and reach the server with the next sync
  send --account ADDR --to A[,B] [--cc A,B] [--bcc A,B] --subject S
       [--body-file FILE|-] [--attach FILE]...
                      queue a message and send it now; exit status 0 only
                      when the server took it, 75 when it waits in the
                      outbox (why and when it is tried again are printed)
  outbox [--account ADDR] [--resend ID] [--arrived ID]
                      messages not sent yet: id, state, attempts, next try,
                      subject, last error; --resend sends one whose fate is
                      unknown again, --arrived files it as sent
  import --account ADDR [--folder NAME] FILE.eml...
                      copy saved messages into a folder on this computer

Options:
`)
	fs.SetOutput(w)
	fs.PrintDefaults()
}
