package gui

import (
	"context"
	"path/filepath"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"

	"github.com/tern-mail/tern/assets/i18n"
	"github.com/tern-mail/tern/gui/sysdialog"
)

// chooseAttachments is the composer's Attach…: the system's window to
// choose files (several at once), else Fyne's.
func (c *composer) chooseAttachments() {
	opt := sysdialog.Options{Title: i18n.T("file.open.title"), Parent: nativeHandle(c.win)}
	askSystem(func(ctx context.Context) ([]string, error) { return systemFiles.open(ctx, opt) },
		func(paths []string) {
			for _, p := range paths {
				c.addFile(p)
			}
		},
		func() { c.attachWithFyne(nil) })
}

// attachWithFyne is Fyne's file window for Attach…, opened in dir (nil:
// Fyne's choice). Fyne opens a folder on its first click and lists the
// new folder's files in the same rows; the second click of a double-click
// then lands on whichever file now sits under the pointer, and Fyne takes
// it as a double-click on that file: it would attach a file nobody chose.
// A file picked that soon after a folder was listed is that second click:
// the window opens again in that folder instead.
func (c *composer) attachWithFyne(dir fyne.ListableURI) {
	guard := newListingGuard(time.Now, fyne.CurrentApp().Driver().DoubleTapDelay())
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil || r == nil {
			return
		}
		r.Close()
		path := r.URI().Path()
		if guard.justListed() {
			folder, _ := storage.ListerForURI(storage.NewFileURI(filepath.Dir(path)))
			c.attachWithFyne(folder)
			return
		}
		c.addFile(path)
	}, c.win)
	d.SetFilter(guard)
	d.SetTitleText(i18n.T("file.open.title"))
	d.SetConfirmText(i18n.T("dialog.open"))
	d.SetDismissText(i18n.T("dialog.cancel"))
	if dir != nil {
		d.SetLocation(dir)
	}
	d.Show()
}

// listingGuard is a file filter that lets every file through and notes
// when Fyne's file window last listed a folder.
type listingGuard struct {
	now   func() time.Time
	delay time.Duration // the driver's double-click time

	mu     sync.Mutex
	listed time.Time
}

func newListingGuard(now func() time.Time, delay time.Duration) *listingGuard {
	return &listingGuard{now: now, delay: delay}
}

// Matches implements storage.FileFilter: the window asks it for each
// file of a folder it lists.
func (g *listingGuard) Matches(fyne.URI) bool {
	g.mu.Lock()
	g.listed = g.now()
	g.mu.Unlock()
	return true
}

// justListed reports whether a folder was listed within a double-click
// time: a file picked now is a double-click's second half.
func (g *listingGuard) justListed() bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	return !g.listed.IsZero() && g.now().Sub(g.listed) < g.delay
}
