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
	"github.com/tern-mail/tern/storage/message"
)

// File › Import mail… brings mail from another program: the Thunderbird
// profiles on this computer are found at once (the finder tern import
// --list uses) and each of their folders offered with its number of
// messages; any mbox file, maildir or folder of them can be added with
// the system's file windows. The import runs off the UI goroutine (all
// widget changes go through fyne.Do), shows its progress with a Cancel,
// and ends with what came in, in plain words.

// findProfiles finds the Thunderbird profiles on this computer; tests
// replace it.
var findProfiles = transfer.ThunderbirdProfiles

// importChoice is one folder that can be imported, with its check box.
type importChoice struct {
	box   transfer.Mailbox
	check *widget.Check
}

// importWindow is the Import mail window.
type importWindow struct {
	w        *MainWindow
	win      fyne.Window
	choices  []*importChoice
	books    []*bookChoice
	list     *fyne.Container // the check boxes
	note     *widget.Label   // while looking, or when nothing was found
	account  *widget.Select
	accts    []accounts.Account
	folder   *widget.Entry
	start    *widget.Button
	bar      *widget.ProgressBar
	status   *widget.Label
	cancel   context.CancelFunc
	finished func(transfer.Progress, error) // tests hear the end
	shown    func()                         // and each progress shown
}

// showImport opens the Import mail window.
func (w *MainWindow) showImport() *importWindow {
	iw := &importWindow{w: w, win: w.app.NewWindow(i18n.T("io.import.title")), list: container.NewVBox(),
		note: widget.NewLabel(i18n.T("io.import.looking"))}
	iw.note.Wrapping = fyne.TextWrapWord
	iw.accts = w.manager.List()
	names := make([]string, len(iw.accts))
	for i, a := range iw.accts {
		names[i] = a.Address
	}
	iw.account = widget.NewSelect(names, nil)
	if len(names) > 0 {
		iw.account.SetSelectedIndex(0)
	}
	iw.folder = widget.NewEntry()
	iw.folder.SetPlaceHolder(i18n.T("io.import.folder.hint"))
	iw.start = widget.NewButton(i18n.T("io.import.start"), iw.run)
	iw.start.Importance = widget.HighImportance
	iw.start.Disable()
	addFile := widget.NewButton(i18n.T("io.import.add_file"), iw.pickFiles)
	addDir := widget.NewButton(i18n.T("io.import.add_folder"), iw.pickFolder)
	intro := widget.NewLabel(i18n.T("io.import.intro"))
	intro.Wrapping = fyne.TextWrapWord
	form := widget.NewForm(widget.NewFormItem(i18n.T("io.import.into"), iw.account),
		widget.NewFormItem(i18n.T("io.import.folder"), iw.folder))
	top := container.NewVBox(intro, container.NewHBox(addFile, addDir))
	bottom := container.NewVBox(widget.NewSeparator(), form,
		container.NewHBox(layout.NewSpacer(), widget.NewButton(i18n.T("dialog.cancel"), iw.win.Close), iw.start))
	iw.win.SetContent(container.NewPadded(container.NewBorder(top, bottom, nil, nil,
		container.NewVScroll(container.NewVBox(iw.note, iw.list)))))
	iw.win.Resize(fyne.NewSize(560, 480))
	iw.win.Show()
	Background(iw.findThunderbird)
	return iw
}

// findThunderbird offers the folders of every Thunderbird profile on
// this computer. Off the UI goroutine.
func (iw *importWindow) findThunderbird() {
	profiles, err := findProfiles()
	if err != nil {
		fyne.LogError("find Thunderbird profiles", err)
	}
	var dirs, names []string
	for _, p := range profiles {
		for _, a := range p.Accounts {
			if a.HasMail() {
				dirs, names = append(dirs, a.Dir), append(names, a.Name)
			}
		}
	}
	iw.offer(append(dirs, thunderbirdBooks(profiles)...), names)
}

// offer scans paths and adds their folders, each with its count, to the
// list; names (when given) are what to call the folders of each path in
// front of their own names (a Thunderbird account's). Off the UI
// goroutine.
func (iw *importWindow) offer(paths, names []string) {
	type found struct {
		box  transfer.Mailbox
		n    int
		name string
	}
	var all []found
	books, paths := iw.readBooks(paths, names != nil)
	for i, p := range paths {
		boxes, _, err := transfer.Scan([]string{p})
		if err != nil {
			fyne.LogError("look at mail to import", err)
			continue
		}
		for _, b := range boxes {
			n, err := transfer.Count(b)
			if err == nil && n > 0 {
				all = append(all, found{b, n, choiceName(b, names, i)})
			}
		}
	}
	fyne.Do(func() {
		for _, f := range all {
			iw.add(f.box, f.n, f.name)
		}
		for _, b := range books {
			iw.addBook(b.where, b.people)
		}
		iw.note.SetText("")
		iw.note.Hide()
		if len(iw.choices)+len(iw.books) == 0 {
			iw.note.SetText(i18n.T("io.import.none"))
			iw.note.Show()
		}
		iw.sync()
	})
}

