package gui

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"

	"github.com/tern-mail/tern/assets/i18n"
	"github.com/tern-mail/tern/gui/sysdialog"
	"github.com/tern-mail/tern/storage/message"
)

// savePDFSelected is Message › Save as PDF…: one message goes to the
// file the person names (the subject filled in), several to a folder
// they choose, each under its subject.
func (w *MainWindow) savePDFSelected() {
	ids := w.selectedIDs()
	if len(ids) == 0 {
		return
	}
	pictures := map[int64]map[string][]byte{}
	for _, id := range ids {
		if p := loadedPictures(w.reader, id); p != nil {
			pictures[id] = p
		}
	}
	if len(ids) == 1 {
		w.askPDFFile(ids[0], pictures[ids[0]])
		return
	}
	w.askPDFFolder(ids, pictures)
}

// pdfFilters offers PDF files in the system's save window.
func pdfFilters() []sysdialog.Filter {
	return []sysdialog.Filter{{Name: i18n.T("pdf.filter"), Patterns: []string{"*.pdf"}}}
}

// askPDFFile asks where the PDF of message id goes, in the system's save
// window, else Fyne's.
func (w *MainWindow) askPDFFile(id int64, pictures map[string][]byte) {
	name := w.pdfName(id)
	opt := sysdialog.Options{Title: i18n.T("pdf.save.title"), Folder: downloadsFolder(), Name: name,
		Filters: pdfFilters(), Parent: nativeHandle(w.win)}
	write := func(path string) {
		if path != "" {
			w.writePDFs([]int64{id}, map[int64]map[string][]byte{id: pictures}, filepath.Dir(path), map[int64]string{id: path})
		}
	}
	askSystem(func(ctx context.Context) (string, error) { return systemFiles.save(ctx, opt) }, write, func() {
		d := dialog.NewFileSave(func(uc fyne.URIWriteCloser, err error) {
			if err != nil || uc == nil {
				return
			}
			uc.Close() // Tern writes the file itself, below
			write(uc.URI().Path())
		}, w.win)
		d.SetTitleText(i18n.T("pdf.save.title"))
		d.SetConfirmText(i18n.T("dialog.save"))
		d.SetDismissText(i18n.T("dialog.cancel"))
		d.SetFileName(name)
		if l, err := storage.ListerForURI(storage.NewFileURI(downloadsFolder())); err == nil {
			d.SetLocation(l)
		}
		d.Show()
	})
}

// askPDFFolder asks for the folder the PDFs of ids go to.
func (w *MainWindow) askPDFFolder(ids []int64, pictures map[int64]map[string][]byte) {
	opt := sysdialog.Options{Title: i18n.T("pdf.folder.title"), Folder: downloadsFolder(), Parent: nativeHandle(w.win)}
	write := func(dir string) {
		if dir != "" {
			w.writePDFs(ids, pictures, dir, nil)
		}
	}
	askSystem(func(ctx context.Context) (string, error) { return systemFiles.folder(ctx, opt) }, write, func() {
		d := dialog.NewFolderOpen(func(dir fyne.ListableURI, err error) {
			if err == nil && dir != nil {
				write(dir.Path())
			}
		}, w.win)
		d.SetTitleText(i18n.T("pdf.folder.title"))
		d.SetConfirmText(i18n.T("dialog.save"))
		d.SetDismissText(i18n.T("dialog.cancel"))
		if l, err := storage.ListerForURI(storage.NewFileURI(downloadsFolder())); err == nil {
			d.SetLocation(l)
		}
		d.Show()
	})
}

// pdfName is the file name for message id's PDF: its subject, made safe
// for every system.
func (w *MainWindow) pdfName(id int64) string {
	subject := w.printSubject(id)
	const most = 80 // letters; the system's limit is longer, a person's patience shorter
	if r := []rune(subject); len(r) > most {
		subject = strings.TrimSpace(string(r[:most]))
	}
	return message.SafeFilename(subject+".pdf", "application/pdf", 0)
}

// writePDFs writes the PDF of each of ids into dir, at the path paths
// names (the person's choice) or under its subject, never over another
// file there; then says where they went.
func (w *MainWindow) writePDFs(ids []int64, pictures map[int64]map[string][]byte, dir string, paths map[int64]string) {
	Background(func() {
		ctx := context.Background()
		done := 0
		var failed error
		for _, id := range ids {
			path := paths[id]
			if path == "" {
				path = freeName(dir, w.pdfName(id))
			}
			if err := w.writePDF(ctx, id, pictures[id], path); err != nil && failed == nil {
				failed = err
			} else if err == nil {
				done++
			}
		}
		fyne.Do(func() {
			if failed != nil {
				showProblem(i18n.T("pdf.failed"), failed, w.win)
				return
			}
			w.status.SetText(i18n.N("pdf.saved", done, i18n.Args{"Folder": filepath.Base(dir)}))
		})
	})
}

// writePDF writes message id's printout to path.
func (w *MainWindow) writePDF(ctx context.Context, id int64, pictures map[string][]byte, path string) error {
	pdf, err := w.printout(ctx, id, pictures)
	if err != nil {
		return err
	}
	if err := os.WriteFile(path, pdf, 0o644); err != nil {
		return fmt.Errorf("save pdf: %w", err)
	}
	return nil
}

// printSubject is message id's subject, cleaned, or "(no subject)": the
// name of its PDF file and of its print job.
func (w *MainWindow) printSubject(id int64) string {
	subject := ""
	if m, err := w.store.Message(context.Background(), id); err == nil {
		subject = strings.TrimSpace(message.CleanHeader(m.Subject))
	}
	if subject == "" {
		subject = i18n.T("print.no_subject")
	}
	return subject
}

// freeName is name in dir, or "name (2).pdf" and so on when a file of
// that name is there already.
func freeName(dir, name string) string {
	ext := filepath.Ext(name)
	base := strings.TrimSuffix(name, ext)
	for i := 1; ; i++ {
		n := name
		if i > 1 {
			n = fmt.Sprintf("%s (%d)%s", base, i, ext)
		}
		p := filepath.Join(dir, n)
		if _, err := os.Lstat(p); errors.Is(err, fs.ErrNotExist) || i > 9999 {
			return p // (past 9999 the write says what is wrong)
		}
	}
}
