package gui

import (
	"context"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"

	"github.com/tern-mail/tern/storage"
	"github.com/tern-mail/tern/storage/message"
)

// shown reports whether the highlighted row and the reader show the same
// message, and which.
func shown(t *testing.T, w *MainWindow) string {
	t.Helper()
	m, ok := w.selected()
	if !ok {
		if w.reader.current != nil && w.reader.current.id != 0 {
			t.Fatalf("nothing selected but the reader shows message %d", w.reader.current.id)
		}
		return ""
	}
	if w.reader.current == nil || w.reader.current.id != m.ID {
		t.Fatalf("row shows %d (%s), reader %+v", m.ID, m.Subject, w.reader.current)
	}
	return m.Subject
}

func TestDeleteKeyInTheListUndoBarAndCtrlZ(t *testing.T) {
	w, m, _ := windowWithMail(t)
	ctx := context.Background()
	var expire []func()
	w.undo.after = func(_ time.Duration, f func()) { expire = append(expire, f) }
	w.list.list.Select(1) // Beta
	w.win.Canvas().Focus(w.list.list)
	w.win.Canvas().Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyDelete})
	w.Reload()
	trash, _ := m.Store().FolderByName(ctx, "alice@example.org", "Trash")
	if n, _ := m.Store().CountMessages(ctx, trash.ID); n != 1 || len(w.list.rows) != 2 {
		t.Fatalf("after Delete: trash %d, list %d", n, len(w.list.rows))
	}
	// The next message takes the deleted one's place, row and reader alike.
	if got := shown(t, w); got != "Alpha plans" {
		t.Fatalf("after delete the window shows %q", got)
	}
	if !w.undo.box.Visible() || w.undo.text.Text != "Moved 1 message to Trash." {
		t.Fatalf("undo bar %v %q", w.undo.box.Visible(), w.undo.text.Text)
	}
	w.win.Canvas().(fyne.Shortcutable).TypedShortcut(&fyne.ShortcutUndo{}) // what the driver makes of Ctrl+Z
	w.Reload()
	if n, _ := m.Store().CountMessages(ctx, trash.ID); n != 0 || len(w.list.rows) != 3 {
		t.Fatalf("after Ctrl+Z: trash %d, list %d", n, len(w.list.rows))
	}
	if w.undo.box.Visible() {
		t.Fatal("the undo bar stays after undoing")
	}
	if got := shown(t, w); got != "Alpha plans" {
		t.Fatalf("after undo the window shows %q", got)
	}
	// Backspace with nothing focused, then the bar goes when its time is up.
	w.win.Canvas().Unfocus()
	w.win.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyBackspace})
	w.Reload()
	if len(w.list.rows) != 2 || !w.undo.box.Visible() {
		t.Fatalf("Backspace: list %d, bar %v", len(w.list.rows), w.undo.box.Visible())
	}
	expire[len(expire)-1]()
	if w.undo.box.Visible() {
		t.Fatal("the undo bar outlived its time")
	}
	// An older timer does not hide a newer message.
	w.win.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyA})
	w.Reload()
	expire[len(expire)-2]()
	if !w.undo.box.Visible() || w.undo.text.Text != "Archived 1 message." {
		t.Fatalf("after archive: bar %v %q", w.undo.box.Visible(), w.undo.text.Text)
	}
	archive, err := m.Store().FolderByName(ctx, "alice@example.org", "Archive")
	if err != nil {
		t.Fatalf("no Archive made: %v", err)
	}
	if n, _ := m.Store().CountMessages(ctx, archive.ID); n != 1 {
		t.Fatalf("archive has %d", n)
	}
	// Edit > Undo brings it back.
	for _, menu := range w.win.MainMenu().Items {
		for _, it := range menu.Items {
			if it.Label == "Undo" {
				it.Action()
			}
		}
	}
	if n, _ := m.Store().CountMessages(ctx, archive.ID); n != 0 {
		t.Fatalf("after Edit > Undo archive has %d", n)
	}
}

