package gui

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/tern-mail/tern/assets/i18n"
	"github.com/tern-mail/tern/gui/sysdialog"
	"github.com/tern-mail/tern/storage/message"
)

// prefSaveFolder is the folder attachments were last saved to.
const prefSaveFolder = "attachments.lastFolder"

// Thumbnails of pictures under a message are at most this big.
const thumbWidth, thumbHeight = 200, 150

// fillAttachments shows a message's attachments: a row for each of the
// first ones, a line counting the others with Show all and Save all
// (attachmore.go), and the pictures among them as thumbnails, decoded off
// the window's thread through preparePicture's checks.
func (r *reader) fillAttachments(v *readerView) {
	r.showing.Store(v)
	shown := listedAttachments(v.attachments)
	listed := shown[:min(len(shown), shownAttachments)]
	// The rows are set at once: adding them one by one lays the box out
	// again each time, which a thousand rows make take a minute.
	rows := make([]fyne.CanvasObject, 0, len(listed)+2)
	for _, a := range listed {
		rows = append(rows, r.attachmentRow(a, v.from))
	}
	if more := r.moreRow(v, shown, len(listed)); more != nil {
		rows = append(rows, more)
	}
	if thumbs := r.thumbnails(v, listed); thumbs != nil {
		rows = append(rows, thumbs)
	}
	r.attachBox.Objects = rows
	r.attachBox.Refresh()
}

// isPictureType says whether an extension is a picture Tern shows.
func isPictureType(ext string) bool {
	switch ext {
	case ".png", ".jpg", ".jpeg", ".gif", ".webp":
		return true
	}
	return false
}

// saveFolder is where the save dialogs start: the last folder used, else
// Downloads, else the home folder.
func (r *reader) saveFolder() string {
	if r.prefs != nil {
		if d := r.prefs.String(prefSaveFolder); d != "" {
			if st, err := os.Stat(d); err == nil && st.IsDir() {
				return d
			}
		}
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return ""
	}
	if st, err := os.Stat(filepath.Join(home, "Downloads")); err == nil && st.IsDir() {
		return filepath.Join(home, "Downloads")
	}
	return home
}

// saveDialog is Save as…: a save dialog with the attachment's safe name
// filled in, opened in the last folder used.
func (r *reader) saveDialog(a message.Attachment) *dialog.FileDialog {
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) { r.savedAs(a, w, err) }, r.win())
	d.SetTitleText(i18n.T("file.save.title"))
	d.SetConfirmText(i18n.T("dialog.save"))
	d.SetDismissText(i18n.T("dialog.cancel"))
	d.SetFileName(message.SafeFilename(a.Filename, a.ContentType, a.Index))
	if dir := r.saveFolder(); dir != "" {
		if l, err := storage.ListerForURI(storage.NewFileURI(dir)); err == nil {
			d.SetLocation(l)
		}
	}
	return d
}

// saveAttachment asks where to save the attachment, in the system's save
// window (else Fyne's), and saves it there.
func (r *reader) saveAttachment(a message.Attachment) {
	opt := sysdialog.Options{Title: i18n.T("file.save.title"), Folder: r.saveFolder(),
		Name: message.SafeFilename(a.Filename, a.ContentType, a.Index), Parent: nativeHandle(r.win())}
	askSystem(func(ctx context.Context) (string, error) { return systemFiles.save(ctx, opt) }, func(path string) {
		if path != "" {
			w, err := storage.Writer(storage.NewFileURI(path))
			r.savedAs(a, w, err)
		}
	}, func() { r.saveDialog(a).Show() })
}

// savedAs writes the attachment to the file the save dialog chose, marks
// it as downloaded from the Internet and says where it went.
func (r *reader) savedAs(a message.Attachment, w fyne.URIWriteCloser, err error) {
	if err != nil {
		r.showProblem(i18n.T("attach.save_failed"), err)
		return
	}
	if w == nil {
		return // cancelled
	}
	path := w.URI().Path()
	r.bg(func() {
		_, werr := w.Write(a.Data)
		if cerr := w.Close(); werr == nil {
			werr = cerr
		}
		if werr == nil {
			if merr := markFromInternet(path); merr != nil {
				os.Remove(path)
				werr = fmt.Errorf("attachment: marking %s as downloaded: %w", filepath.Base(path), merr)
			}
		}
		fyne.Do(func() {
			if werr != nil {
				r.showProblem(i18n.T("attach.save_failed"), werr)
				return
			}
			r.saved(filepath.Dir(path), 1)
		})
	})
}

