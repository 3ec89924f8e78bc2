package gui

import (
	"context"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"github.com/tern-mail/tern/assets/i18n"
	"github.com/tern-mail/tern/storage"
)

// selectedFolder is the folder open in the folder pane.
func (w *MainWindow) selectedFolder() (storage.Folder, bool) {
	f, ok := w.folders.byID[w.folders.selected]
	return f, ok
}

// folderMenu is the Folder menu: new, rename, delete, and emptying the
// Trash and Junk of the open folder's account.
func (w *MainWindow) folderMenu() *fyne.Menu {
	return fyne.NewMenu(i18n.T("menu.folder"),
		fyne.NewMenuItem(i18n.T("menu.folder.new"), w.newFolder),
		fyne.NewMenuItem(i18n.T("menu.folder.rename"), w.renameFolder),
		fyne.NewMenuItem(i18n.T("menu.folder.delete"), w.deleteFolder),
		fyne.NewMenuItemSeparator(),
		fyne.NewMenuItem(i18n.T("menu.folder.empty_trash"), func() { w.emptyRole(storage.RoleTrash) }),
		fyne.NewMenuItem(i18n.T("menu.folder.empty_junk"), func() { w.emptyRole(storage.RoleJunk) }),
	)
}

// run does f off the UI goroutine and says so when it fails.
func (w *MainWindow) run(f func(ctx context.Context) error) {
	w.runSaying(i18n.T("change.failed"), f)
}

// runSaying does f off the UI goroutine; when it fails it says sentence,
// or what explain knows of the error, with the error behind Details.
func (w *MainWindow) runSaying(sentence string, f func(ctx context.Context) error) {
	Background(func() {
		if err := f(context.Background()); err != nil {
			fyne.Do(func() { tellFailure(w.win, failureSentence(err, sentence), err) })
		}
	})
}

func (w *MainWindow) newFolder() {
	f, ok := w.selectedFolder()
	if !ok || w.engine == nil {
		return
	}
	name := newDialogEntry()
	name.SetPlaceHolder(i18n.T("folder.new.placeholder"))
	create := func() {
		n := strings.TrimSpace(name.Text)
		if n == "" {
			return
		}
		w.runSaying(i18n.T("folder.new.failed", i18n.Args{"Folder": n}),
			func(ctx context.Context) error { return w.engine.CreateFolder(ctx, f.AccountID, n) })
	}
	w.askName(i18n.T("folder.new.title"), i18n.T("folder.new.name"), i18n.T("folder.new.create"), name, create)
}

func (w *MainWindow) renameFolder() {
	f, ok := w.selectedFolder()
	if !ok || w.engine == nil {
		return
	}
	if f.Role != "" {
		showInfo(i18n.T("folder.rename.title"), i18n.T("folder.rename.special", i18n.Args{"Folder": displayName(f)}), w.win)
		return
	}
	name := newDialogEntry()
	name.SetText(f.DisplayName())
	rename := func() {
		n := strings.TrimSpace(name.Text)
		if n == "" || n == f.DisplayName() {
			return
		}
		w.runSaying(i18n.T("folder.rename.failed", i18n.Args{"Folder": f.DisplayName()}),
			func(ctx context.Context) error { return w.engine.RenameFolder(ctx, f.AccountID, f.Name, n) })
	}
	w.askName(i18n.T("folder.rename.title"), i18n.T("folder.rename.new_name"), i18n.T("folder.rename.button"), name, rename)
	name.TypedShortcut(&fyne.ShortcutSelectAll{}) // typing replaces the old name
}

// askName asks for a folder's name in field, labelled label, with Cancel
// and a button called button (or Enter in the field) that runs done.
func (w *MainWindow) askName(title, label, button string, field *dialogEntry, done func()) {
	d := newTernDialog(title, widget.NewForm(widget.NewFormItem(label, field)), w.win,
		dialogAction{label: i18n.T("manage.cancel")},
		dialogAction{label: button, importance: widget.HighImportance, do: done})
	field.OnSubmitted = func(string) {
		d.Hide()
		done()
	}
	d.Show()
	w.win.Canvas().Focus(field) // type the name at once
}

// deleteFolder asks first: the messages in it go too.
func (w *MainWindow) deleteFolder() {
	f, ok := w.selectedFolder()
	if !ok || w.engine == nil {
		return
	}
	if f.Role != "" {
		showInfo(i18n.T("folder.delete.title"), i18n.T("folder.delete.special", i18n.Args{"Folder": displayName(f)}), w.win)
		return
	}
	msg := i18n.N("folder.delete.question", f.Total, i18n.Args{"Folder": f.DisplayName()})
	askYesNo(i18n.T("folder.delete.title"), msg, func(ok bool) {
		if ok {
			w.runSaying(i18n.T("folder.delete.failed", i18n.Args{"Folder": f.DisplayName()}),
				func(ctx context.Context) error { return w.engine.DeleteFolder(ctx, f.AccountID, f.Name) })
		}
	}, w.win)
}
