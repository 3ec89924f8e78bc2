package gui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/widget"

	"github.com/tern-mail/tern/internal/hostile"
)

// 20,000 attachments used to freeze the window (not shown after 95 s):
// the first ones are listed and the rest counted in one line.
func TestReaderCountsAttachmentsPastTheLimit(t *testing.T) {
	w, _, _ := windowWith(t, string(hostile.ManyAttachments(20000)))
	w.list.list.Select(0)
	objs := w.reader.attachBox.Objects
	if len(objs) == 0 {
		t.Fatal("no attachments listed")
	}
	l, ok := objs[len(objs)-1].(*widget.Label)
	if !ok || l.Text != "and 19001 more attachments, not listed" {
		t.Fatalf("the last row is %#v", objs[len(objs)-1])
	}
	if len(objs) > 1100 {
		t.Errorf("%d rows for the attachments", len(objs))
	}
}

// A line of megabytes is cut for display.
func TestReaderCutsLongLines(t *testing.T) {
	w, _, _ := windowWith(t, string(hostile.LongLine(8<<20)))
	w.list.list.Select(0)
	body := w.reader.body.String()
	if !strings.Contains(body, "[line cut: ") || len(body) > 1<<20 {
		t.Fatalf("the reader shows %d bytes: %.100q…", len(body), body)
	}
}