// choiceName is how the list calls folder b found in the i-th of paths:
// its levels with › between them, after the name of what it was found in.
func choiceName(b transfer.Mailbox, names []string, i int) string {
	parts := append([]string(nil), b.Path...)
	if len(parts) == 0 {
		parts = []string{i18n.T("folder.role.inbox")}
	}
	if i < len(names) && names[i] != "" {
		parts = append([]string{names[i]}, parts...)
	}
	return strings.Join(parts, " › ")
}

// add puts one folder in the list, checked. UI goroutine.
func (iw *importWindow) add(b transfer.Mailbox, n int, name string) {
	for _, c := range iw.choices {
		if c.box.Where == b.Where && c.box.Name() == b.Name() {
			return
		}
	}
	label := i18n.N("io.import.folder_count", n, i18n.Args{"Folder": name})
	c := &importChoice{box: b}
	c.check = widget.NewCheck(label, func(bool) { iw.sync() })
	c.check.SetChecked(true)
	iw.choices = append(iw.choices, c)
	iw.list.Add(c.check)
}

// sync enables Import when a folder is checked and there is an account.
func (iw *importWindow) sync() {
	if len(iw.chosen())+len(iw.chosenPeople()) > 0 && iw.account.SelectedIndex() >= 0 {
		iw.start.Enable()
	} else {
		iw.start.Disable()
	}
}

// chosen are the checked folders.
func (iw *importWindow) chosen() []transfer.Mailbox {
	var out []transfer.Mailbox
	for _, c := range iw.choices {
		if c.check.Checked {
			out = append(out, c.box)
		}
	}
	return out
}

// pickFiles adds mbox or .eml files chosen in the system's file window.
func (iw *importWindow) pickFiles() {
	opt := sysdialog.Options{Title: i18n.T("io.import.add_file.title"), Parent: nativeHandle(iw.win)}
	askSystem(func(ctx context.Context) ([]string, error) { return systemFiles.open(ctx, opt) }, iw.picked, func() {
		d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
			if err == nil && r != nil {
				r.Close()
				iw.picked([]string{r.URI().Path()})
			}
		}, iw.win)
		d.Show()
	})
}

// pickFolder adds a folder (a maildir, a tree of mbox files, a profile)
// chosen in the system's folder window.
func (iw *importWindow) pickFolder() {
	opt := sysdialog.Options{Title: i18n.T("io.import.add_folder.title"), Parent: nativeHandle(iw.win)}
	askSystem(func(ctx context.Context) (string, error) { return systemFiles.folder(ctx, opt) },
		func(dir string) { iw.picked([]string{dir}) }, func() {
			d := dialog.NewFolderOpen(func(u fyne.ListableURI, err error) {
				if err == nil && u != nil {
					iw.picked([]string{u.Path()})
				}
			}, iw.win)
			d.Show()
		})
}

// picked looks at what was chosen, off the UI goroutine.
func (iw *importWindow) picked(paths []string) {
	var keep []string
	for _, p := range paths {
		if p != "" {
			keep = append(keep, p)
		}
	}
	if len(keep) == 0 {
		return
	}
	iw.note.SetText(i18n.T("io.import.looking"))
	iw.note.Show()
	Background(func() { iw.offer(keep, nil) })
}

