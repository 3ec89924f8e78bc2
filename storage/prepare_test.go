package storage

import (
	"strings"
	"testing"
)

// A source whose preparation panics is kept as it arrived: its headers as
// far as they can be read, its whole text, and a warning naming the cause.
func TestPrepareOrKeepKeepsWhatPanics(t *testing.T) {
	raw := []byte("From: Ana <ana@example.org>\r\nSubject: Boom\r\n\r\nThe text.\r\n")
	p, ok := PrepareOrKeep(func([]byte) PreparedBody { panic("parser bug") }, raw)
	if !ok {
		t.Fatal("not kept")
	}
	if p.row.env.Subject != "Boom" || len(p.row.env.From) != 1 || p.row.env.From[0].Email != "ana@example.org" {
		t.Errorf("envelope %+v", p.row.env)
	}
	if !strings.Contains(p.row.warning, "could not be read safely (parser failure: parser bug)") || !strings.Contains(p.row.bodyText.String, "The text.") {
		t.Errorf("warning %q, text %q", p.row.warning, p.row.bodyText.String)
	}
	if string(p.Raw()) != string(raw) || p.sum != hashBody(raw) {
		t.Error("the source is not kept whole")
	}

	// Without a panic it is prepare's result.
	q, ok := PrepareOrKeep(PrepareBody, raw)
	if !ok || q.row.warning != "" || q.row.env.Subject != "Boom" {
		t.Errorf("prepared: %v, warning %q, subject %q", ok, q.row.warning, q.row.env.Subject)
	}
}
