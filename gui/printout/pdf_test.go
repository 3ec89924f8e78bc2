package printout

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tern-mail/tern/internal/testenv"
	"github.com/tern-mail/tern/storage/message"
)

// pdfText writes the printout of m and reads its text back with
// poppler's pdftotext, as a person copying it out of a PDF viewer would.
func pdfText(t *testing.T, m Message, opt Options) (string, []byte) {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		testenv.Missing(t, "pdftotext (Debian package poppler-utils)")
	}
	var buf bytes.Buffer
	if err := PDF(context.Background(), &buf, m, opt); err != nil {
		t.Fatal(err)
	}
	f := filepath.Join(t.TempDir(), "out.pdf")
	if err := os.WriteFile(f, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-enc", "UTF-8", f, "-").CombinedOutput()
	if err != nil {
		t.Fatalf("pdftotext: %v\n%s", err, out)
	}
	return string(out), buf.Bytes()
}

// flat joins the lines pdftotext wrote, so a check does not depend on
// where a line broke.
func flat(s string) string { return strings.Join(strings.Fields(s), " ") }

func TestPDFHasTheMessageAsText(t *testing.T) {
	for _, tc := range []struct {
		name, subject, from, body string
		file                      string
	}{
		{"latin", "Quarterly report", "Alice Example <alice@example.org>", "Please find the figures below.", "report.pdf"},
		{"cyrillic", "Квартальный отчёт", "Борис <boris@example.ru>", "Пожалуйста, посмотрите цифры ниже.", "отчёт.pdf"},
		{"japanese", "四半期報告書", "山田太郎 <taro@example.jp>", "以下の数字をご覧ください。", "報告書.pdf"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := Message{Subject: tc.subject, From: tc.from, To: "team@example.org", Date: time.Date(2026, 3, 4, 9, 30, 0, 0, time.UTC),
				Text:        tc.body + "\n\n> quoted line\nhttps://example.org/x",
				Attachments: []message.Attachment{{Filename: tc.file, Size: 12345}, {Filename: "data.csv", Size: 99}}}
			text, _ := pdfText(t, m, Options{})
			got := flat(text)
			for _, want := range []string{tc.subject, tc.from, tc.body, tc.file, "data.csv", "12 KB", "Page 1 of 1", "quoted line"} {
				if !strings.Contains(got, flat(want)) {
					t.Errorf("the PDF's text lacks %q:\n%s", want, text)
				}
			}
		})
	}
}

func writeFile(name string, data []byte) error { return os.WriteFile(name, data, 0o600) }

func itoa(n int) string { return strconv.Itoa(n) }
