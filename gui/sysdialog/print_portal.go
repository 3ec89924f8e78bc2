//go:build !windows && !darwin

package sysdialog

import (
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/godbus/dbus/v5"
)

// printIface is the xdg-desktop-portal's Print: PreparePrint shows the
// desktop's print dialog and answers with the person's settings and a
// token; Print then hands a PDF file, open for reading, to the desktop's
// printing (CUPS underneath) with the settings the token stands for.
const printIface = "org.freedesktop.portal.Print"

// ErrNotPrinted says the system's printing ended a job without printing
// it.
var ErrNotPrinted = errors.New("sysdialog: the system did not print the file")

// PreparePrint opens the system's print dialog, titled opt.Title, above
// the window opt.Parent, and returns what the person chose; nil and no
// error when they cancelled. With no portal that can print it returns
// ErrUnavailable: the caller offers its own choice of printer.
func PreparePrint(ctx context.Context, opt Options) (*PreparedPrint, error) {
	conn, err := dbus.ConnectSessionBus(dbus.WithContext(ctx))
	if err != nil {
		return nil, ErrUnavailable
	}
	defer conn.Close()
	empty := map[string]dbus.Variant{}
	o := map[string]dbus.Variant{"modal": dbus.MakeVariant(true)}
	body, err := portalRequest(ctx, conn, printIface+".PreparePrint", o, parentID(opt.Parent), opt.Title, empty, empty)
	if errors.Is(err, errNoPortal) {
		return nil, ErrUnavailable
	}
	if err != nil {
		return nil, err
	}
	code, results, err := responseResults(body)
	if err != nil {
		return nil, err
	}
	switch code {
	case 0:
	case 1:
		return nil, nil
	default:
		return nil, fmt.Errorf("sysdialog: print dialog: it ended without an answer (%d)", code)
	}
	p := &PreparedPrint{parent: opt.Parent}
	if v, ok := results["token"]; ok {
		p.token = asUint(v.Value())
	}
	return p, nil
}

// Print prints the PDF file at path as the person chose, the job named
// title. It returns once the system has the file: it may be removed
// then. Were the choice forgotten by the system meanwhile, it asks
// again.
func (p *PreparedPrint) Print(ctx context.Context, path, title string) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("sysdialog: print: %w", err)
	}
	defer f.Close()
	conn, err := dbus.ConnectSessionBus(dbus.WithContext(ctx))
	if err != nil {
		return fmt.Errorf("sysdialog: print: %w", err)
	}
	defer conn.Close()
	o := map[string]dbus.Variant{"modal": dbus.MakeVariant(true), "token": dbus.MakeVariant(p.token)}
	body, err := portalRequest(ctx, conn, printIface+".Print", o, parentID(p.parent), title, dbus.UnixFD(f.Fd()))
	if err != nil {
		return fmt.Errorf("sysdialog: print: %w", err)
	}
	code, _, err := responseResults(body)
	if err != nil {
		return err
	}
	if code != 0 {
		return fmt.Errorf("%w (%d)", ErrNotPrinted, code)
	}
	return nil
}
