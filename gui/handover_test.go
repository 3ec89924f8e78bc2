package gui

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"github.com/tern-mail/tern/accounts/instance"
	"github.com/tern-mail/tern/storage"
)

// windowTitled returns the open window with title, or nil.
func windowTitled(w *MainWindow, title string) fyne.Window {
	for _, win := range w.app.Driver().AllWindows() {
		if win.Title() == title {
			return win
		}
	}
	return nil
}

// TestHandedOverMailtoOpensComposer: a mailto: link handed to the window
// opens a composer with its To, Cc, Subject and Body, and nothing else.
func TestHandedOverMailtoOpensComposer(t *testing.T) {
	w, _, _ := windowWithMail(t)
	w.handle(instance.Request{V: instance.Version, Op: instance.OpOpen,
		Args: []string{"mailto:ana@example.org?cc=bo@example.org&subject=Hi&body=Hello&bcc=eve@evil.example"}})
	win := windowTitled(w, "Hi")
	if win == nil {
		t.Fatal("no composer titled Hi")
	}
	var texts []string
	for _, e := range find[*composerEntry](win.Content()) {
		texts = append(texts, e.Text)
	}
	// The body starts with room to write above the link's text.
	for _, want := range []string{"ana@example.org", "bo@example.org", "Hi", "\n\nHello"} {
		if !slices.Contains(texts, want) {
			t.Errorf("composer fields %q lack %q", texts, want)
		}
	}
	if strings.Contains(strings.Join(texts, "\n"), "eve@") {
		t.Errorf("the link's Bcc reached the composer: %q", texts)
	}
}

// TestHandedOverFileOpensReader: an .eml file handed to the window opens
// in a reader window of its own, relative to the sender's folder, and is
// not imported.
func TestHandedOverFileOpensReader(t *testing.T) {
	w, m, _ := windowWithMail(t)
	ctx := context.Background()
	before, _ := m.Store().ListMessages(ctx, storage.ListQuery{})
	dir := t.TempDir()
	raw := "From: Ana Souza <ana@example.org>\r\nTo: alice@example.org\r\nSubject: Kept on disk\r\n\r\nThe words of the file.\r\n"
	if err := os.WriteFile(filepath.Join(dir, "kept.eml"), []byte(raw), 0o600); err != nil {
		t.Fatal(err)
	}
	n := len(w.app.Driver().AllWindows())
	w.handle(instance.Request{V: instance.Version, Op: instance.OpOpen, Args: []string{"kept.eml", "missing.eml"}, Cwd: dir})
	win := windowTitled(w, "Kept on disk")
	if win == nil {
		t.Fatal("no reader titled Kept on disk")
	}
	var shown []string
	for _, l := range find[*widget.Label](win.Content()) {
		shown = append(shown, l.Text)
	}
	for _, r := range find[*widget.RichText](win.Content()) {
		shown = append(shown, r.String())
	}
	all := strings.Join(shown, "\n")
	if !strings.Contains(all, "The words of the file.") || !strings.Contains(all, "From: Ana Souza <ana@example.org>") {
		t.Errorf("the reader shows %q", all)
	}
	if got := len(w.app.Driver().AllWindows()); got != n+1 {
		t.Errorf("%d windows after opening one file and a missing one, want %d", got, n+1)
	}
	after, _ := m.Store().ListMessages(ctx, storage.ListQuery{})
	if len(before) != 3 || len(after) != len(before) {
		t.Errorf("opening a file changed the store from %d to %d messages", len(before), len(after))
	}
}

// TestHandedOverFileProblemsAreSentences: a message file Tern cannot
// show is named in the dialog's title and explained in a sentence: its
// own reasons plainly, the system's words behind Details.
func TestHandedOverFileProblemsAreSentences(t *testing.T) {
	w, _, _ := windowWithMail(t)
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "empty.eml"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	w.handle(instance.Request{V: instance.Version, Op: instance.OpOpen, Args: []string{"empty.eml"}, Cwd: dir})
	if got := overlayText(w.win); !strings.Contains(got, "Could not open empty.eml") || !strings.Contains(got, "The file is empty.") {
		t.Errorf("an empty file says %q", got)
	}
	closeTopOverlay(w.win.Canvas())
	w.handle(instance.Request{V: instance.Version, Op: instance.OpOpen, Args: []string{"missing.eml"}, Cwd: dir})
	got := overlayText(w.win)
	if !strings.Contains(got, "Could not open missing.eml") || !strings.Contains(got, "The file is not there any more.") {
		t.Errorf("a missing file says %q", got)
	}
	if lookButton(w.win.Canvas().Overlays().Top(), "Details") == nil {
		t.Error("a missing file's dialog has no Details for the system's words")
	}
}
