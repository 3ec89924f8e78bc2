package gui

import (
	"fmt"
	"os"
	"path/filepath"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/tern-mail/tern/assets/i18n"
	"github.com/tern-mail/tern/storage/message"
)

// prefTrustPrefix + extension remembers "don't ask again for this kind of
// file" in the profile.
const prefTrustPrefix = "attachments.openWithoutAsking."

// attachmentRow shows one attachment: its name, its real extension and
// type, its size, and what may be done with it. Dangerous types, web
// pages and SVG pictures get no Open button, only Save and a plain note.
func (r *reader) attachmentRow(a message.Attachment, from string) fyne.CanvasObject {
	k := message.KindOf(a)
	stem, kind := attachmentLabel(a)
	name := widget.NewLabel(stem)
	name.Truncation = fyne.TextTruncateEllipsis
	typ := widget.NewLabelWithStyle(i18n.T("attach.kind_size", i18n.Args{"Kind": kind, "Size": i18n.Size(int64(len(a.Data)))}),
		fyne.TextAlignLeading, fyne.TextStyle{Bold: k.Dangerous})
	typ.Wrapping = fyne.TextWrapWord // long in some languages: it must not widen the window
	save := newKeyButton(i18n.T("attach.save_as"), theme.DocumentSaveIcon(), func() { r.saveAttachment(a) }, r.key)
	if k.SaveOnly() {
		return saveOnlyRow(k, from, name, typ, save)
	}
	open := newKeyButton(i18n.T("dialog.open"), theme.FileIcon(), func() { r.askOpen(a, from) }, r.key)
	return container.NewBorder(nil, nil, widget.NewIcon(theme.FileIcon()), container.NewCenter(container.NewHBox(open, save)), container.NewVBox(name, typ))
}

// saveOnlyRow is the row of a file Tern does not open: a program or
// script under a warning, or a web page or SVG picture under a note that
// says why (a browser would run its script from a local file).
func saveOnlyRow(k message.Kind, from string, name, typ *widget.Label, save fyne.CanvasObject) fyne.CanvasObject {
	var warn *widget.Label
	if k.Dangerous {
		typ.Importance = widget.DangerImportance
		warn = widget.NewLabel(i18n.T("attach.dangerous", i18n.Args{"Kind": kindName(k), "From": from}))
		warn.Importance = widget.DangerImportance
	} else {
		warn = widget.NewLabel(i18n.T("attach.browser", i18n.Args{"Kind": kindName(k)}))
	}
	warn.Wrapping = fyne.TextWrapWord
	row := container.NewBorder(nil, nil, widget.NewIcon(theme.WarningIcon()), container.NewCenter(save), container.NewVBox(name, typ))
	return container.NewVBox(row, warn)
}

// askOpen opens an attachment after asking, once per kind of file unless
// the user said not to ask again for it.
func (r *reader) askOpen(a message.Attachment, from string) {
	k := message.KindOf(a)
	if k.SaveOnly() {
		return // never: the row has no Open button, this is a second guard
	}
	key := prefTrustPrefix + k.Ext
	if k.Ext != "" && r.prefs != nil && r.prefs.Bool(key) {
		r.openAttachment(a)
		return
	}
	stem, _ := attachmentLabel(a)
	q := widget.NewLabel(i18n.T("attach.open.question", i18n.Args{"File": stem + k.Ext, "From": from}))
	q.Wrapping = fyne.TextWrapWord
	again := widget.NewCheck(i18n.T("attach.open.again", i18n.Args{"Kind": kindName(k)}), nil)
	if k.Ext == "" {
		again.Hide()
	}
	d := dialog.NewCustomConfirm(i18n.T("attach.open.title"), i18n.T("dialog.open"), i18n.T("dialog.cancel"), container.NewVBox(q, again), func(ok bool) {
		if !ok {
			return
		}
		if again.Checked && r.prefs != nil {
			r.prefs.SetBool(key, true)
		}
		r.openAttachment(a)
	}, r.win())
	d.Resize(fyne.NewSize(460, 240))
	r.confirm = d
	d.Show()
}

// openAttachment saves the attachment in a private temporary folder,
// marked as coming from the Internet, and hands it to the system's
// program for that kind of file.
func (r *reader) openAttachment(a message.Attachment) {
	if message.KindOf(a).SaveOnly() {
		return
	}
	dir, err := openedFiles.dir()
	if err != nil {
		r.showProblem(i18n.T("attach.open_failed"), err)
		return
	}
	r.writeAttachment(dir, a, func(path string, err error) {
		if err != nil {
			r.showProblem(i18n.T("attach.open_failed"), err)
			return
		}
		if r.openHook != nil {
			r.openHook(urlOf(storage.NewFileURI(path)))
			return
		}
		if err := fyne.CurrentApp().OpenURL(urlOf(storage.NewFileURI(path))); err != nil {
			r.showProblem(i18n.T("attach.open_failed"), err)
		}
	})
}

// writeAttachment writes a into dir (off the UI goroutine), marks the
// file as downloaded from the Internet, and reports where.
func (r *reader) writeAttachment(dir string, a message.Attachment, done func(string, error)) {
	r.bg(func() {
		path, err := message.SavePath(dir, a.Filename, a.ContentType, a.Index)
		if err == nil {
			err = os.WriteFile(path, a.Data, 0o600)
		}
		if err == nil {
			if merr := markFromInternet(path); merr != nil {
				// The file is written; without its mark the system would
				// trust it, so it does not stay.
				os.Remove(path)
				err = fmt.Errorf("attachment: marking %s as downloaded: %w", filepath.Base(path), merr)
			}
		}
		fyne.Do(func() { done(path, err) })
	})
}

// tempFiles is the private folder that attachments are opened from; it
// is removed when Tern quits.
type tempFiles struct {
	mu   sync.Mutex
	path string
}

var openedFiles tempFiles

func (t *tempFiles) dir() (string, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.path == "" {
		p, err := os.MkdirTemp("", "tern-open-")
		if err != nil {
			return "", fmt.Errorf("attachment: temporary folder: %w", err)
		}
		t.path = p
	}
	return t.path, nil
}

// RemoveOpenedFiles deletes the attachments Tern wrote to open them; Run
// calls it when Tern quits.
func RemoveOpenedFiles() error {
	t := &openedFiles
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.path == "" {
		return nil
	}
	err := os.RemoveAll(t.path)
	t.path = ""
	return err
}