func TestShiftDeleteAsksThenDeletesForGoodAndEmptyTrash(t *testing.T) {
	w, m, _ := windowWithMail(t)
	ctx := context.Background()
	inbox, _ := m.Store().FolderByName(ctx, "alice@example.org", "INBOX")
	var asked []string
	answer := false
	w.ask = func(q string) bool { asked = append(asked, q); return answer }
	w.list.list.Select(0)
	// The driver makes Shift+Delete (and Ctrl+X) a Cut shortcut.
	sc := &fyne.ShortcutCut{}
	held := fyne.KeyModifierControl
	w.heldKeys = func() fyne.KeyModifier { return held }
	w.win.Canvas().(fyne.Shortcutable).TypedShortcut(sc) // Ctrl+X does not delete
	if len(asked) != 0 {
		t.Fatal("Ctrl+X asked to delete")
	}
	held = fyne.KeyModifierShift
	w.win.Canvas().(fyne.Shortcutable).TypedShortcut(sc)
	if n, _ := m.Store().CountMessages(ctx, inbox.ID); n != 3 || len(asked) != 1 {
		t.Fatalf("declined: inbox %d, asked %v", n, asked)
	}
	answer = true
	w.win.Canvas().(fyne.Shortcutable).TypedShortcut(sc)
	trash, _ := m.Store().FolderByName(ctx, "alice@example.org", "Trash")
	if n, _ := m.Store().CountMessages(ctx, inbox.ID); n != 2 {
		t.Fatalf("inbox %d after Shift+Delete", n)
	}
	if n, _ := m.Store().CountMessages(ctx, trash.ID); n != 0 {
		t.Fatalf("Shift+Delete went to the Trash: %d", n)
	}
	w.Reload()
	w.list.list.Select(0)
	w.deleteSelected()
	if n, _ := m.Store().CountMessages(ctx, trash.ID); n != 1 {
		t.Fatalf("trash %d", n)
	}
	w.emptyFolder(trash)
	if n, _ := m.Store().CountMessages(ctx, trash.ID); n != 0 {
		t.Fatalf("trash %d after emptying", n)
	}
}

func TestSwitchingFoldersClearsTheReader(t *testing.T) {
	w, m, _ := windowWithMail(t)
	w.list.list.Select(0)
	if shown(t, w) == "" {
		t.Fatal("nothing shown")
	}
	trash, _ := m.Store().FolderByName(context.Background(), "alice@example.org", "Trash")
	w.list.showFolders([]int64{trash.ID})
	if _, ok := w.selected(); ok || w.reader.current == nil || w.reader.current.id != 0 {
		t.Fatalf("after switching the reader shows %+v", w.reader.current)
	}
}

// click presses on row i with modifiers held, as the mouse does.
func click(w *MainWindow, i int, mods fyne.KeyModifier) {
	r := newMsgRow(w.list, nil)
	r.index = i
	r.MouseDown(&desktop.MouseEvent{Button: desktop.MouseButtonPrimary, PointEvent: fyne.PointEvent{}, Modifier: mods})
	r.Tapped(&fyne.PointEvent{})
}

