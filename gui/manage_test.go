package gui

import (
	"context"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// overlay returns the dialog on top of the window.
func overlay(t *testing.T, w *MainWindow) fyne.CanvasObject {
	t.Helper()
	o := w.win.Canvas().Overlays().Top()
	if o == nil {
		t.Fatal("no dialog shown")
	}
	return o
}

// entries lists the entries under o, in order.
func entries(o fyne.CanvasObject) []*widget.Entry {
	var out []*widget.Entry
	for _, x := range find[fyne.CanvasObject](o) {
		switch e := x.(type) {
		case *widget.Entry:
			out = append(out, e)
		case *dialogEntry:
			out = append(out, &e.Entry)
		}
	}
	return out
}

func TestFolderEditingFromTheWindow(t *testing.T) {
	w, m, _ := windowWithMail(t)
	ctx := context.Background()
	w.newFolder()
	test.Type(entries(overlay(t, w))[0], "Receipts")
	test.Tap(findButton(t, overlay(t, w), "Create"))
	f, err := m.Store().FolderByName(ctx, "alice@example.org", "Receipts")
	if err != nil {
		t.Fatal(err)
	}
	w.Reload()
	w.folders.tree.Select("f" + itoa(f.ID))
	w.renameFolder()
	// The old name is selected in a focused field: typing replaces it.
	f2, ok := w.win.Canvas().Focused().(*dialogEntry)
	if !ok {
		t.Fatalf("focused %T, not the name field", w.win.Canvas().Focused())
	}
	if f2.SelectedText() != "Receipts" {
		t.Fatalf("selected %q of the old name", f2.SelectedText())
	}
	test.Type(f2, "Bills")
	test.Tap(findButton(t, overlay(t, w), "Rename"))
	if _, err := m.Store().FolderByName(ctx, "alice@example.org", "Bills"); err != nil {
		t.Fatalf("not renamed: %v", err)
	}
	w.Reload()
	w.deleteFolder()
	test.Tap(findButton(t, overlay(t, w), "Yes"))
	if _, err := m.Store().FolderByName(ctx, "alice@example.org", "Bills"); err == nil {
		t.Fatal("folder still there after delete")
	}
	// Special folders are protected.
	w.Reload()
	w.folders.selectFirstInbox()
	w.deleteFolder()
	if _, err := m.Store().FolderByName(ctx, "alice@example.org", "INBOX"); err != nil {
		t.Fatal("the Inbox was deleted")
	}
}

func TestSettingsSaveAndRemoveTheAccount(t *testing.T) {
	w, m, _ := windowWithMail(t)
	ctx := context.Background()
	w.showSettings()
	es := entries(overlay(t, w))
	es[1].SetText("-- \nAlice from the garden")
	es[2].SetText("3")
	test.Tap(findButton(t, overlay(t, w), "Save"))
	a, _ := m.Get("alice@example.org")
	if a.Signature != "-- \nAlice from the garden" || a.CheckIntervalMinutes != 3 {
		t.Fatalf("saved %+v", a)
	}
	w.showSettings()
	test.Tap(findButton(t, overlay(t, w), "Remove this account…"))
	test.Tap(findButton(t, overlay(t, w), "Remove and delete 3 messages"))
	if len(m.List()) != 0 {
		t.Fatal("account not removed")
	}
	if fs, _ := m.Store().Folders(ctx, "alice@example.org"); len(fs) != 0 {
		t.Fatal("its mail stayed")
	}
}

func TestRightClickOnAFolderOffersItsActions(t *testing.T) {
	w, _, _ := windowWithMail(t)
	var row *folderRow
	for _, r := range find[*folderRow](w.Window().Content()) {
		if r.label.Text == "Trash" {
			row = r
		}
	}
	if row == nil {
		t.Fatal("no Trash row in the folder pane")
	}
	test.TapSecondary(row)
	if f, ok := w.selectedFolder(); !ok || f.Role != "trash" {
		t.Fatalf("right-click did not select the folder: %+v", f)
	}
	if w.win.Canvas().Overlays().Top() == nil || lookButton(w.win.Canvas().Overlays().Top(), "x") != nil {
		t.Fatal("no folder menu")
	}
}

func TestMoveToAFolderFromTheWindow(t *testing.T) {
	w, m, _ := windowWithMail(t)
	ctx := context.Background()
	w.list.list.Select(0)
	w.moveSelected()
	var pick *widget.Select
	var find func(o fyne.CanvasObject)
	find = func(o fyne.CanvasObject) {
		switch v := o.(type) {
		case *widget.Select:
			pick = v
		case *fyne.Container:
			for _, c := range v.Objects {
				find(c)
			}
		case fyne.Widget:
			for _, c := range test.WidgetRenderer(v).Objects() {
				find(c)
			}
		}
	}
	find(overlay(t, w))
	if pick == nil {
		t.Fatal("no folder choice")
	}
	pick.SetSelected("Drafts")
	test.Tap(findButton(t, overlay(t, w), "Move"))
	drafts, _ := m.Store().FolderByName(ctx, "alice@example.org", "Drafts")
	if n, _ := m.Store().CountMessages(ctx, drafts.ID); n != 1 {
		t.Fatalf("Drafts has %d after the move", n)
	}
	w.Reload()
	if len(w.list.rows) != 2 {
		t.Fatalf("the Inbox still lists %d", len(w.list.rows))
	}
}
