//go:build !windows

package printout

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"strings"

	"github.com/tern-mail/tern/assets/i18n"
)

// Print sends the PDF file at pdfPath to printer, or to the system's
// default printer when printer is "", through the system's printing:
// CUPS's lp on Linux and the BSDs, lpr on macOS. It returns once the
// system has taken a copy of the file: it may be removed then.
func Print(ctx context.Context, pdfPath, printer string) error {
	name, args := printCommand(pdfPath, printer)
	path, err := exec.LookPath(name)
	if err != nil {
		return problemf(ErrNoPrintSystem, err, "print.error.no_print_system", nil)
	}
	cmd := exec.CommandContext(ctx, path, args...)
	// The printing system's messages are matched below: in English.
	cmd.Env = append(os.Environ(), "LC_ALL=C", "LANG=C")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return cupsError(printer, strings.TrimSpace(stderr.String()), err)
	}
	return nil
}

// cupsError says why lp or lpr refused a file.
func cupsError(printer, said string, err error) error {
	detail := err
	if said != "" {
		detail = errors.New(oneLine(said))
	}
	lower := strings.ToLower(said)
	switch {
	case strings.Contains(lower, "no default destination"):
		return problemf(ErrNoPrinter, nil, "print.error.no_printer", nil)
	case strings.Contains(lower, "does not exist") || strings.Contains(lower, "unknown destination") ||
		strings.Contains(lower, "not found"):
		return problemf(ErrPrinterUnknown, nil, "print.error.printer_unknown", i18n.Args{"Printer": printer})
	case strings.Contains(lower, "connect") || strings.Contains(lower, "scheduler is not running"):
		return problemf(ErrNoPrinter, detail, "print.error.no_printer", nil)
	}
	return problemf(errFailed, detail, "print.error.failed", nil)
}

// errFailed is a refusal of another kind.
var errFailed = errors.New("printout: print failed")

// Printers lists the printers the system knows (lpstat -e), and its
// default one ("" when it has none). With no printing system the list
// is empty.
func Printers(ctx context.Context) (names []string, def string, err error) {
	if _, err := exec.LookPath("lpstat"); err != nil {
		return nil, "", nil
	}
	out, err := exec.CommandContext(ctx, "lpstat", "-e").Output()
	if err != nil && len(out) == 0 {
		return nil, "", nil // no scheduler: no printers
	}
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		if n := strings.TrimSpace(sc.Text()); n != "" {
			names = append(names, n)
		}
	}
	cmd := exec.CommandContext(ctx, "lpstat", "-d")
	cmd.Env = append(os.Environ(), "LC_ALL=C", "LANG=C")
	if d, err := cmd.Output(); err == nil {
		if _, after, ok := strings.Cut(string(d), "system default destination: "); ok {
			def = strings.TrimSpace(after)
		}
	}
	return names, def, nil
}

// oneLine keeps the first line of what a command said.
func oneLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	return s
}

// RemovableAfterPrint says whether the file handed to Print may be
// removed as soon as Print returns.
const RemovableAfterPrint = true
