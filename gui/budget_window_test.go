package gui

import (
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/tern-mail/tern/internal/hostile"
)

// 20,000 attachments used to freeze the window (not shown after 95 s):
// the first ones are listed and the rest counted on one line, with Show
// all and Save all.
func TestReaderCountsAttachmentsPastTheLimit(t *testing.T) {
	w, _, _ := windowWith(t, string(hostile.ManyAttachments(20000)))
	selectWithin(t, w, 8*time.Second) // 16 s before, and the window froze
	objs := w.reader.attachBox.Objects
	if len(objs) != shownAttachments+1 {
		t.Fatalf("%d rows for the attachments, want %d and the count", len(objs), shownAttachments)
	}
	words := labels(objs[len(objs)-1])
	for _, b := range find[*keyButton](objs[len(objs)-1]) {
		words = append(words, b.Text)
	}
	more := strings.Join(words, " | ")
	if want := "and 19,950 more attachments | Show all | Save all 20,000…"; more != want {
		t.Fatalf("the last row says %q, want %q", more, want)
	}
}

// A line of megabytes is cut for display.
func TestReaderCutsLongLines(t *testing.T) {
	w, _, _ := windowWith(t, string(hostile.LongLine(8<<20)))
	selectWithin(t, w, 4*time.Second)
	body := w.reader.body.String()
	if !strings.Contains(body, "[line cut: ") || len(body) > 1<<20 {
		t.Fatalf("the reader shows %d bytes: %.100q…", len(body), body)
	}
}

// selectWithin opens the first message of w and fails t when that takes
// more than budget of the process's processor time (the budget is for a
// loaded machine; a little of the time may be other goroutines').
func selectWithin(t *testing.T, w *MainWindow, budget time.Duration) {
	t.Helper()
	start := processTime()
	w.list.list.Select(0)
	d := processTime() - start
	t.Logf("opening the message took %v of processor time", d)
	if d > budget {
		t.Errorf("opening the message took %v of processor time (budget %v)", d, budget)
	}
}

// processTime returns the processor time the process has used.
func processTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
