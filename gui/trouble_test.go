package gui

import (
	"strings"
	"testing"

	"github.com/tern-mail/tern/storage"
)

// TestTroubleIsOneSentenceWithTheWayOut: each kind of trouble reads as
// plain words that say Tern goes on by itself, never SQLite's words, and
// it stands first in the status line, in place of the error behind it.
func TestTroubleIsOneSentenceWithTheWayOut(t *testing.T) {
	for _, tr := range []storage.Trouble{storage.TroubleDiskFull, storage.TroubleReadOnly, storage.TroubleMissing} {
		s := troubleSentence(tr)
		if s == "" || !strings.Contains(s, "goes on by itself") || strings.Contains(s, "storage") {
			t.Errorf("%s: %q", tr, s)
		}
		line := statusLine(snapshot{trouble: tr, outbox: 2, problem: errString("storage: commit: database or disk is full (13)")})
		if !strings.HasPrefix(line, s) || strings.Contains(line, "(13)") {
			t.Errorf("%s: status line %q", tr, line)
		}
	}
	if got := troubleSentence(storage.TroubleDiskFull); got != "The disk is full. Tern has paused downloading mail; free some space and it goes on by itself." {
		t.Errorf("disk full: %q", got)
	}
}

type errString string

func (e errString) Error() string { return string(e) }