func TestMultiSelectActsOnAllAndUndoes(t *testing.T) {
	w, m, _ := windowWithMail(t)
	ctx := context.Background()
	ctrl := fyne.KeyModifierShortcutDefault
	click(w, 0, 0)
	click(w, 2, ctrl)
	if ids := w.selectedIDs(); len(ids) != 2 {
		t.Fatalf("Ctrl-click: %d selected", len(ids))
	}
	if w.reader.subject.Text != "2 messages selected" {
		t.Fatalf("reader says %q", w.reader.subject.Text)
	}
	w.win.Canvas().Focus(w.list.list)
	w.win.Canvas().Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyDelete})
	w.Reload()
	trash, _ := m.Store().FolderByName(ctx, "alice@example.org", "Trash")
	if n, _ := m.Store().CountMessages(ctx, trash.ID); n != 2 || w.undo.text.Text != "Moved 2 messages to Trash." {
		t.Fatalf("trash %d, bar %q", n, w.undo.text.Text)
	}
	if got := shown(t, w); got != "Beta budget" {
		t.Fatalf("after deleting two the window shows %q", got)
	}
	w.undoLast()
	w.Reload()
	if len(w.list.rows) != 3 {
		t.Fatalf("after undo %d rows", len(w.list.rows))
	}
	// Shift-click selects the range from the last plain click.
	click(w, 0, 0)
	click(w, 2, fyne.KeyModifierShift)
	if ids := w.selectedIDs(); len(ids) != 3 {
		t.Fatalf("Shift-click: %d selected", len(ids))
	}
	// A plain click selects one again and shows it.
	click(w, 1, 0)
	if ids := w.selectedIDs(); len(ids) != 1 || shown(t, w) != "Beta budget" {
		t.Fatalf("plain click: %v", ids)
	}
	// Ctrl+A and the right-click menu's Mark as unread act on all.
	w.win.Canvas().(fyne.Shortcutable).TypedShortcut(&fyne.ShortcutSelectAll{}) // Ctrl+A
	if ids := w.selectedIDs(); len(ids) != 3 || w.reader.subject.Text != "3 messages selected" {
		t.Fatalf("Ctrl+A: %d, reader %q", len(ids), w.reader.subject.Text)
	}
	var labels []string
	for _, it := range w.messageMenu().Items {
		labels = append(labels, it.Label)
		if it.Label == "Mark as unread" {
			it.Action()
		}
	}
	w.Reload()
	for _, r := range w.list.rows {
		if r.Flags.Seen {
			t.Fatalf("still read after marking all unread: %+v", r)
		}
	}
	want := "Mark as read|Mark as unread|Flag||Move to…|Copy to…|Archive|Junk|Delete||Print…|Save as PDF…"
	if got := joinLabels(labels); got != want {
		t.Fatalf("menu for several:\n%s\nwant\n%s", got, want)
	}
	click(w, 0, 0)
	if got := joinLabels(menuLabels(w.messageMenu())); got != "Reply|Reply all|Forward||"+want+"||Open in new window" {
		t.Fatalf("menu for one: %s", got)
	}
}

func menuLabels(m *fyne.Menu) []string {
	var out []string
	for _, it := range m.Items {
		out = append(out, it.Label)
	}
	return out
}

func joinLabels(l []string) string {
	s := ""
	for i, x := range l {
		if i > 0 {
			s += "|"
		}
		s += x
	}
	return s
}

func TestSelectionFollowsTheMessageWhenNewMailArrives(t *testing.T) {
	w, m, _ := windowWithMail(t)
	ctx := context.Background()
	w.list.list.Select(1) // Beta
	inbox, _ := m.Store().FolderByName(ctx, "alice@example.org", "INBOX")
	raw := "From: Carol <carol@example.org>\r\nSubject: Delta news\r\nMessage-ID: <d@example.org>\r\nDate: Tue, 10 Nov 2020 09:30:00 +0000\r\n\r\nNew.\r\n"
	if _, err := m.Store().AddMessage(ctx, inbox.ID, storage.NewMessage{UIDL: "d", Raw: []byte(raw)}); err != nil {
		t.Fatal(err)
	}
	w.Reload()
	if len(w.list.rows) != 4 {
		t.Fatalf("rows %d", len(w.list.rows))
	}
	if got := shown(t, w); got != "Beta budget" || w.list.rows[w.list.selected].Subject != "Beta budget" {
		t.Fatalf("after new mail the window shows %q at row %d", got, w.list.selected)
	}
}

// folderRowPos is the absolute position of the middle of a folder's row.
func folderRowPos(t *testing.T, w *MainWindow, name string) fyne.Position {
	t.Helper()
	d := fyne.CurrentApp().Driver()
	for _, r := range w.folders.rows {
		if f, ok := w.folders.byID[r.node]; ok && f.Name == name && r.Visible() {
			return d.AbsolutePositionForObject(r).Add(fyne.NewPos(r.Size().Width/2, r.Size().Height/2))
		}
	}
	t.Fatalf("no row for %s among %d", name, len(w.folders.rows))
	return fyne.Position{}
}

