package printout

import (
	"bytes"
	"strings"
	"testing"
)

// BenchmarkPDF makes the printout of a message of some 40 KB of text in
// Latin, Cyrillic and Japanese letters, and reports its size.
func BenchmarkPDF(b *testing.B) {
	text := strings.Repeat("The figures for the quarter. Отчёт за квартал. 四半期の報告書を添付します。\n", 400)
	m := Message{Subject: "Quarterly figures 四半期", From: "Alice <alice@example.org>", Text: text}
	var size int
	for b.Loop() {
		var buf bytes.Buffer
		if err := PDF(b.Context(), &buf, m, Options{}); err != nil {
			b.Fatal(err)
		}
		size = buf.Len()
	}
	b.ReportMetric(float64(size), "pdf-bytes")
}
