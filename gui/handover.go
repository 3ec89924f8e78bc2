package gui

import (
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"

	"fyne.io/fyne/v2"

	"github.com/tern-mail/tern/accounts/instance"
	"github.com/tern-mail/tern/assets/i18n"
	tstorage "github.com/tern-mail/tern/storage"
	"github.com/tern-mail/tern/storage/message"
)

// followRequests acts on what reqs brings (a second start's arguments, or
// this start's own) on the UI goroutine, until the window stops.
func (w *MainWindow) followRequests(reqs <-chan instance.Request) {
	if reqs == nil {
		return
	}
	w.wg.Add(1)
	go func() {
		defer w.wg.Done()
		for {
			select {
			case <-w.stop:
				return
			case r := <-reqs:
				fyne.Do(func() { w.handle(r) })
			}
		}
	}()
}

// handle does what one request asks: get mail, or come to the front and
// open its mailto: links in composers and its message files in readers.
func (w *MainWindow) handle(r instance.Request) {
	if r.Op == instance.OpSync {
		w.getMail()
		return
	}
	if r.Op != instance.OpOpen {
		return
	}
	w.win.Show()
	w.win.RequestFocus()
	targets, err := r.Targets()
	for _, t := range targets {
		if t.Mailto != nil {
			w.composeMailto(t.Mailto)
		} else {
			w.openMessageFile(t.File)
		}
	}
	if err != nil {
		showProblem(i18n.T("open_request.failed"), err, w.win)
	}
}

// composeMailto opens a composer for a mailto: link given to Tern, with
// only the To, Cc, Subject and Body a link in a message would give.
func (w *MainWindow) composeMailto(link *url.URL) {
	if w.compose(mailtoDraft(link), "") == nil {
		showInfo(i18n.T("open_request.no_account.title"), i18n.T("open_request.no_account"), w.win)
	}
}

// The message files Tern does not show: too large, or empty.
var (
	errTooLarge  = fmt.Errorf("message file: larger than %d MB", message.MaxMessageBytes>>20)
	errEmptyFile = errors.New("message file: empty")
)

// openMessageFile shows a message file (.eml) in a reader window of its
// own, read-only: nothing is imported, nothing is marked.
func (w *MainWindow) openMessageFile(name string) {
	Background(func() {
		raw, err := readMessageFile(name)
		fyne.Do(func() {
			if err != nil {
				w.messageFileProblem(filepath.Base(name), err)
				return
			}
			w.showRaw(filepath.Base(name), raw)
		})
	})
}

// readMessageFile reads a message file of at most message.MaxMessageBytes.
func readMessageFile(name string) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	raw, err := io.ReadAll(io.LimitReader(f, message.MaxMessageBytes+1))
	if err != nil {
		return nil, err
	}
	if len(raw) > message.MaxMessageBytes {
		return nil, errTooLarge
	}
	if len(raw) == 0 {
		return nil, errEmptyFile
	}
	return raw, nil
}

// messageFileProblem says why the message file name could not be shown:
// Tern's own reasons in a sentence, the system's behind Details.
func (w *MainWindow) messageFileProblem(name string, err error) {
	title := i18n.T("open_file.title", i18n.Args{"File": name})
	switch {
	case errors.Is(err, errTooLarge):
		showInfo(title, i18n.T("open_file.too_large", i18n.Args{"Megabytes": i18n.Number(message.MaxMessageBytes >> 20)}), w.win)
	case errors.Is(err, errEmptyFile):
		showInfo(title, i18n.T("open_file.empty"), w.win)
	case errors.Is(err, os.ErrNotExist):
		problemDialog(title, i18n.T("open_file.not_found"), err, w.win).Show()
	case errors.Is(err, os.ErrPermission):
		problemDialog(title, i18n.T("open_file.not_allowed"), err, w.win).Show()
	default:
		problemDialog(title, i18n.T("open_file.failed"), err, w.win).Show()
	}
}

// showRaw opens a reader window on the message raw, read from the file
// name: its subject is the window's title, as for a stored message.
func (w *MainWindow) showRaw(name string, raw []byte) {
	p := message.Parse(raw)
	m := &tstorage.StoredMessage{MessageSummary: tstorage.MessageSummary{Date: p.Date, Subject: p.Subject},
		To: message.JoinAddresses(p.To), Cc: message.JoinAddresses(p.Cc), Raw: raw}
	if len(p.From) > 0 {
		m.FromName, m.FromAddr = p.From[0].Name, p.From[0].Email
	}
	r := newReader(w.store, w.engine, Background, nil)
	r.prefs, r.compose = w.prefs, func(d message.Draft) { w.compose(d, "") }
	title := message.CleanHeader(p.Subject)
	if title == "" {
		title = name
	}
	win := w.app.NewWindow(title)
	r.win = func() fyne.Window { return win }
	win.SetContent(r.widget())
	win.Resize(fyne.NewSize(700, 600))
	r.display(viewOf(0, m))
	win.Show()
}