func TestDragMessagesOntoAFolder(t *testing.T) {
	w, m, _ := windowWithMail(t)
	ctx := context.Background()
	w.win.Content().Refresh()
	test.TapCanvas(w.win.Canvas(), fyne.NewPos(1, 1)) // lays the window out
	click(w, 0, 0)
	click(w, 1, fyne.KeyModifierShortcutDefault)
	trashPos := folderRowPos(t, w, "Trash")
	if f, ok := w.folders.folderAt(trashPos); !ok || f.Name != "Trash" {
		t.Fatalf("folder at the Trash row: %+v %v", f, ok)
	}
	if _, ok := w.folders.folderAt(fyne.NewPos(trashPos.X+2000, trashPos.Y)); ok {
		t.Fatal("a folder found outside the pane")
	}
	row := newMsgRow(w.list, nil)
	row.index = 1
	row.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{AbsolutePosition: trashPos}})
	row.DragEnd()
	trash, _ := m.Store().FolderByName(ctx, "alice@example.org", "Trash")
	if n, _ := m.Store().CountMessages(ctx, trash.ID); n != 2 {
		t.Fatalf("dropped on Trash: %d there", n)
	}
	if w.undo.text.Text != "Moved 2 messages to Trash." {
		t.Fatalf("bar %q", w.undo.text.Text)
	}
	// Copy with Ctrl held.
	w.Reload()
	click(w, 0, 0)
	w.dropOn(trashPos, true)
	if n, _ := m.Store().CountMessages(ctx, trash.ID); n != 3 {
		t.Fatalf("copied to Trash: %d there", n)
	}
	inbox, _ := m.Store().FolderByName(ctx, "alice@example.org", "INBOX")
	if n, _ := m.Store().CountMessages(ctx, inbox.ID); n != 1 {
		t.Fatalf("inbox after the copy: %d", n)
	}
}

func TestSearchEverywhereByDefaultWithScopeAndClear(t *testing.T) {
	w, m, _ := windowWithMail(t)
	ctx := context.Background()
	w.list.list.Select(0) // Gamma
	w.deleteSelected()    // to the Trash
	w.Reload()
	// The Inbox is open; the search finds the message in the Trash too.
	w.list.setQuery("gossip", !w.thisFolder.Checked)
	if len(w.list.rows) != 1 || w.list.rows[0].FolderName != "Trash" {
		t.Fatalf("search everywhere: %+v", w.list.rows)
	}
	if _, ok := w.selected(); ok {
		t.Fatal("a new search keeps a selection that is not among its results")
	}
	if w.noResult.Visible() {
		t.Fatal("no-result words shown with a result")
	}
	w.thisFolder.SetChecked(true)
	w.list.setQuery("gossip", !w.thisFolder.Checked)
	if len(w.list.rows) != 0 || !w.noResult.Visible() || !strings.Contains(w.noText.Text, "in this folder") ||
		w.otherScope.Text != "Search all folders" {
		t.Fatalf("this folder only: %d rows, %v %q %q", len(w.list.rows), w.noResult.Visible(), w.noText.Text, w.otherScope.Text)
	}
	test.Tap(w.otherScope)
	w.list.setQuery("gossip", !w.thisFolder.Checked)
	if w.thisFolder.Checked || len(w.list.rows) != 1 {
		t.Fatalf("other scope: %v %d", w.thisFolder.Checked, len(w.list.rows))
	}
	// Escape clears the box and brings the folder back at once.
	w.search.SetText("gossip")
	w.win.Canvas().Focus(w.search)
	w.search.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if w.search.Text != "" || len(w.list.rows) != 2 {
		t.Fatalf("after Escape: %q, %d rows", w.search.Text, len(w.list.rows))
	}
	// Sent lists recipients.
	sent, _ := m.Store().FolderByName(ctx, "alice@example.org", "Sent")
	raw := "From: Alice <alice@example.org>\r\nTo: Bob <bob@example.org>, carol@example.org\r\nSubject: Hi\r\nDate: Tue, 10 Nov 2020 09:30:00 +0000\r\n\r\nHi.\r\n"
	if _, err := m.Store().AddMessage(ctx, sent.ID, storage.NewMessage{UIDL: "s", Raw: []byte(raw)}); err != nil {
		t.Fatal(err)
	}
	l, _ := m.Store().ListMessages(ctx, storage.ListQuery{FolderIDs: []int64{sent.ID}})
	if len(l) != 1 || !l[0].Outgoing() || l[0].Recipients() != "To: Bob, carol@example.org" {
		t.Fatalf("sent row: %+v %q", l, l[0].Recipients())
	}
}

func TestMarkingUnreadDoesNotNotify(t *testing.T) {
	w, _, _ := windowWithMail(t)
	w.list.list.Select(0) // opening marks it read
	w.Reload()
	test.AssertNotificationSent(t, nil, func() {
		w.markSelected(false)
		w.Reload()
	})
	if m, _ := w.selected(); m.Flags.Seen {
		t.Fatal("not marked unread")
	}
}

