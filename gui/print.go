package gui

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/tern-mail/tern/assets/i18n"
	"github.com/tern-mail/tern/gui/printout"
	"github.com/tern-mail/tern/gui/sysdialog"
	"github.com/tern-mail/tern/storage/message"
)

// Message › Print… prints the selected messages, one print job for each
// (each message starts on a new sheet, and one refused job leaves the
// others printed); Message › Save as PDF… writes the same printout to a
// file. A printout shows the remote pictures the reader loaded at the
// person's request, and loads none itself.

// printing is what the window prints with; tests replace it. dialog is
// the system's print dialog (ErrUnavailable where there is none: then
// Tern asks which of the printers printers lists, and print hands the
// file to it).
var printing = struct {
	dialog   func(ctx context.Context, opt sysdialog.Options) (*sysdialog.PreparedPrint, error)
	printers func(ctx context.Context) (names []string, def string, err error)
	print    func(ctx context.Context, pdfPath, printer string) error
}{sysdialog.PreparePrint, printout.Printers, printout.Print}

// sendFunc hands the printout of message id, in file, to the printer.
type sendFunc func(ctx context.Context, file string, id int64) error

// toPrinter sends to printer ("" for the system's default) through the
// system's printing (lp, lpr, the shell's print verb).
func toPrinter(printer string) sendFunc {
	return func(ctx context.Context, file string, _ int64) error { return printing.print(ctx, file, printer) }
}

// printShortcut is Ctrl+P (Cmd+P on macOS).
var printShortcut = &desktop.CustomShortcut{KeyName: fyne.KeyP, Modifier: fyne.KeyModifierShortcutDefault}

// printMenuItems are Print… and Save as PDF…, for the Message menu and
// the message list's right-click menu.
func (w *MainWindow) printMenuItems() []*fyne.MenuItem {
	p := fyne.NewMenuItem(i18n.T("menu.message.print"), w.printSelected)
	p.Icon = theme.DocumentPrintIcon()
	p.Shortcut = printShortcut
	pdf := fyne.NewMenuItem(i18n.T("menu.message.save_pdf"), w.savePDFSelected)
	return []*fyne.MenuItem{fyne.NewMenuItemSeparator(), p, pdf}
}

// printMenu is printMenuItems for the Message menu, with Ctrl+P.
func (w *MainWindow) printMenu() []*fyne.MenuItem {
	w.win.Canvas().AddShortcut(printShortcut, func(fyne.Shortcut) { w.printSelected() })
	return w.printMenuItems()
}

// printSelected prints the selected messages.
func (w *MainWindow) printSelected() { w.startPrint(w.selectedIDs(), w.win, w.reader) }

// printFrom is a reader's Print button: it prints the message the
// reader r shows, in the window win gives.
func (w *MainWindow) printFrom(r *reader, win func() fyne.Window) func() {
	return func() {
		if r.current != nil && r.current.id != 0 {
			w.startPrint([]int64{r.current.id}, win(), r)
		}
	}
}

// newPrintButton is the reader's Print button, shown with a stored
// message when onPrint is set.
func (r *reader) newPrintButton() *keyButton {
	b := newKeyButton(i18n.T("action.print"), theme.DocumentPrintIcon(), func() {
		if r.onPrint != nil {
			r.onPrint()
		}
	}, r.key)
	b.Importance = widget.LowImportance
	b.Hide()
	return b
}

// showPrintButton shows the Print button for a stored message.
func (r *reader) showPrintButton(v *readerView) {
	if r.onPrint == nil || v.id == 0 {
		r.printButton.Hide()
	} else {
		r.printButton.Show()
	}
	r.titleRow.Refresh() // lays the subject out beside the button, or alone
}

// loadedPictures are the remote pictures reader r loaded for message id,
// at the person's request; nil when it loaded none.
func loadedPictures(r *reader, id int64) map[string][]byte {
	if r == nil || r.current == nil || r.current.id != id {
		return nil
	}
	return r.current.remoteData
}

// startPrint opens the system's print dialog, else asks which printer
// (when the system lists them), and prints ids there, each as a job of
// its own.
func (w *MainWindow) startPrint(ids []int64, win fyne.Window, r *reader) {
	if len(ids) == 0 {
		return
	}
	pictures := map[int64]map[string][]byte{}
	for _, id := range ids {
		if p := loadedPictures(r, id); p != nil {
			pictures[id] = p
		}
	}
	opt := sysdialog.Options{Title: i18n.T("print.pick.title"), Parent: nativeHandle(win)}
	Background(func() {
		pp, err := printing.dialog(context.Background(), opt)
		switch {
		case err == nil && pp == nil:
			return // cancelled in the system's dialog
		case err == nil:
			w.printTo(ids, pictures, "", win, func(ctx context.Context, file string, id int64) error {
				return pp.Print(ctx, file, w.printSubject(id))
			})
			return
		case !errors.Is(err, sysdialog.ErrUnavailable):
			fyne.LogError("system print dialog", err) // Tern's own choice of printer instead
		}
		names, def, err := printing.printers(context.Background())
		if err != nil {
			fyne.LogError("list printers", err)
		}
		fyne.Do(func() {
			if len(names) == 0 {
				// No list (Windows, or no printing system): the system's
				// default printer, or a sentence saying why not.
				w.printTo(ids, pictures, "", win, toPrinter(""))
				return
			}
			w.pickPrinter(names, def, len(ids), win, func(printer string) {
				w.printTo(ids, pictures, printer, win, toPrinter(printer))
			})
		})
	})
}

