package gui

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/tern-mail/tern/gui/printout"
	"github.com/tern-mail/tern/gui/sysdialog"
	"github.com/tern-mail/tern/internal/testenv"
	"github.com/tern-mail/tern/storage/message"
)

// The window's tests run without the system's file windows (Fyne's are
// the fallback) unless a test says otherwise.
func init() {
	systemFiles.open = func(context.Context, sysdialog.Options) ([]string, error) { return nil, sysdialog.ErrUnavailable }
	systemFiles.save = func(context.Context, sysdialog.Options) (string, error) { return "", sysdialog.ErrUnavailable }
	systemFiles.folder = func(context.Context, sysdialog.Options) (string, error) { return "", sysdialog.ErrUnavailable }
	printing.dialog = func(context.Context, sysdialog.Options) (*sysdialog.PreparedPrint, error) {
		return nil, sysdialog.ErrUnavailable
	}
}

// job is one printout handed to the system: what it says, and where.
type job struct{ text, printer string }

// fakePrinting replaces the system's printing with printers (def the
// default) that record each job's text; restored at the end of t.
func fakePrinting(t *testing.T, names []string, def string, fail error) *[]job {
	t.Helper()
	old := printing
	t.Cleanup(func() { printing = old })
	var jobs []job
	printing.printers = func(context.Context) ([]string, string, error) { return names, def, nil }
	printing.print = func(_ context.Context, path, printer string) error {
		jobs = append(jobs, job{pdfText(t, path), printer})
		return fail
	}
	return &jobs
}

// pdfText is the text of a PDF file, read back by poppler's pdftotext.
func pdfText(t *testing.T, path string) string {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		testenv.Missing(t, "pdftotext (Debian package poppler-utils)")
	}
	out, err := exec.Command("pdftotext", "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext %s: %v", path, err)
	}
	return string(out)
}

// menuItem finds an item of the window's menu by its label.
func menuItem(t *testing.T, m *fyne.Menu, label string) *fyne.MenuItem {
	t.Helper()
	for _, it := range m.Items {
		if it.Label == label {
			return it
		}
	}
	t.Fatalf("menu %q has no item %q", m.Label, label)
	return nil
}

func TestPrintMenuPrintsEachSelectedMessage(t *testing.T) {
	w, _, _ := windowWithMail(t)
	jobs := fakePrinting(t, []string{"Office", "Home"}, "Home", nil)
	msgMenu := namedMenu(t, w, "Message")
	print := menuItem(t, msgMenu, "Print…")
	menuItem(t, msgMenu, "Save as PDF…")
	if k := keyText(print.Shortcut); k != "Ctrl+P" {
		t.Errorf("Print… shortcut %q, want Ctrl+P", k)
	}
	w.list.selectAll()
	if n := len(w.selectedIDs()); n != 3 {
		t.Fatalf("%d selected", n)
	}
	print.Action()
	top := w.win.Canvas().Overlays().Top()
	if top == nil || !strings.Contains(overlayText(w.win), "each starting on a new sheet") {
		t.Fatalf("no printer choice: %q", overlayText(w.win))
	}
	test.Tap(findButton(t, top, "Print"))
	if len(*jobs) != 3 {
		t.Fatalf("%d jobs, want one for each of 3 messages", len(*jobs))
	}
	seen := map[string]bool{}
	for _, j := range *jobs {
		if j.printer != "Home" {
			t.Errorf("printed on %q, want the default Home", j.printer)
		}
		for _, s := range []string{"Alpha plans", "Beta budget", "Gamma gossip"} {
			if strings.Contains(j.text, s) {
				seen[s] = true
				if !strings.Contains(j.text, "About "+s) {
					t.Errorf("the printout of %s lacks its text:\n%s", s, j.text)
				}
			}
		}
	}
	if len(seen) != 3 {
		t.Errorf("printed %v, want every selected message", seen)
	}
	if got := w.status.Text; got != "Sent 3 messages to the printer." {
		t.Errorf("status %q", got)
	}
}

func TestCtrlPAndTheReaderPrintTheMessageShown(t *testing.T) {
	w, _, _ := windowWithMail(t)
	jobs := fakePrinting(t, nil, "", nil) // no list: the system's default printer
	w.list.list.Select(1)
	w.win.Canvas().(interface {
		TypedShortcut(fyne.Shortcut)
	}).TypedShortcut(printShortcut)
	if len(*jobs) != 1 || !strings.Contains((*jobs)[0].text, "Beta budget") || (*jobs)[0].printer != "" {
		t.Fatalf("Ctrl+P printed %+v, want Beta budget on the default printer", *jobs)
	}
	if !w.reader.printButton.Visible() {
		t.Fatal("the reader shows no Print button")
	}
	test.Tap(w.reader.printButton)
	if len(*jobs) != 2 || !strings.Contains((*jobs)[1].text, "Beta budget") {
		t.Fatalf("the reader's Print printed %+v", *jobs)
	}
}

func TestPrintIsInTheListMenuTheSelectionButtonsAndTheShortcuts(t *testing.T) {
	w, _, _ := windowWithMail(t)
	w.list.list.Select(0)
	menuItem(t, w.messageMenu(), "Print…")
	menuItem(t, w.messageMenu(), "Save as PDF…")
	found := false
	for _, s := range w.shortcuts() {
		if s.keys == "Ctrl+P" && s.what == "Print" {
			found = true
		}
	}
	if !found {
		t.Errorf("Help › Keyboard shortcuts lacks Ctrl+P Print: %v", w.shortcuts())
	}
	w.list.selectAll()
	found = false
	for _, b := range find[*keyButton](w.reader.attachBox) {
		found = found || b.Text == "Print"
	}
	if !found {
		t.Error("no Print among the buttons for several messages")
	}
}