func TestOutboxShowsWhileMailWaitsAndCanEditAndCancel(t *testing.T) {
	w, m, e := windowWithMail(t)
	ctx := context.Background()
	if _, ok := w.folders.labels[outboxNode]; ok {
		t.Fatal("an Outbox with nothing waiting")
	}
	for _, s := range []string{"First note", "Second note"} {
		d := message.Draft{From: message.Address{Name: "Alice", Email: "alice@example.org"},
			To: []message.Address{{Name: "Bob", Email: "bob@example.org"}}, Subject: s, Text: "Hello."}
		if _, err := e.Queue(ctx, "alice@example.org", d); err != nil {
			t.Fatal(err)
		}
	}
	w.Reload()
	if w.folders.labels[outboxNode] != "Outbox (2)" {
		t.Fatalf("outbox node %q", w.folders.labels[outboxNode])
	}
	w.folders.tree.Select(outboxNode)
	if !w.outbox.box.Visible() || len(w.outbox.rows) != 2 {
		t.Fatalf("outbox view %v with %d rows", w.outbox.box.Visible(), len(w.outbox.rows))
	}
	w.outbox.open(w.outbox.rows[0])
	if w.reader.subject.Text != "First note" {
		t.Fatalf("opened %q", w.reader.subject.Text)
	}
	w.outbox.edit(w.outbox.rows[0].ID)
	if n := e.OutboxCount(ctx); n != 1 {
		t.Fatalf("after edit %d wait", n)
	}
	edited := false
	for _, win := range fyne.CurrentApp().Driver().AllWindows() {
		if win != w.win && win.Title() != "" {
			edited = true
		}
	}
	if !edited {
		t.Fatal("no composer for the edited message")
	}
	w.Reload()
	w.ask = func(string) bool { return true }
	w.outbox.cancel(w.outbox.rows[0].ID)
	if n := e.OutboxCount(ctx); n != 0 {
		t.Fatalf("after cancel %d wait", n)
	}
	w.Reload()
	if _, ok := w.folders.labels[outboxNode]; ok || w.outbox.box.Visible() {
		t.Fatal("the Outbox stays with nothing waiting")
	}
	if _, err := m.Store().Outbox(ctx, ""); err != nil {
		t.Fatal(err)
	}
}

func TestFolderRightClickOffersEmptyTrashOnlyOnTrash(t *testing.T) {
	w, m, _ := windowWithMail(t)
	ctx := context.Background()
	trash, _ := m.Store().FolderByName(ctx, "alice@example.org", "Trash")
	inbox, _ := m.Store().FolderByName(ctx, "alice@example.org", "INBOX")
	w.folders.tree.Select("f" + itoa(trash.ID))
	if got := joinLabels(menuLabels(w.folderContextMenu())); got != "New folder…|Rename folder…||Empty Trash…" {
		t.Fatalf("Trash menu: %s", got)
	}
	w.folders.tree.Select("f" + itoa(inbox.ID))
	if got := joinLabels(menuLabels(w.folderContextMenu())); got != "New folder…|Rename folder…" {
		t.Fatalf("Inbox menu: %s", got)
	}
	if got := joinLabels(menuLabels(w.folderMenu())); !strings.Contains(got, "Empty Trash…|Empty Junk…") {
		t.Fatalf("Folder menu: %s", got)
	}
}

func TestSelectAllThenDeleteClearsTheReader(t *testing.T) {
	w, _, _ := windowWithMail(t)
	w.win.Canvas().(fyne.Shortcutable).TypedShortcut(&fyne.ShortcutSelectAll{})
	if w.reader.subject.Text != "3 messages selected" {
		t.Fatalf("reader %q", w.reader.subject.Text)
	}
	w.deleteSelected()
	w.Reload()
	if len(w.list.rows) != 0 || w.reader.subject.Text != "" || w.list.marked != nil {
		t.Fatalf("after deleting all: %d rows, reader %q", len(w.list.rows), w.reader.subject.Text)
	}
	if w.undo.text.Text != "Moved 3 messages to Trash." {
		t.Fatalf("bar %q", w.undo.text.Text)
	}
}
