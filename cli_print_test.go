package main

import (
	"encoding/base64"
	"fmt"
	"mime"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tern-mail/tern/internal/cups"
	"github.com/tern-mail/tern/internal/testenv"
)

// printCase is a message to print and what its printout must say.
type printCase struct {
	subject, fromName, from, line string
	html                          bool
	files                         []string
}

var printCases = []printCase{
	{subject: "Quarterly figures", fromName: "Alice Example", from: "alice@example.org",
		line: "The figures for the quarter are attached.", files: []string{"figures.xlsx", "notes.txt"}},
	{subject: "Квартальный отчёт", fromName: "Борис Петров", from: "boris@example.ru",
		line: "Отчёт за квартал во вложении.", files: []string{"отчёт.pdf", "данные.csv"}, html: true},
	{subject: "四半期の報告書", fromName: "山田太郎", from: "taro@example.jp",
		line: "四半期の報告書を添付します。", files: []string{"報告書.pdf", "データ.csv"}},
}

// eml is the source of c: a text or HTML body and its attachments.
func (c printCase) eml() []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "From: %s <%s>\r\nTo: team@example.org\r\nSubject: %s\r\nDate: Tue, 03 Mar 2026 10:00:00 +0000\r\n",
		mime.BEncoding.Encode("utf-8", c.fromName), c.from, mime.BEncoding.Encode("utf-8", c.subject))
	fmt.Fprintf(&b, "Message-ID: <%s@example.org>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=BOUNDARY\r\n\r\n", base64.RawURLEncoding.EncodeToString([]byte(c.subject)))
	body, ctype := c.line+"\r\n\r\nRegards\r\n", "text/plain"
	if c.html {
		body, ctype = "<html><body><h2>"+c.subject+"</h2><p>"+c.line+"</p><ul><li>one</li><li>two</li></ul></body></html>", "text/html"
	}
	fmt.Fprintf(&b, "--BOUNDARY\r\nContent-Type: %s; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n%s\r\n", ctype, base64.StdEncoding.EncodeToString([]byte(body)))
	for _, f := range c.files {
		disp := mime.FormatMediaType("attachment", map[string]string{"filename": f})
		fmt.Fprintf(&b, "--BOUNDARY\r\nContent-Type: application/octet-stream\r\nContent-Disposition: %s\r\nContent-Transfer-Encoding: base64\r\n\r\n%s\r\n",
			disp, base64.StdEncoding.EncodeToString([]byte(strings.Repeat("data ", 300))))
	}
	b.WriteString("--BOUNDARY--\r\n")
	return []byte(b.String())
}

// printProfile makes a profile holding printCases, and returns its
// --profile flag and the message ids by subject.
func printProfile(t *testing.T) (string, map[string]string) {
	t.Helper()
	p, secrets := newHostileProfile(t)
	dir := t.TempDir()
	args := []string{p, "import", "--account", "alice@example.org"}
	for i, c := range printCases {
		f := filepath.Join(dir, fmt.Sprintf("%d.eml", i))
		if err := os.WriteFile(f, c.eml(), 0o600); err != nil {
			t.Fatal(err)
		}
		args = append(args, f)
	}
	if _, errOut, code := cli(t, secrets, "", args...); code != 0 {
		t.Fatalf("import: %s", errOut)
	}
	list, errOut, code := cli(t, secrets, "", p, "list")
	if code != 0 {
		t.Fatal(errOut)
	}
	ids := map[string]string{}
	for _, l := range strings.Split(strings.TrimSpace(list), "\n") {
		f := strings.Split(l, "\t")
		ids[f[3]] = f[0]
	}
	return p, ids
}

// readPDF is the text pdftotext reads from a PDF file, on one line.
func readPDF(t *testing.T, file string) string {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		testenv.Missing(t, "pdftotext (Debian package poppler-utils)")
	}
	out, err := exec.Command("pdftotext", "-enc", "UTF-8", file, "-").CombinedOutput()
	if err != nil {
		t.Fatalf("pdftotext %s: %v\n%s", file, err, out)
	}
	return strings.Join(strings.Fields(string(out)), " ")
}

