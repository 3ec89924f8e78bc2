//go:build windows

package printout

import (
	"context"
	"errors"

	"golang.org/x/sys/windows"

	"github.com/tern-mail/tern/assets/i18n"
)

// Print hands the PDF file at pdfPath to the program Windows prints PDF
// files with (the shell's "print" verb, or "printto" for a named
// printer). That program reads the file after Print returns: the file
// must stay until it has (a file in the temporary folder does).
// Windows' own PDF viewer (Edge) has no print verb: without a PDF
// program that has one, Print fails with ErrNoPrintSystem.
func Print(ctx context.Context, pdfPath, printer string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	verb, args := "print", ""
	if printer != "" {
		verb, args = "printto", `"`+printer+`"`
	}
	v, err := windows.UTF16PtrFromString(verb)
	if err != nil {
		return err
	}
	f, err := windows.UTF16PtrFromString(pdfPath)
	if err != nil {
		return err
	}
	var a *uint16
	if args != "" {
		if a, err = windows.UTF16PtrFromString(args); err != nil {
			return err
		}
	}
	err = windows.ShellExecute(0, v, f, a, nil, windows.SW_HIDE)
	switch {
	case err == nil:
		return nil
	case errors.Is(err, windows.ERROR_NO_ASSOCIATION), errors.Is(err, windows.ERROR_FILE_NOT_FOUND) && printer == "":
		return problemf(ErrNoPrintSystem, err, "print.error.no_pdf_program", nil)
	}
	return problemf(errFailed, err, "print.error.failed", i18n.Args{})
}

// errFailed is a refusal of another kind.
var errFailed = errors.New("printout: print failed")

// Printers lists no printers on Windows yet: Print without a printer
// uses the default one.
func Printers(ctx context.Context) (names []string, def string, err error) {
	return nil, "", nil
}

// RemovableAfterPrint says whether the file handed to Print may be
// removed as soon as Print returns: on Windows the printing program
// reads it later.
const RemovableAfterPrint = false
