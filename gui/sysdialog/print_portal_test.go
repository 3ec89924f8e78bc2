//go:build !windows && !darwin

package sysdialog

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/tern-mail/tern/internal/portaltest"
)

// TestPrintThroughPortal: PreparePrint opens the (fake) portal's print
// dialog above the window, and Print hands the file itself to the portal
// with the token the dialog answered, the job named as asked.
func TestPrintThroughPortal(t *testing.T) {
	addr := portaltest.Bus(t)
	p := portaltest.StartPrint(t, addr, nil)
	file := filepath.Join(t.TempDir(), "message.pdf")
	if err := os.WriteFile(file, []byte("%PDF-1.4 the printout"), 0o600); err != nil {
		t.Fatal(err)
	}
	pp, err := PreparePrint(context.Background(), Options{Title: "Print", Parent: 0x3a00007})
	if err != nil || pp == nil {
		t.Fatalf("PreparePrint = %v, %v", pp, err)
	}
	if err := pp.Print(context.Background(), file, "Quarterly figures"); err != nil {
		t.Fatal(err)
	}
	calls := p.Calls()
	if len(calls) != 2 || calls[0].Method != "PreparePrint" || calls[1].Method != "Print" {
		t.Fatalf("calls %+v", calls)
	}
	if calls[0].Title != "Print" || calls[0].Parent != "x11:3a00007" || calls[1].Parent != "x11:3a00007" {
		t.Errorf("the dialog was %q above %q", calls[0].Title, calls[0].Parent)
	}
	if tok, _ := calls[1].Options["token"].Value().(uint32); tok != portaltest.Token {
		t.Errorf("Print's token %v, want %d", calls[1].Options["token"], portaltest.Token)
	}
	if calls[1].Title != "Quarterly figures" || string(calls[1].File) != "%PDF-1.4 the printout" {
		t.Errorf("Print got %q: %q", calls[1].Title, calls[1].File)
	}
}

// TestPrintPortalCancelAndRefusal: Cancel in the dialog is no choice and
// no error; a job the portal ends without printing is ErrNotPrinted; no
// portal on the bus is ErrUnavailable.
func TestPrintPortalCancelAndRefusal(t *testing.T) {
	addr := portaltest.Bus(t)
	if _, err := PreparePrint(context.Background(), Options{}); !errors.Is(err, ErrUnavailable) {
		t.Fatalf("PreparePrint with no portal = %v, want ErrUnavailable", err)
	}
	p := portaltest.StartPrint(t, addr, func([]byte) error { return errors.New("out of paper") })
	p.SetCancel(true)
	if pp, err := PreparePrint(context.Background(), Options{}); pp != nil || err != nil {
		t.Fatalf("cancelled PreparePrint = %v, %v", pp, err)
	}
	p.SetCancel(false)
	pp, err := PreparePrint(context.Background(), Options{})
	if err != nil || pp == nil {
		t.Fatalf("PreparePrint = %v, %v", pp, err)
	}
	file := filepath.Join(t.TempDir(), "message.pdf")
	os.WriteFile(file, []byte("%PDF"), 0o600)
	if err := pp.Print(context.Background(), file, "x"); !errors.Is(err, ErrNotPrinted) {
		t.Errorf("refused Print = %v, want ErrNotPrinted", err)
	}
}