func TestPrintFailureIsASentence(t *testing.T) {
	w, _, _ := windowWithMail(t)
	fakePrinting(t, nil, "", fmt.Errorf("lp: %w", printout.ErrNoPrinter))
	w.list.list.Select(0)
	w.printSelected()
	got := overlayText(w.win)
	if !strings.Contains(got, "No printer is set up on this computer.") || !strings.Contains(got, "A message was not printed") {
		t.Errorf("the failure says %q", got)
	}
}

func TestSaveAsPDFWritesTheFileTheSystemWindowNames(t *testing.T) {
	w, _, _ := windowWithMail(t)
	dir := t.TempDir()
	var offered sysdialog.Options
	systemFiles.save = func(_ context.Context, opt sysdialog.Options) (string, error) {
		offered = opt
		return filepath.Join(dir, "chosen.pdf"), nil
	}
	systemFiles.folder = func(context.Context, sysdialog.Options) (string, error) { return dir, nil }
	t.Cleanup(func() {
		systemFiles.save = func(context.Context, sysdialog.Options) (string, error) { return "", sysdialog.ErrUnavailable }
		systemFiles.folder = func(context.Context, sysdialog.Options) (string, error) { return "", sysdialog.ErrUnavailable }
	})
	w.list.list.Select(0)
	menuItem(t, namedMenu(t, w, "Message"), "Save as PDF…").Action()
	if offered.Name != "Gamma gossip.pdf" {
		t.Errorf("the save window offered %q, want the subject", offered.Name)
	}
	if got := pdfText(t, filepath.Join(dir, "chosen.pdf")); !strings.Contains(got, "About Gamma gossip") {
		t.Errorf("chosen.pdf says %q", got)
	}
	// Several go to a folder, each under its subject.
	w.list.selectAll()
	w.savePDFSelected()
	for _, s := range []string{"Alpha plans", "Beta budget", "Gamma gossip"} {
		if got := pdfText(t, filepath.Join(dir, s+".pdf")); !strings.Contains(got, "About "+s) {
			t.Errorf("%s.pdf says %q", s, got)
		}
	}
	w.savePDFSelected() // again: new names, nothing overwritten
	if _, err := os.Stat(filepath.Join(dir, "Alpha plans (2).pdf")); err != nil {
		t.Errorf("a second save: %v", err)
	}
}

// TestAttachIgnoresTheSecondClickOfAFolderDoubleClick: Fyne's file
// window opens a folder on the first click; a file picked within the
// double-click time after is not attached, and the window opens again.
func TestAttachIgnoresTheSecondClickOfAFolderDoubleClick(t *testing.T) {
	now := time.Unix(1000, 0)
	g := newListingGuard(func() time.Time { return now }, 300*time.Millisecond)
	if g.justListed() {
		t.Error("nothing listed yet, yet justListed")
	}
	g.Matches(nil) // the window lists a folder
	now = now.Add(120 * time.Millisecond)
	if !g.justListed() {
		t.Error("a pick 120ms after the folder opened counts as the person's")
	}
	now = now.Add(time.Second)
	if g.justListed() {
		t.Error("a pick a second later is refused")
	}
}

func TestSaveAllFallbackSaysSave(t *testing.T) {
	w, _, _ := windowWithMail(t)
	w.reader.saveAll(nil)
	top := w.win.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("no folder window")
	}
	if lookButton(top, "Save") == nil || lookButton(top, "Open") != nil {
		t.Error("Save all's folder window does not say Save")
	}
}

// TestAttachDoubleClickOnAFolderAttachesNothing double-clicks a folder in
// Fyne's file window, as a person does: the first click opens it, and the
// second lands on the same row, which now shows the folder's first file.
// Fyne takes that as a double-click on the file; Attach… must not attach it.
func TestAttachDoubleClickOnAFolderAttachesNothing(t *testing.T) {
	w, m, e := windowWithMail(t)
	root := t.TempDir()
	if err := os.Mkdir(filepath.Join(root, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "sub", "a.txt"), []byte("not chosen"), 0o644); err != nil {
		t.Fatal(err)
	}
	c := newComposer(w.app, e, m.List(), "alice@example.org", message.Draft{}, func(f func()) { f() }, w.suggestAddresses)
	c.win.Resize(fyne.NewSize(900, 700))
	dir, err := storage.ListerForURI(storage.NewFileURI(root))
	if err != nil {
		t.Fatal(err)
	}
	c.attachWithFyne(dir)
	row := fileRow(t, c.win, "sub")
	test.Tap(row) // opens sub
	test.Tap(row) // the double-click's second half, on what is now a.txt
	if len(c.files) != 0 {
		t.Fatalf("attached %v after a double-click on a folder", c.files[0].Filename)
	}
	if fileRow(t, c.win, "a") == nil {
		t.Fatal("the file window did not stay open in the folder")
	}
}

// fileRow is the row of Fyne's file window that shows name.
func fileRow(t *testing.T, win fyne.Window, name string) fyne.Tappable {
	t.Helper()
	top := win.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("no file window")
	}
	var row fyne.Tappable // the innermost: the row itself, not the list around it
	for _, o := range find[fyne.Widget](top) {
		tap, ok := o.(fyne.Tappable)
		if !ok {
			continue
		}
		for _, l := range find[*widget.Label](o) {
			if l.Text == name {
				row = tap
			}
		}
	}
	if row != nil {
		return row
	}
	t.Fatalf("no row %q in the file window: %q", name, overlayText(win))
	return nil
}
