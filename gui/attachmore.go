package gui

import (
	"fmt"
	"io"
	"os"
	"path/filepath"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/tern-mail/tern/assets/i18n"
	"github.com/tern-mail/tern/storage/message"
)

// A message can carry tens of thousands of attachments (20,000 tiny ones
// froze the window for minutes). The reader lays out rows for the first
// shownAttachments only and counts the others on one line, with Show all
// (a list that makes rows only for what is on screen) and Save all
// (every attachment read from the stored message and written to disk one
// at a time, never all of them in memory).
const shownAttachments = 50

// maxThumbnails is how many pictures under a message get a thumbnail.
const maxThumbnails = 20

// listedAttachments returns the attachments a person sees as files: not
// the pictures shown inside the text.
func listedAttachments(atts []message.Attachment) []message.Attachment {
	var out []message.Attachment
	for _, a := range atts {
		if !a.Inline {
			out = append(out, a)
		}
	}
	return out
}

// moreRow is the line under the listed attachments: how many more there
// are, Show all, and Save all; nil when there is at most one attachment.
// A message too large to read (message.MaxParseBytes) has Save all alone.
func (r *reader) moreRow(v *readerView, shown []message.Attachment, listed int) fyne.CanvasObject {
	total := len(shown) + v.moreParts
	if len(v.source) > message.MaxParseBytes {
		// Shown as plain text: its attachments were not read, but can
		// be saved.
		return container.NewHBox(newKeyButton(i18n.T("msgbudget.save_all_plain"), theme.DocumentSaveIcon(), func() {
			r.chooseSaveFolder(func(dir string) { r.saveStreamed(dir, v.source) })
		}, r.key))
	}
	if total <= 1 {
		return nil
	}
	row := container.NewHBox()
	if more := total - listed; more > 0 {
		row.Add(widget.NewLabel(i18n.N("msgbudget.more_attachments", more, i18n.Args{"Number": i18n.Number(more)})))
		row.Add(newKeyButton(i18n.T("msgbudget.show_all"), theme.ListIcon(), func() { r.showAllAttachments(v) }, r.key))
	}
	save := func() { r.saveAll(shown) }
	if v.source != nil {
		save = func() { r.chooseSaveFolder(func(dir string) { r.saveStreamed(dir, v.source) }) }
	}
	row.Add(newKeyButton(i18n.N("attach.save_all", total), theme.DocumentSaveIcon(), save, r.key))
	return row
}

// thumbnails is a strip for the pictures among listed, filled off the
// window's thread: decoding them waits until the message is shown, and
// stops when the user leaves it. It is nil when there are none.
func (r *reader) thumbnails(v *readerView, listed []message.Attachment) fyne.CanvasObject {
	var pics []message.Attachment
	for _, a := range listed {
		if k := message.KindOf(a); !k.Dangerous && isPictureType(k.Ext) && len(pics) < maxThumbnails {
			pics = append(pics, a)
		}
	}
	if len(pics) == 0 {
		return nil
	}
	strip := container.NewHBox()
	r.bg(func() {
		budget := newPixelBudget()
		var imgs []fyne.CanvasObject
		for _, a := range pics {
			if r.showing.Load() != v {
				return // the user left the message
			}
			p := preparePicture(a.Data, a.ContentType, a.Filename, budget)
			if p.img == nil {
				continue // the row above still offers the file
			}
			img := canvas.NewImageFromImage(shrink(p.img, thumbWidth, thumbHeight))
			img.FillMode = canvas.ImageFillContain
			b := img.Image.Bounds()
			img.SetMinSize(fyne.NewSize(float32(b.Dx()), float32(b.Dy())))
			imgs = append(imgs, img)
		}
		fyne.Do(func() {
			if r.current == v {
				strip.Objects = imgs
				strip.Refresh()
				r.attachBox.Refresh()
			}
		})
	})
	return container.NewHScroll(strip)
}

// streamedFile is one line of Show all.
type streamedFile struct {
	part message.StreamedPart
	size int64
}

// showAllAttachments lists every attachment of v, read off the window's
// thread from its stored source, in a window with Save all.
func (r *reader) showAllAttachments(v *readerView) {
	var files []streamedFile
	list := widget.NewList(func() int { return len(files) },
		func() fyne.CanvasObject {
			return container.NewBorder(nil, nil, widget.NewIcon(theme.FileIcon()), widget.NewLabel(""), widget.NewLabel(""))
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			c := o.(*fyne.Container)
			f := files[id]
			stem, kind := attachmentLabel(message.Attachment{Filename: f.part.Filename, ContentType: f.part.ContentType})
			c.Objects[0].(*widget.Label).SetText(stem)
			c.Objects[2].(*widget.Label).SetText(i18n.T("attach.kind_size", i18n.Args{"Kind": kind, "Size": i18n.Size(f.size)}))
		})
	status := widget.NewLabel(i18n.T("msgbudget.reading"))
	save := newKeyButton(i18n.T("msgbudget.save_all_plain"), theme.DocumentSaveIcon(), func() {
		r.chooseSaveFolder(func(dir string) { r.saveStreamed(dir, v.source) })
	}, r.key)
	body := container.NewBorder(nil, container.NewHBox(status, save), nil, nil, list)
	d := dialog.NewCustom(i18n.T("msgbudget.all_title"), i18n.T("dialog.close"), body, r.win())
	d.Resize(fyne.NewSize(640, 480))
	r.confirm = d
	d.Show()
	r.bg(func() {
		var found []streamedFile
		message.EachAttachment(v.source, func(p message.StreamedPart, rd io.Reader) error {
			n, _ := io.Copy(io.Discard, rd)
			found = append(found, streamedFile{part: p, size: n})
			return nil
		})
		fyne.Do(func() {
			files = found
			status.SetText(i18n.N("msgbudget.all_count", len(found), i18n.Args{"Number": i18n.Number(len(found))}))
			list.Refresh()
		})
	})
}

// saveStreamed saves every attachment of the message source in dir, one
// at a time, each decoded while it is written, then says so. A file that
// cannot be read whole is left out and the others are saved.
func (r *reader) saveStreamed(dir string, source []byte) {
	r.bg(func() {
		done, tried, failed := saveEvery(dir, source)
		fyne.Do(func() {
			if failed != nil {
				r.showProblem(i18n.N("attach.saved_some", tried, i18n.Args{"Saved": i18n.Number(done)}), failed)
				return
			}
			r.saved(dir, done)
		})
	})
}

// saveEvery writes the attachments of source into dir and returns how
// many it saved and tried, and the first error. It stops at an error
// that is the folder's (it cannot create a file there).
func saveEvery(dir string, source []byte) (done, tried int, failed error) {
	sd, err := message.NewSaveDir(dir)
	if err != nil {
		return 0, 0, err
	}
	err = message.EachAttachment(source, func(p message.StreamedPart, rd io.Reader) error {
		tried++
		f, err := sd.Create(p.Filename, p.ContentType, p.Index)
		if err != nil {
			return err
		}
		_, err = io.Copy(f, rd)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err == nil {
			err = markFromInternet(f.Name())
		}
		if err != nil {
			// Half a file, or one the system would trust, does not stay.
			os.Remove(f.Name())
			if failed == nil {
				failed = fmt.Errorf("attachment: saving %s: %w", filepath.Base(f.Name()), err)
			}
			return nil
		}
		done++
		return nil
	})
	if err != nil && failed == nil {
		failed = err
	}
	return done, tried, failed
}
