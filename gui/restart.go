package gui

import (
	"fmt"
	"os"
	"os/exec"
	"sync/atomic"

	"github.com/tern-mail/tern/accounts/instance"
)

// restartWanted is set when the person asked Tern to start again (to
// speak the language chosen in Preferences); RestartIfAsked does it.
var restartWanted atomic.Bool

// restart closes the window as quitting does and asks for a new start.
func (w *MainWindow) restart() {
	restartWanted.Store(true)
	w.remember()
	w.app.Quit()
}

// RestartIfAsked starts Tern again when the person asked for it in the
// window, with this start's options but not the links or files it
// opened. main calls it once the window has closed and the profile is
// let go, so that the new start takes the profile over instead of
// handing itself to this one.
func RestartIfAsked() error {
	if !restartWanted.Load() {
		return nil
	}
	exe, err := os.Executable()
	if err != nil {
		return fmt.Errorf("gui: restart: %w", err)
	}
	cmd := exec.Command(exe, restartArgs(os.Args[1:])...)
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("gui: restart %s: %w", exe, err)
	}
	return cmd.Process.Release()
}

// restartArgs are a window start's args without the mailto: links and
// message files it opened (instance.IsOpenArg), which come after its
// options.
func restartArgs(args []string) []string {
	for i, a := range args {
		if instance.IsOpenArg(a) {
			return args[:i:i]
		}
	}
	return args
}
