package gui

import (
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/tern-mail/tern/internal/hostile"
	"github.com/tern-mail/tern/storage/message"
)

func TestAttachmentNamesShowTheirRealType(t *testing.T) {
	cases := []struct{ name, ctype, stem, kind string }{
		{hostile.PaddedExecutableName, "application/pdf", "Invoice-2026.pdf …", ".exe — Program"},
		{"report.pdf", "application/octet-stream", "report", ".pdf — PDF document"},
		{"photo\u202egpj.exe", "image/jpeg", "photogpj", ".exe — Program"},
		{"Q3\t\t  results\u200b.docm", "", "Q3 results", ".docm — Word document with macros"},
		{strings.Repeat("a", 80) + ".zip", "", strings.Repeat("a", maxShownStem) + " …", ".zip — ZIP archive"},
		{"README", "", "README", "File of unknown type"},
	}
	for _, c := range cases {
		stem, kind := attachmentLabel(message.Attachment{Filename: c.name, ContentType: c.ctype})
		if stem != c.stem || kind != c.kind {
			t.Errorf("attachmentLabel(%q) = %q, %q; want %q, %q", c.name, stem, kind, c.stem, c.kind)
		}
	}
}

// attachMail carries the corpus's padded executable and a harmless PDF.
var attachMail = "From: Stranger <stranger@example.com>\r\nSubject: Your invoice\r\nDate: Tue, 03 Nov 2026 09:30:00 +0000\r\n" +
	"MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n" +
	"--b\r\nContent-Type: text/plain\r\n\r\nPlease see attached.\r\n" +
	"--b\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename=\"" + hostile.PaddedExecutableName + "\"\r\n\r\nMZ\r\n" +
	"--b\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; filename=\"report.pdf\"\r\n\r\n%PDF-1.4\r\n--b--\r\n"

func TestAttachmentsCannotRunProgramsBySurprise(t *testing.T) {
	w, _, _ := windowWith(t, attachMail)
	var opened []string
	w.reader.openHook = func(u *url.URL) { opened = append(opened, u.Path) }
	w.list.list.Select(0)

	rows := w.reader.attachBox.Objects
	if len(rows) != 3 { // two attachments and Save all
		t.Fatalf("%d attachment rows", len(rows))
	}
	if b := find[*keyButton](rows[2]); len(b) != 1 || b[0].Text != "Save all 2…" {
		t.Fatalf("no Save all under the attachments: %v", b)
	}
	exe := strings.Join(labels(rows[0]), "\n")
	for _, want := range []string{"Invoice-2026.pdf …", ".exe — Program", "Tern does not open them", "stranger@example.com"} {
		if !strings.Contains(exe, want) {
			t.Errorf("the executable's row lacks %q:\n%s", want, exe)
		}
	}
	var exeButtons []string
	for _, b := range find[*widget.Button](rows[0]) {
		exeButtons = append(exeButtons, b.Text)
	}
	for _, b := range find[*keyButton](rows[0]) {
		exeButtons = append(exeButtons, b.Text)
	}
	if strings.Join(exeButtons, ",") != "Save as…" {
		t.Fatalf("the executable offers %v; want only Save", exeButtons)
	}
	pdf := strings.Join(labels(rows[1]), "\n")
	if !strings.Contains(pdf, ".pdf — PDF document") || strings.Contains(pdf, "application/") {
		t.Errorf("the PDF row shows %q", pdf)
	}

	// A harmless type asks first, naming the file and the sender.
	var open *keyButton
	for _, b := range find[*keyButton](rows[1]) {
		if b.Text == "Open" {
			open = b
		}
	}
	if open == nil {
		t.Fatal("no Open button for the PDF")
	}
	test.Tap(open)
	if len(opened) != 0 {
		t.Fatal("opened without asking")
	}
	if q := overlayText(w.Window()); !strings.Contains(q, "Open 'report.pdf' from stranger@example.com?") {
		t.Fatalf("the question is %q", q)
	}
	checks := find[*widget.Check](w.Window().Canvas().Overlays().Top())
	if len(checks) != 1 || !strings.Contains(checks[0].Text, "Don't ask again") {
		t.Fatalf("no \"don't ask again\" choice: %v", checks)
	}
	checks[0].SetChecked(true)
	w.reader.confirm.(*dialog.ConfirmDialog).Confirm()
	if len(opened) != 1 || filepath.Base(opened[0]) != "report.pdf" {
		t.Fatalf("opened %v", opened)
	}
	if _, err := os.Stat(opened[0]); err != nil {
		t.Fatal(err)
	}
	if !w.prefs.Bool(prefTrustPrefix + ".pdf") {
		t.Fatal("the choice was not remembered in the profile")
	}
	if b, _ := os.ReadFile(filepath.Join(w.manager.ProfileDir(), PrefsFile)); !strings.Contains(string(b), prefTrustPrefix+".pdf") {
		t.Fatalf("profile preferences: %s", b)
	}
	// Next time it opens at once.
	w.reader.confirm = nil
	test.Tap(open)
	if len(opened) != 2 || w.reader.confirm != nil {
		t.Fatalf("asked again, or did not open: %v", opened)
	}
	// The dangerous one never opens, even if asked directly.
	w.reader.askOpen(w.reader.current.attachments[0], "x")
	w.reader.openAttachment(w.reader.current.attachments[0])
	if len(opened) != 2 {
		t.Fatalf("a program was opened: %v", opened)
	}
	// Quitting removes what was opened.
	if err := RemoveOpenedFiles(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Dir(opened[0])); !os.IsNotExist(err) {
		t.Fatalf("temporary folder left behind: %v", err)
	}
}
