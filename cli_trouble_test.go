package main

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tern-mail/tern/internal/testenv"
	"github.com/tern-mail/tern/storage"
)

// TestCommandLineSaysWhenTheDiskIsFull runs a command whose profile lies
// on a tmpfs too small for the store, mounted in a private mount
// namespace: it says in one sentence that the disk is full and what to
// do, not SQLite's words, and exits with EX_IOERR.
func TestCommandLineSaysWhenTheDiskIsFull(t *testing.T) {
	if os.Geteuid() != 0 {
		testenv.Missing(t, "root, to mount a small tmpfs in a private mount namespace")
	}
	for _, tool := range []string{"unshare", "mount"} {
		if _, err := exec.LookPath(tool); err != nil {
			testenv.Missing(t, "%s (Debian packages util-linux, mount)", tool)
		}
	}
	bin := ternBinary(t)
	mnt := filepath.Join(t.TempDir(), "small")
	if err := os.Mkdir(mnt, 0o700); err != nil {
		t.Fatal(err)
	}
	// 16 KiB holds the profile folder but not the store's tables.
	script := `mount -t tmpfs -o size=16k tern-full "$1" && exec "$2" --profile "$1/profile" --demo sync`
	cmd := exec.Command("unshare", "--mount", "--propagation", "private", "sh", "-c", script, "sh", mnt, bin)
	out, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 74 {
		t.Fatalf("exit: %v, want status 74\n%s", err, out)
	}
	if !strings.Contains(string(out), troubleLine(storage.TroubleDiskFull)) {
		t.Errorf("output lacks the disk-full sentence:\n%s", out)
	}
	if strings.Contains(string(out), "(13)") || strings.Contains(strings.ToLower(string(out)), "sqlite") {
		t.Errorf("output shows SQLite's words:\n%s", out)
	}
}

// TestTroubleHasWordsOnTheCommandLine words each kind of trouble.
func TestTroubleHasWordsOnTheCommandLine(t *testing.T) {
	seen := map[string]bool{}
	for _, tr := range []storage.Trouble{storage.TroubleDiskFull, storage.TroubleReadOnly, storage.TroubleMissing} {
		l := troubleLine(tr)
		if l == "" || seen[l] {
			t.Errorf("%s: %q", tr, l)
		}
		seen[l] = true
	}
	if troubleLine(storage.TroubleNone) != "" {
		t.Error("no trouble has words")
	}
}
