//go:build !windows && !darwin

package gui

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tern-mail/tern/assets/i18n"
	"github.com/tern-mail/tern/gui/sysdialog"
	"github.com/tern-mail/tern/internal/cups"
	"github.com/tern-mail/tern/internal/portaltest"
)

// TestPrintThroughSystemDialogToCUPS: Message › Print… opens the
// system's print dialog (the xdg-desktop-portal Print interface; here a
// fake portal on a private session bus, which hands the file it is given
// to a private cupsd's cups-pdf printer with lp, as the desktop's portal
// hands it to CUPS), not Tern's own choice of printer. The PDF the
// printer made reads back, through pdftotext, with the message's
// subject, sender, date and text.
func TestPrintThroughSystemDialogToCUPS(t *testing.T) {
	srv := cups.Start(t)
	t.Setenv("CUPS_SERVER", srv.Socket)
	portal := portaltest.StartPrint(t, portaltest.Bus(t), func(file []byte) error {
		dir, err := os.MkdirTemp("", "tern-portal-job-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		f := filepath.Join(dir, "job.pdf")
		if err := os.WriteFile(f, file, 0o644); err != nil {
			return err
		}
		if out, err := exec.Command("lp", "-d", cups.Queue, "--", f).CombinedOutput(); err != nil {
			return fmt.Errorf("lp: %v: %s", err, out)
		}
		return nil
	})
	jobs := fakePrinting(t, []string{"Office"}, "Office", nil) // must not be used
	printing.dialog = sysdialog.PreparePrint

	w, m, _ := windowWithMail(t)
	w.list.list.Select(0)
	ids := w.selectedIDs()
	if len(ids) != 1 {
		t.Fatalf("%d selected", len(ids))
	}
	msg, err := m.Store().Message(context.Background(), ids[0])
	if err != nil {
		t.Fatal(err)
	}
	menuItem(t, w.messageMenu(), "Print…").Action()
	if got := w.status.Text; got != i18n.N("print.sent", 1) {
		t.Fatalf("status %q; the window says %q\n%s", got, overlayText(w.win), srv.ErrorLog())
	}
	if len(*jobs) != 0 || w.win.Canvas().Overlays().Top() != nil {
		t.Errorf("Tern's own printer choice was used: %d jobs, %q", len(*jobs), overlayText(w.win))
	}
	calls := portal.Calls()
	if len(calls) != 2 || calls[0].Method != "PreparePrint" || calls[1].Title != msg.Subject {
		t.Errorf("portal calls %+v, want the dialog, then a job named %q", calls, msg.Subject)
	}

	printed := srv.WaitPrinted(t, 1)
	text := strings.Join(strings.Fields(pdfText(t, printed[0])), " ")
	for _, want := range []string{msg.Subject, "Bob <bob@example.org>", i18n.LongDate(msg.Date), "About " + msg.Subject + "."} {
		if !strings.Contains(text, want) {
			t.Errorf("the printed PDF lacks %q; it reads:\n%s", want, text)
		}
	}
}

// TestPrintCancelledInSystemDialog: Cancel in the system's print dialog
// prints nothing and says nothing.
func TestPrintCancelledInSystemDialog(t *testing.T) {
	portal := portaltest.StartPrint(t, portaltest.Bus(t), func([]byte) error {
		t.Error("a file was printed after Cancel")
		return nil
	})
	portal.SetCancel(true)
	jobs := fakePrinting(t, []string{"Office"}, "Office", nil)
	printing.dialog = sysdialog.PreparePrint
	w, _, _ := windowWithMail(t)
	w.list.list.Select(0)
	before := w.status.Text
	w.printSelected()
	if len(*jobs) != 0 || w.status.Text != before || w.win.Canvas().Overlays().Top() != nil {
		t.Errorf("after Cancel: %d jobs, status %q, %q", len(*jobs), w.status.Text, overlayText(w.win))
	}
	if calls := portal.Calls(); len(calls) != 1 {
		t.Errorf("portal calls %+v, want only the dialog", calls)
	}
}
