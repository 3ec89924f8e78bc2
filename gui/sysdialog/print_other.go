//go:build windows || darwin

package sysdialog

import (
	"context"
	"errors"
)

// ErrNotPrinted says the system's printing ended a job without printing
// it.
var ErrNotPrinted = errors.New("sysdialog: the system did not print the file")

// PreparePrint returns ErrUnavailable on Windows and macOS: Tern prints
// there through the shell's print verb and lpr (package printout).
func PreparePrint(context.Context, Options) (*PreparedPrint, error) { return nil, ErrUnavailable }

// Print returns ErrUnavailable: there is no PreparedPrint here.
func (p *PreparedPrint) Print(context.Context, string, string) error { return ErrUnavailable }
