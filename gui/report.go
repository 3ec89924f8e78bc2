package gui

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"

	"github.com/tern-mail/tern/assets/i18n"
	"github.com/tern-mail/tern/gui/sysdialog"
	"github.com/tern-mail/tern/support/report"
)

// prefKeepLog is Preferences › "Keep a log to help solve problems": off
// unless the person turns it on.
const prefKeepLog = "support.keepLog"

// KeepLogChosen reports whether the person asked, in the profile's
// window preferences, for the protocol log to be kept: main reads it
// before the engine starts, for the window and the command line alike.
// It only reads: a damaged file is left for the window to move aside and
// tell about, and counts as "no".
func KeepLogChosen(profile string) bool {
	b, err := os.ReadFile(filepath.Join(profile, PrefsFile))
	if err != nil {
		return false
	}
	var m map[string]any
	if json.Unmarshal(b, &m) != nil {
		return false
	}
	on, _ := m[prefKeepLog].(bool)
	return on
}

// setKeepLog remembers the choice and applies it at once.
func (w *MainWindow) setKeepLog(on bool) {
	w.prefs.SetBool(prefKeepLog, on)
	if w.info.KeepLog == nil {
		return
	}
	if err := w.info.KeepLog(on); err != nil {
		tellFailure(w.win, i18n.T("report.keep_log.failed"), err)
	}
}

// reportDialog is Help › Save a report for support…: a save dialog with
// today's report name, opened in Downloads.
func (w *MainWindow) reportDialog() *dialog.FileDialog {
	d := dialog.NewFileSave(w.savedReport, w.win)
	d.SetFileName(report.FileName(time.Now()))
	if dir := downloadsFolder(); dir != "" {
		if l, err := storage.ListerForURI(storage.NewFileURI(dir)); err == nil {
			d.SetLocation(l)
		}
	}
	return d
}

// saveReport asks where the report goes and writes it there.
func (w *MainWindow) saveReport() {
	if w.info.SaveReport == nil {
		showInfo(i18n.T("report.title"), i18n.T("report.unavailable"), w.win)
		return
	}
	opt := sysdialog.Options{Title: i18n.T("file.save.title"), Folder: downloadsFolder(),
		Name: report.FileName(time.Now()), Parent: nativeHandle(w.win)}
	askSystem(func(ctx context.Context) (string, error) { return systemFiles.save(ctx, opt) }, func(path string) {
		if path != "" {
			uc, err := storage.Writer(storage.NewFileURI(path))
			w.savedReport(uc, err)
		}
	}, func() { w.reportDialog().Show() })
}

// savedReport writes the report to the file chosen and says where it went.
func (w *MainWindow) savedReport(uc fyne.URIWriteCloser, err error) {
	if err != nil {
		tellFailure(w.win, i18n.T("report.failed"), err)
		return
	}
	if uc == nil {
		return // cancelled
	}
	path := uc.URI().Path()
	Background(func() {
		werr := w.info.SaveReport(uc)
		if cerr := uc.Close(); werr == nil {
			werr = cerr
		}
		if werr != nil {
			os.Remove(path)
		}
		fyne.Do(func() {
			if werr != nil {
				tellFailure(w.win, i18n.T("report.failed"), werr)
				return
			}
			showInfo(i18n.T("report.saved.title"), i18n.T("report.saved", i18n.Args{"Path": path}), w.win)
		})
	})
}

// downloadsFolder is the Downloads folder, else the home folder.
func downloadsFolder() string {
	home, err := os.UserHomeDir()
	if err != nil {
		return ""
	}
	if st, err := os.Stat(filepath.Join(home, "Downloads")); err == nil && st.IsDir() {
		return filepath.Join(home, "Downloads")
	}
	return home
}
