package gui

import (
	"context"
	"errors"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"github.com/tern-mail/tern/accounts"
	"github.com/tern-mail/tern/accounts/transfer"
	"github.com/tern-mail/tern/assets/i18n"
	"github.com/tern-mail/tern/gui/sysdialog"
	"github.com/tern-mail/tern/storage"
)

// File › Export mail… writes an account's mail to a folder the person
// picks: one mbox file per folder (which other mail programs import), or
// one .eml file per message. Like the import it runs off the UI
// goroutine with its progress and a Cancel, and says at the end what it
// wrote.

// exportWindow is the Export mail window.
type exportWindow struct {
	w        *MainWindow
	win      fyne.Window
	accts    []accounts.Account
	account  *widget.Select
	format   *widget.RadioGroup
	bar      *widget.ProgressBar
	status   *widget.Label
	finished func(transfer.ExportProgress, error) // tests hear the end
}

// showExport opens the Export mail window.
func (w *MainWindow) showExport() *exportWindow {
	ew := &exportWindow{w: w, win: w.app.NewWindow(i18n.T("io.export.title")), accts: w.manager.List()}
	names := make([]string, len(ew.accts))
	for i, a := range ew.accts {
		names[i] = a.Address
	}
	ew.account = widget.NewSelect(names, nil)
	if len(names) > 0 {
		ew.account.SetSelectedIndex(0)
	}
	mbox, eml := i18n.T("io.export.mbox"), i18n.T("io.export.eml")
	ew.format = widget.NewRadioGroup([]string{mbox, eml}, nil)
	ew.format.SetSelected(mbox)
	ew.format.Required = true
	intro := widget.NewLabel(i18n.T("io.export.intro"))
	intro.Wrapping = fyne.TextWrapWord
	start := widget.NewButton(i18n.T("io.export.start"), ew.pick)
	start.Importance = widget.HighImportance
	if len(names) == 0 {
		start.Disable()
	}
	form := widget.NewForm(widget.NewFormItem(i18n.T("io.export.account"), ew.account),
		widget.NewFormItem(i18n.T("io.export.format"), ew.format))
	ew.win.SetContent(container.NewPadded(container.NewVBox(intro, form,
		container.NewHBox(layout.NewSpacer(), widget.NewButton(i18n.T("dialog.cancel"), ew.win.Close), start))))
	ew.win.Resize(fyne.NewSize(520, 0))
	ew.win.Show()
	return ew
}

// pick asks where to write, in the system's folder window, then exports.
func (ew *exportWindow) pick() {
	opt := sysdialog.Options{Title: i18n.T("io.export.folder.title"), Folder: downloadsFolder(), Parent: nativeHandle(ew.win)}
	askSystem(func(ctx context.Context) (string, error) { return systemFiles.folder(ctx, opt) }, ew.run, func() {
		dialog.NewFolderOpen(func(u fyne.ListableURI, err error) {
			if err == nil && u != nil {
				ew.run(u.Path())
			}
		}, ew.win).Show()
	})
}

// run exports the chosen account into dir, showing the progress.
func (ew *exportWindow) run(dir string) {
	i := ew.account.SelectedIndex()
	if dir == "" || i < 0 {
		return
	}
	a := ew.accts[i]
	asEML := ew.format.Selected == i18n.T("io.export.eml")
	ctx, cancel := context.WithCancel(context.Background())
	ew.bar = widget.NewProgressBar()
	ew.status = widget.NewLabel(i18n.T("io.import.starting"))
	ew.status.Wrapping = fyne.TextWrapWord
	ew.win.SetContent(container.NewPadded(container.NewVBox(
		widget.NewLabelWithStyle(i18n.T("io.export.running", i18n.Args{"Account": a.Address}), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		ew.bar, ew.status, container.NewHBox(layout.NewSpacer(), widget.NewButton(i18n.T("dialog.cancel"), cancel)))))
	Background(func() {
		defer cancel()
		p, err := ew.export(ctx, a, dir, asEML)
		fyne.Do(func() { ew.done(dir, p, err) })
	})
}

// export writes the account's folders. Off the UI goroutine.
func (ew *exportWindow) export(ctx context.Context, a accounts.Account, dir string, asEML bool) (transfer.ExportProgress, error) {
	folders, err := ew.w.store.Folders(ctx, a.ID)
	if err != nil {
		return transfer.ExportProgress{}, err
	}
	opts := transfer.ExportOptions{OnProgress: func(p transfer.ExportProgress) {
		fyne.Do(func() { ew.progress(p) })
	}}
	if f, ok := ew.w.engine.(bodyFetcher); ok && a.Protocol == accounts.IMAP {
		opts.FetchBodies = func(ctx context.Context, fo storage.Folder, uids map[int64]uint32) error {
			if err := f.FetchBodies(ctx, a, fo.Name, uids); err != nil {
				fyne.LogError("fetch messages to export", err) // left out and counted
			}
			return nil
		}
	}
	if asEML {
		return transfer.ExportEML(ctx, ew.w.store, folders, dir, opts)
	}
	return transfer.ExportMbox(ctx, ew.w.store, folders, dir, opts)
}

// bodyFetcher downloads the sources the offline policy left on the
// server: the engine's FetchBodies.
type bodyFetcher interface {
	FetchBodies(ctx context.Context, a accounts.Account, folder string, uids map[int64]uint32) error
}

// progress shows how far the export is. UI goroutine.
func (ew *exportWindow) progress(p transfer.ExportProgress) {
	if p.Total > 0 {
		ew.bar.SetValue(float64(p.Messages) / float64(p.Total))
	}
	s := i18n.T("export.progress", i18n.Args{"Folder": p.Folder, "Done": i18n.Number(p.Messages),
		"Total": i18n.Number(p.Total), "Left": i18n.TimeLeft(p.Left)})
	ew.status.SetText(strings.TrimSpace(s))
}

// done says what the export wrote. UI goroutine.
func (ew *exportWindow) done(dir string, p transfer.ExportProgress, err error) {
	var lines []string
	switch {
	case errors.Is(err, context.Canceled):
		lines = append(lines, i18n.T("export.stopped"))
	case err != nil:
		lines = append(lines, i18n.T("io.export.failed", i18n.Args{"Reason": err.Error()}))
	}
	lines = append(lines, i18n.N("export.summary", p.Messages, i18n.Args{"Folders": i18n.N("export.folders", p.Folders), "Dir": dir}))
	if p.Missing > 0 {
		lines = append(lines, i18n.N("export.missing", p.Missing))
	}
	summary := widget.NewLabel(strings.Join(lines, "\n"))
	summary.Wrapping = fyne.TextWrapWord
	ew.status = summary
	ew.win.SetContent(container.NewPadded(container.NewVBox(
		widget.NewLabelWithStyle(i18n.T("io.export.finished"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), summary,
		container.NewHBox(layout.NewSpacer(), widget.NewButton(i18n.T("dialog.close"), ew.win.Close)))))
	if ew.finished != nil {
		ew.finished(p, err)
	}
}

// fileMenu is File: import mail from other programs, export it.
func (w *MainWindow) fileMenu() *fyne.Menu {
	return fyne.NewMenu(i18n.T("io.menu.file"),
		fyne.NewMenuItem(i18n.T("io.menu.import"), func() { w.showImport() }),
		fyne.NewMenuItem(i18n.T("io.menu.export"), func() { w.showExport() }))
}
