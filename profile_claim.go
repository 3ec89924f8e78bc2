package main

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/tern-mail/tern/accounts"
	"github.com/tern-mail/tern/accounts/instance"
	"github.com/tern-mail/tern/assets/i18n"
)

// exitBusy is the exit code of a run refused because another Tern works
// on the profile: EX_TEMPFAIL of sysexits.h, "try again later".
const exitBusy = 75

// How long a run waits for a profile held by a command (not by a window,
// which is there for good). A window start waits longer: it is started
// by hand, or by a desktop link, and should open if it can.
const (
	commandWait = 5 * time.Second
	windowWait  = 60 * time.Second
)

// errHandedOver ends a second window start's wait: the running window
// took its arguments.
var errHandedOver = errors.New("handed over to the running window")

// errWindowThere ends a writing command's wait: a window holds the
// profile and will not let go soon.
var errWindowThere = errors.New("a window holds the profile")

// claim is what a run holds of its profile: the lock, when it writes or
// could take it, and, for the window, the socket that second starts talk
// to.
type claim struct {
	lock   *instance.Lock   // nil: running beside another Tern, reading only
	server *instance.Server // the window's socket; nil for commands
	reqs   chan instance.Request
}

// release lets the profile go: the socket first, so the file removed is
// ours, then the lock.
func (c *claim) release() {
	if c == nil {
		return
	}
	if c.server != nil {
		c.server.Close()
	}
	c.lock.Release()
}

// beside reports whether this run reads the profile beside another Tern
// that holds it: it then leaves the store's notices to that one.
func (c *claim) beside() bool { return c != nil && c.lock == nil }

// requests is what the window is asked to do, starting with the
// arguments of its own start.
func (c *claim) requests() <-chan instance.Request {
	if c.server != nil {
		return c.server.Requests()
	}
	return c.reqs
}

// errClaimed ends a run that claimProfile decided, with its exit code;
// what there was to say is said.
type errClaimed struct{ code int }

func (e errClaimed) Error() string { return fmt.Sprintf("run ended with exit code %d", e.code) }

// failed prints err, unless the claim said it already, and returns the
// run's exit code.
func failed(io stdio, dir string, err error) int {
	var c errClaimed
	if errors.As(err, &c) {
		return c.code
	}
	if tellTrouble(io.err, err, dir) {
		return 74 // EX_IOERR
	}
	fmt.Fprintln(io.err, "tern:", personText(err))
	return 1
}

// windowStart reports whether args start the window: none, or things to
// open in it.
func windowStart(args []string) bool { return len(args) == 0 || instance.IsOpenArg(args[0]) }

// openClaimed claims profile dir for a run with args (see claimProfile),
// then opens it. A demo run writes (it syncs the demo mailbox). The
// caller releases e.claim after closing the store.
func openClaimed(dir string, secrets accounts.Secrets, args []string, demo bool, io stdio) (*env, error) {
	if err := accounts.EnsureProfile(dir); err != nil {
		return nil, err
	}
	c, code, ok := claimProfile(dir, args, demo || (!windowStart(args) && writes(args)), io)
	if !ok {
		return nil, errClaimed{code}
	}
	e, err := open(dir, secrets)
	if err != nil {
		c.release()
		return nil, err
	}
	e.claim = c
	return e, nil
}

// claimProfile decides, before the store is opened, whether and how this
// run goes on with profile dir: a window start takes the lock or hands its
// arguments to the window that has it; a command that writes takes the
// lock, waiting briefly for another command; a command that only reads
// takes it when free, else runs beside. When ok is false the run is over
// with exit code code.
func claimProfile(dir string, args []string, writes bool, io stdio) (c *claim, code int, ok bool) {
	switch {
	case windowStart(args):
		return claimWindow(dir, args, io)
	case writes:
		return claimWriter(dir, args, io)
	}
	l, err := instance.TryLock(dir)
	if err != nil && !errors.Is(err, instance.ErrBusy) {
		fmt.Fprintln(io.err, "tern:", err)
		return nil, 1, false
	}
	return &claim{lock: l}, 0, true
}

// claimWindow claims dir for the window, or hands args to the window
// already there. The window's own args are its first request.
func claimWindow(dir string, args []string, io stdio) (*claim, int, bool) {
	open := instance.Open(args)
	ctx, cancel := context.WithTimeout(context.Background(), windowWait)
	defer cancel()
	said := false
	l, err := instance.WaitLock(ctx, dir, func() error {
		err := instance.Send(ctx, dir, open)
		switch {
		case err == nil:
			return errHandedOver
		case errors.Is(err, instance.ErrNoWindow):
			// A command has the profile, or a window is on its way up.
			if !said {
				fmt.Fprintln(io.err, "tern:", i18n.T("cli.claim.waiting"))
				said = true
			}
			return nil
		}
		return err
	})
	switch {
	case errors.Is(err, errHandedOver):
		return nil, 0, false
	case errors.Is(err, instance.ErrBusy):
		fmt.Fprintln(io.err, "tern:", i18n.T("cli.claim.command_busy"))
		return nil, exitBusy, false
	case err != nil:
		fmt.Fprintln(io.err, "tern:", i18n.T("cli.claim.not_taken", i18n.Args{"Error": personText(err)}))
		return nil, exitBusy, false
	}
	c := &claim{lock: l, reqs: make(chan instance.Request, 1)}
	if c.server, err = instance.Listen(l, dir); err != nil {
		fmt.Fprintln(io.err, "tern:", i18n.T("cli.claim.no_socket", i18n.Args{"Error": personText(err)}))
	}
	if len(args) > 0 {
		if c.server == nil || !c.server.Deliver(open) {
			c.reqs <- open
		}
	}
	return c, 0, true
}

// claimWriter claims dir for a command that writes. Beside a window it
// refuses, except `sync`, which the window does itself; beside another
// command it waits briefly.
func claimWriter(dir string, args []string, io stdio) (*claim, int, bool) {
	ctx, cancel := context.WithTimeout(context.Background(), commandWait)
	defer cancel()
	l, err := instance.WaitLock(ctx, dir, func() error {
		if instance.Send(ctx, dir, instance.Request{Op: instance.OpPing}) == nil {
			return errWindowThere
		}
		return nil
	})
	switch {
	case errors.Is(err, errWindowThere) && args[0] == "sync":
		if err := instance.Send(ctx, dir, instance.Request{Op: instance.OpSync}); err != nil {
			fmt.Fprintln(io.err, "tern:", i18n.T("cli.claim.window_open"))
			return nil, exitBusy, false
		}
		fmt.Fprintln(io.out, i18n.T("cli.claim.window_syncs"))
		return nil, 0, false
	case errors.Is(err, errWindowThere):
		fmt.Fprintln(io.err, "tern:", i18n.T("cli.claim.window_open"))
		return nil, exitBusy, false
	case errors.Is(err, instance.ErrBusy):
		fmt.Fprintln(io.err, "tern:", i18n.T("cli.claim.command_busy"))
		return nil, exitBusy, false
	case err != nil:
		fmt.Fprintln(io.err, "tern:", personText(err))
		return nil, 1, false
	}
	return &claim{lock: l}, 0, true
}

// writes reports whether a command changes the profile: it then needs the
// profile to itself. Unknown commands are left to fail as usage errors.
func writes(args []string) bool {
	switch args[0] {
	case "import":
		return !slices.Contains(args, "--list") // --list only reads the files given
	case "sync", "mark", "move", "delete", "folder", "send":
		return true
	case "account":
		return len(args) < 2 || (args[1] != "list" && args[1] != "detect")
	}
	return false
}