// pickPrinter is Tern's own small print dialog: which printer, the
// system's default chosen at first.
func (w *MainWindow) pickPrinter(names []string, def string, n int, win fyne.Window, chosen func(string)) {
	pick := widget.NewSelect(names, nil)
	if def != "" {
		pick.SetSelected(def)
	} else {
		pick.SetSelectedIndex(0)
	}
	note := widget.NewLabel(i18n.N("print.pick.jobs", n))
	note.Wrapping = fyne.TextWrapWord
	body := container.NewVBox(widget.NewForm(widget.NewFormItem(i18n.T("print.pick.printer"), pick)), note)
	d := dialog.NewCustomConfirm(i18n.T("print.pick.title"), i18n.T("print.pick.print"), i18n.T("dialog.cancel"), body,
		func(ok bool) {
			if ok && pick.Selected != "" {
				chosen(pick.Selected)
			}
		}, win)
	d.Resize(dialogSize(win))
	d.Show()
}

// printTo prints ids through send, to printer ("" for the system's
// default or the one chosen in its dialog), then says how it went.
func (w *MainWindow) printTo(ids []int64, pictures map[int64]map[string][]byte, printer string, win fyne.Window, send sendFunc) {
	Background(func() {
		ctx := context.Background()
		var failed []error
		for _, id := range ids {
			if err := w.printOne(ctx, id, pictures[id], send); err != nil {
				failed = append(failed, err)
			}
		}
		fyne.Do(func() {
			if len(failed) > 0 {
				problemDialog(i18n.N("print.failed.title", len(failed)), printSentence(failed[0], printer), errors.Join(failed...), win).Show()
				return
			}
			w.status.SetText(i18n.N("print.sent", len(ids)))
		})
	})
}

// printOne prints message id: its printout goes to a file in a folder of
// its own, which the system's printing takes a copy of (on Windows the
// printing program reads it later: it stays in the temporary folder).
func (w *MainWindow) printOne(ctx context.Context, id int64, pictures map[string][]byte, send sendFunc) error {
	pdf, err := w.printout(ctx, id, pictures)
	if err != nil {
		return err
	}
	dir, err := os.MkdirTemp("", "tern-print-")
	if err != nil {
		return fmt.Errorf("print: %w", err)
	}
	if printout.RemovableAfterPrint {
		defer os.RemoveAll(dir)
	}
	file := filepath.Join(dir, "message.pdf")
	if err := os.WriteFile(file, pdf, 0o600); err != nil {
		return fmt.Errorf("print: %w", err)
	}
	return send(ctx, file, id)
}

// printout is the PDF of message id, its body fetched first when the
// offline policy left it on the server, with the remote pictures given.
func (w *MainWindow) printout(ctx context.Context, id int64, pictures map[string][]byte) ([]byte, error) {
	m, err := w.store.Message(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("print: message %d: %w", id, err)
	}
	if m.Raw == nil && w.engine != nil {
		if err := w.engine.FetchBody(ctx, id); err == nil {
			if m, err = w.store.Message(ctx, id); err != nil {
				return nil, fmt.Errorf("print: message %d: %w", id, err)
			}
		}
	}
	var p *message.Parsed
	if m.Raw != nil {
		p = message.Parse(m.Raw)
	}
	var buf bytes.Buffer
	if err := printout.PDF(ctx, &buf, printout.FromStored(m, p), printout.Options{RemoteImages: pictures}); err != nil {
		return nil, fmt.Errorf("print: %w", err)
	}
	return buf.Bytes(), nil
}

// printSentence says in a sentence why a printout did not print.
func printSentence(err error, printer string) string {
	switch {
	case errors.Is(err, printout.ErrNoFont):
		return i18n.T("print.error.no_font")
	case errors.Is(err, printout.ErrNoPrinter):
		return i18n.T("print.error.no_printer")
	case errors.Is(err, printout.ErrPrinterUnknown):
		return i18n.T("print.error.printer_unknown", i18n.Args{"Printer": printer})
	case errors.Is(err, printout.ErrNoPrintSystem) && runtime.GOOS == "windows":
		return i18n.T("print.error.no_pdf_program")
	case errors.Is(err, printout.ErrNoPrintSystem):
		return i18n.T("print.error.no_print_system")
	}
	return i18n.T("print.error.failed")
}
