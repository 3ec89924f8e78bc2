package cups

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"codeberg.org/go-pdf/fpdf"
)

// TestPrintsToPDF: a PDF printed with lp to the private queue comes out
// as a PDF in the test's directory, with its text.
func TestPrintsToPDF(t *testing.T) {
	s := Start(t)
	in := filepath.Join(t.TempDir(), "hello.pdf")
	doc := fpdf.New("P", "mm", "A4", "")
	doc.AddPage()
	doc.SetFont("Helvetica", "", 14)
	doc.Text(20, 30, "Hello from the private queue")
	if err := doc.OutputFileAndClose(in); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("lp", "-d", Queue, in)
	cmd.Env = append(os.Environ(), s.Env()...)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("lp: %v: %s", err, out)
	}
	files := s.WaitPrinted(t, 1)
	out, err := exec.Command("pdftotext", files[0], "-").CombinedOutput()
	if err != nil {
		t.Fatalf("pdftotext: %v: %s", err, out)
	}
	if !strings.Contains(string(out), "Hello from the private queue") {
		t.Errorf("printed PDF reads %q", out)
	}
}