// run imports the checked folders into the chosen account, showing the
// progress in place of the list.
func (iw *importWindow) run() {
	boxes, people := iw.chosen(), iw.chosenPeople()
	i := iw.account.SelectedIndex()
	if len(boxes)+len(people) == 0 || i < 0 {
		return
	}
	a := iw.accts[i]
	ctx, cancel := context.WithCancel(context.Background())
	iw.cancel = cancel
	iw.bar = widget.NewProgressBar()
	iw.status = widget.NewLabel(i18n.T("io.import.starting"))
	iw.status.Wrapping = fyne.TextWrapWord
	stop := widget.NewButton(i18n.T("dialog.cancel"), cancel)
	iw.win.SetContent(container.NewPadded(container.NewVBox(
		widget.NewLabelWithStyle(i18n.T("io.import.running", i18n.Args{"Account": a.Address}), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		iw.bar, iw.status, container.NewHBox(layout.NewSpacer(), stop))))
	folder := strings.TrimSpace(iw.folder.Text)
	Background(func() {
		defer cancel()
		var p transfer.Progress
		var err error
		if len(boxes) > 0 {
			p, err = iw.importInto(ctx, a, boxes, folder)
		}
		added := 0
		if err == nil && len(people) > 0 {
			added, err = iw.w.store.AddContacts(ctx, people)
		}
		fyne.Do(func() { iw.done(a, boxes, p, err, people, added) })
	})
}

// importInto runs the import. Off the UI goroutine.
func (iw *importWindow) importInto(ctx context.Context, a accounts.Account, boxes []transfer.Mailbox, folder string) (transfer.Progress, error) {
	dialer, _ := iw.w.engine.(transfer.Dialer)
	if dialer == nil && transfer.Uploads(a) {
		return transfer.Progress{}, errors.New("gui: no connection to the account's server")
	}
	target, closeTarget, err := transfer.OpenTarget(ctx, dialer, iw.w.store, a)
	if err != nil {
		return transfer.Progress{}, err
	}
	defer closeTarget()
	return transfer.Import(ctx, target, boxes, transfer.Options{
		Folder:    folder,
		StateFile: transfer.StateFile(iw.w.manager.ProfileDir()),
		StateKey:  a.ID,
		OnProgress: func(p transfer.Progress) {
			fyne.Do(func() { iw.progress(p) })
		},
	})
}

// progress shows how far the import is. UI goroutine.
func (iw *importWindow) progress(p transfer.Progress) {
	if p.Total > 0 {
		iw.bar.SetValue(float64(p.Done) / float64(p.Total))
	}
	folder := p.Folder
	if strings.EqualFold(folder, "INBOX") {
		folder = i18n.T("folder.role.inbox")
	}
	s := i18n.N("io.import.progress", p.Imported+p.Duplicates, i18n.Args{"Folder": folder,
		"Done": i18n.Size(p.Done), "Total": i18n.Size(p.Total)})
	if left := i18n.TimeLeft(p.Left); left != "" {
		s += " " + left
	}
	iw.status.SetText(s)
	if iw.shown != nil {
		iw.shown()
	}
}

// done says what the import did, in place of the progress. UI goroutine.
func (iw *importWindow) done(a accounts.Account, boxes []transfer.Mailbox, p transfer.Progress, err error, people []message.Address, added int) {
	var lines []string
	switch {
	case errors.Is(err, context.Canceled):
		lines = append(lines, i18n.T("io.import.stopped"))
	case err != nil:
		lines = append(lines, i18n.T("io.import.failed", i18n.Args{"Reason": err.Error()}))
	}
	if len(boxes) > 0 {
		lines = append(lines, importSummary(a, len(boxes), p)...)
	}
	if len(people) > 0 {
		lines = append(lines, i18n.N("io.import.summary.contacts", added))
	}
	title := widget.NewLabelWithStyle(i18n.T("io.import.finished"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	summary := widget.NewLabel(strings.Join(lines, "\n"))
	summary.Wrapping = fyne.TextWrapWord
	iw.status = summary
	iw.win.SetContent(container.NewPadded(container.NewVBox(title, summary,
		container.NewHBox(layout.NewSpacer(), widget.NewButton(i18n.T("dialog.close"), iw.win.Close)))))
	if p.Imported > 0 && transfer.Uploads(a) && iw.w.engine != nil {
		iw.w.engine.GetMail(a.ID)
	}
	if iw.finished != nil {
		iw.finished(p, err)
	}
}

// importSummary is what an import did, one sentence a line: what came
// in, then each kind of message that was not added.
func importSummary(a accounts.Account, folders int, p transfer.Progress) []string {
	out := []string{i18n.N("io.import.summary", p.Imported, i18n.Args{"Account": a.Address,
		"Folders": i18n.N("export.folders", folders)})}
	large := "import.summary.large.local"
	if transfer.Uploads(a) {
		large = "import.summary.large.server"
	}
	for _, c := range []struct {
		id string
		n  int
	}{
		{"import.summary.duplicates", p.Duplicates},
		{"import.summary.raw", p.KeptRaw},
		{"import.summary.deleted", p.Deleted},
		{large, p.TooLarge},
		{"io.import.summary.refused", p.Refused},
	} {
		if c.n > 0 {
			out = append(out, i18n.N(c.id, c.n))
		}
	}
	if transfer.Uploads(a) && p.Imported > 0 {
		out = append(out, i18n.T("io.import.summary.sync"))
	}
	return out
}
