package message

import (
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/tern-mail/tern/internal/hostile"
)

// cost is the processor time and heap a call took.
type cost struct {
	cpu   time.Duration
	alloc uint64
}

// measure runs f on a locked thread and returns its processor time and
// the bytes it allocated.
func measure(f func()) cost {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	start := threadTime()
	f()
	d := threadTime() - start
	runtime.ReadMemStats(&after)
	return cost{cpu: d, alloc: after.TotalAlloc - before.TotalAlloc}
}

// withinSizeBudget fails t unless reading raw with f costs at most four
// times its size plus 64 MB of heap, and a second per 10 MB plus a second
// of processor time (more of both under the race detector).
func withinSizeBudget(t *testing.T, what string, raw []byte, f func()) {
	t.Helper()
	c := measure(f)
	size := len(raw)
	maxAlloc := raceAllocSlack * uint64(4*size+64<<20)
	maxCPU := time.Duration(raceSlowdown) * (time.Duration(size)*time.Second/(10<<20) + time.Second)
	t.Logf("%s of %d bytes: %v, %d MB allocated", what, size, c.cpu, c.alloc>>20)
	if c.alloc > maxAlloc {
		t.Errorf("%s of %d bytes allocated %d MB (budget %d MB)", what, size, c.alloc>>20, maxAlloc>>20)
	}
	if c.cpu > maxCPU {
		t.Errorf("%s of %d bytes took %v (budget %v)", what, size, c.cpu, maxCPU)
	}
}

// budgeted runs check on what Parse and Summarize make of raw, each
// within the size budget.
func budgeted(t *testing.T, raw []byte, check func(t *testing.T, p *Parsed)) {
	t.Helper()
	for name, f := range map[string]func([]byte) *Parsed{"Parse": Parse, "Summarize": Summarize} {
		t.Run(name, func(t *testing.T) {
			var p *Parsed
			withinSizeBudget(t, name, raw, func() { p = f(raw) })
			check(t, p)
		})
	}
}

// A large garbage picture used to cost the MIME library an error per bad
// byte: 16 MB took 4.9 s and 1.4 GB. It is read clean, and never as a
// picture.
func TestGarbagePictureWithinBudget(t *testing.T) {
	raw := hostile.GarbagePicture(16 << 20)
	budgeted(t, raw, func(t *testing.T, p *Parsed) {
		if p.Raw || !hasWarning(p, "damaged") || len(p.Attachments) != 1 {
			t.Fatalf("Raw=%v Warnings=%q Attachments=%d", p.Raw, p.Warnings, len(p.Attachments))
		}
		if a := p.Attachments[0]; a.ContentType != "application/octet-stream" || a.ContentID != "pic@example.com" || a.Size == 0 {
			t.Errorf("attachment %+v", Attachment{Filename: a.Filename, ContentType: a.ContentType, ContentID: a.ContentID, Size: a.Size})
		}
	})
}

// Damaged base64 text is read without its bad bytes, and stays text.
func TestDamagedBase64Text(t *testing.T) {
	raw := crlf("Subject: t\nContent-Type: text/plain\nContent-Transfer-Encoding: base64\n\naGVs!!bG8=\n")
	both(t, raw, func(t *testing.T, p *Parsed) {
		if p.Raw || p.Text != "hello" || !hasWarning(p, "damaged") {
			t.Errorf("Raw=%v Text=%q Warnings=%q", p.Raw, p.Text, p.Warnings)
		}
	})
}

// 20,000 tiny attachments took the MIME library 4 s and 474 MB (its time
// grows with the square of the number of parts): the first MaxParts are
// read, the others counted.
func TestManyAttachmentsAreCapped(t *testing.T) {
	raw := hostile.ManyAttachments(20000)
	budgeted(t, raw, func(t *testing.T, p *Parsed) {
		// The text is one of the MaxParts parts.
		if p.Raw || len(p.Attachments) != MaxParts-1 || p.MoreParts != 20001-MaxParts {
			t.Fatalf("Raw=%v Attachments=%d MoreParts=%d", p.Raw, len(p.Attachments), p.MoreParts)
		}
		if strings.TrimSpace(p.Text) != "Many files follow." || p.Attachments[MaxParts-2].Filename != "f00998.txt" {
			t.Errorf("Text=%q last=%q", p.Text, p.Attachments[MaxParts-2].Filename)
		}
		if !hasWarning(p, "19,001 more") {
			t.Errorf("Warnings=%q", p.Warnings)
		}
	})
}

// At the limit nothing is cut.
func TestPartsAtLimitAreAllRead(t *testing.T) {
	both(t, hostile.ManyAttachments(MaxParts-1), func(t *testing.T, p *Parsed) {
		if len(p.Attachments) != MaxParts-1 || p.MoreParts != 0 || len(p.Warnings) != 0 {
			t.Errorf("Attachments=%d MoreParts=%d Warnings=%q", len(p.Attachments), p.MoreParts, p.Warnings)
		}
	})
}

func TestLongLineWithinBudget(t *testing.T) {
	raw := hostile.LongLine(20 << 20)
	budgeted(t, raw, func(t *testing.T, p *Parsed) {
		if p.Raw || len(p.Text) < 20<<20-1024 {
			t.Errorf("Raw=%v len(Text)=%d", p.Raw, len(p.Text))
		}
	})
}

// A message past MaxParseBytes is not read as MIME: its beginning is
// shown as plain text, with one line saying why, within the budget.
func TestPastParseBudgetIsShownRaw(t *testing.T) {
	raw := hostile.GarbagePicture(MaxParseBytes + 1<<20)
	var p *Parsed
	withinSizeBudget(t, "Parse", raw, func() { p = Parse(raw) })
	if !p.Raw || len(p.Text) > rawShownBytes || !strings.HasPrefix(p.Text, "From: ") || !strings.HasSuffix(p.Text, "\r\n") {
		t.Fatalf("Raw=%v len(Text)=%d", p.Raw, len(p.Text))
	}
	if len(p.Warnings) != 1 || !strings.Contains(p.Warnings[0], "too large for Tern to read in full (68.2 MB)") {
		t.Errorf("Warnings=%q", p.Warnings)
	}
	if p.Subject == "" {
		t.Errorf("no subject")
	}
	// At the limit it is read.
	if p := Parse(hostile.LongLine(MaxParseBytes - 8)); p.Raw {
		t.Errorf("a message of MaxParseBytes is shown raw: %q", p.Warnings)
	}
}