// saveAll asks for a folder, in the system's window (else Fyne's), and
// saves every attachment in it, each under its safe name (never outside
// the folder, never over another file).
func (r *reader) saveAll(atts []message.Attachment) {
	r.chooseSaveFolder(func(dir string) { r.saveAllTo(dir, atts) })
}

// chooseSaveFolder asks for a folder to save in, in the system's window
// (else Fyne's), and hands it to save.
func (r *reader) chooseSaveFolder(save func(dir string)) {
	opt := sysdialog.Options{Title: i18n.T("file.open_folder.title"), Folder: r.saveFolder(), Parent: nativeHandle(r.win())}
	askSystem(func(ctx context.Context) (string, error) { return systemFiles.folder(ctx, opt) }, func(dir string) {
		if dir != "" {
			save(dir)
		}
	}, func() { r.saveAllDialog(save).Show() })
}

// saveAllDialog is Fyne's folder window for Save all: its button says
// Save.
func (r *reader) saveAllDialog(save func(dir string)) *dialog.FileDialog {
	d := dialog.NewFolderOpen(func(dir fyne.ListableURI, err error) {
		if err != nil {
			r.showProblem(i18n.T("attach.save_all_failed"), err)
			return
		}
		if dir != nil {
			save(dir.Path())
		}
	}, r.win())
	d.SetTitleText(i18n.T("file.open_folder.title"))
	d.SetConfirmText(i18n.T("dialog.save"))
	d.SetDismissText(i18n.T("dialog.cancel"))
	if l, err := storage.ListerForURI(storage.NewFileURI(r.saveFolder())); err == nil {
		d.SetLocation(l)
	}
	return d
}

// saveAllTo saves every attachment in dir, then says so.
func (r *reader) saveAllTo(dir string, atts []message.Attachment) {
	left, done := len(atts), 0
	var failed error
	for _, a := range atts {
		r.writeAttachment(dir, a, func(_ string, err error) {
			left--
			if err != nil && failed == nil {
				failed = err
			} else if err == nil {
				done++
			}
			if left > 0 {
				return
			}
			if failed != nil {
				r.showProblem(i18n.N("attach.saved_some", len(atts), i18n.Args{"Saved": i18n.Number(done)}), failed)
				return
			}
			r.saved(dir, done)
		})
	}
}

// saved remembers the folder and confirms: "Saved to Downloads", with a
// button that shows the folder.
func (r *reader) saved(dir string, n int) {
	if r.prefs != nil {
		r.prefs.SetString(prefSaveFolder, dir)
	}
	what := i18n.T("attach.saved_one", i18n.Args{"Folder": filepath.Base(dir)})
	if n > 1 {
		what = i18n.N("attach.saved", n, i18n.Args{"Folder": filepath.Base(dir)})
	}
	r.lastSaved = what
	show := widget.NewButtonWithIcon(i18n.T("attach.show_folder"), theme.FolderOpenIcon(), func() {
		u := urlOf(storage.NewFileURI(dir))
		if r.openHook != nil {
			r.openHook(u)
			return
		}
		if err := fyne.CurrentApp().OpenURL(u); err != nil {
			r.showProblem(i18n.T("attach.show_folder_failed"), err)
		}
	})
	d := dialog.NewCustom(i18n.T("attach.saved.title"), i18n.T("dialog.ok"), container.NewVBox(widget.NewLabel(what), container.NewHBox(show)), r.win())
	r.confirm = d
	d.Show()
}

// showProblem says in one sentence what went wrong, with the system's
// own words behind a Details button.
func (r *reader) showProblem(sentence string, err error) {
	r.lastProblem = i18n.T("attach.problem", i18n.Args{"What": sentence, "Reason": plainReason(err)})
	d := problemDialog("", r.lastProblem, err, r.win())
	r.confirm = d
	d.Show()
}

// plainReason turns a system error into words for everyone.
func plainReason(err error) string {
	var ee *exec.Error
	switch {
	case errors.As(err, &ee) || errors.Is(err, exec.ErrNotFound):
		return i18n.T("reason.no_program")
	case errors.Is(err, os.ErrPermission):
		return i18n.T("reason.not_allowed")
	case errors.Is(err, os.ErrNotExist):
		return i18n.T("reason.no_folder")
	case errors.Is(err, io.ErrShortWrite):
		return i18n.T("reason.disk_full")
	}
	return i18n.T("reason.see_details")
}