// findText is the text of the first of files that has subject.
func findText(t *testing.T, files []string, subject string) string {
	t.Helper()
	for _, f := range files {
		if text := readPDF(t, f); strings.Contains(text, subject) {
			return text
		}
	}
	return ""
}

// checkPrintout fails unless text has c's subject, sender, line of text
// and attachment names.
func checkPrintout(t *testing.T, c printCase, text string) {
	t.Helper()
	for _, want := range append([]string{c.subject, c.fromName + " <" + c.from + ">", c.line}, c.files...) {
		if !strings.Contains(text, want) {
			t.Errorf("the printout of %q lacks %q; it reads:\n%s", c.subject, want, text)
		}
	}
}

// TestCLIPrintWritesPDF: tern print ID --pdf FILE writes a PDF whose
// text is the message's, in Latin, Cyrillic and Japanese letters.
func TestCLIPrintWritesPDF(t *testing.T) {
	p, ids := printProfile(t)
	dir := t.TempDir()
	for _, c := range printCases {
		file := filepath.Join(dir, ids[c.subject]+".pdf")
		out, errOut, code := cli(t, nil, "", p, "print", ids[c.subject], "--pdf", file)
		if code != 0 {
			t.Fatalf("print %s: %d %s", c.subject, code, errOut)
		}
		if !strings.Contains(out, file) {
			t.Errorf("print --pdf said %q", out)
		}
		checkPrintout(t, c, readPDF(t, file))
	}
	if _, errOut, code := cli(t, nil, "", p, "print", "999999", "--pdf", filepath.Join(dir, "x.pdf")); code != 1 || !strings.Contains(errOut, "no message with id 999999") {
		t.Errorf("printing a missing message: %d %q", code, errOut)
	}
	if _, _, code := cli(t, nil, "", p, "print"); code != 2 {
		t.Errorf("print without an id exits %d, want 2", code)
	}
}

// TestCLIPrintThroughCUPS prints each message through the system's
// printing, a private cupsd with a cups-pdf queue: one job a message,
// whose PDF reads back with the message's subject, sender, text and
// attachment names, and which the printer printed. The first goes to
// the printer named with --printer, the others to the default printer.
//
// What is read back in full is the job's document, the PDF cupsd was
// given. The PDF cups-pdf makes of the job (PDF to PostScript to PDF
// again) is checked in full for the Latin message, and for the subject
// only for the others: that round trip loses the characters of some text
// in fonts with many letters, as the Cyrillic message's (see package
// cups).
func TestCLIPrintThroughCUPS(t *testing.T) {
	srv := cups.Start(t)
	t.Setenv("CUPS_SERVER", srv.Socket)
	p, ids := printProfile(t)
	for i, c := range printCases {
		args := []string{p, "print", ids[c.subject]}
		if i == 0 {
			args = append(args, "--printer", cups.Queue)
		}
		out, errOut, code := cli(t, nil, "", args...)
		if code != 0 || !strings.Contains(out, "Sent to the printer.") {
			t.Fatalf("print %s: %d %q %q\n%s", c.subject, code, out, errOut, srv.ErrorLog())
		}
	}
	printed := srv.WaitPrinted(t, len(printCases))
	jobs := srv.Documents()
	if len(jobs) != len(printCases) {
		t.Fatalf("%d job documents, want %d", len(jobs), len(printCases))
	}
	for _, c := range printCases {
		if text := findText(t, jobs, c.subject); text == "" {
			t.Errorf("no job's document has %q", c.subject)
		} else {
			checkPrintout(t, c, text)
		}
		text := findText(t, printed, c.subject)
		switch {
		case text == "":
			t.Errorf("no PDF the printer made has %q", c.subject)
		case c.subject == printCases[0].subject:
			checkPrintout(t, c, text) // Latin text survives the round trip whole
		}
	}
	if _, errOut, code := cli(t, nil, "", p, "print", ids[printCases[0].subject], "--printer", "NoSuchPrinter"); code != 1 ||
		!strings.Contains(errOut, "There is no printer called NoSuchPrinter.") {
		t.Errorf("printing to a missing printer: %d %q", code, errOut)
	}
}
