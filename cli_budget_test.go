package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/tern-mail/tern/internal/hostile"
	"github.com/tern-mail/tern/internal/testenv"
)

// procUsage is the processor time and peak resident memory of a finished
// command.
type procUsage struct {
	cpu time.Duration
	rss int64 // bytes
}

// runMeasured runs cmd and returns its output and procUsage.
func runMeasured(t *testing.T, cmd *exec.Cmd) (string, procUsage) {
	t.Helper()
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%v: %v\n%s", cmd.Args[1:], err, out)
	}
	st := cmd.ProcessState
	u := procUsage{cpu: st.UserTime() + st.SystemTime()}
	if ru, ok := st.SysUsage().(*syscall.Rusage); ok {
		u.rss = ru.Maxrss << 10 // kilobytes on Linux
	}
	return string(out), u
}

// budgetOf is what a tern command may use on a message of size bytes:
// a second per 10 MB plus a second of processor time, and four times its
// size plus the program's own memory (base, measured on a small message)
// plus 128 MB: the garbage collector lets the heap grow to twice what is
// live before it runs.
func budgetOf(size int, base procUsage) procUsage {
	return procUsage{
		cpu: time.Duration(size)*time.Second/(10<<20) + time.Second + base.cpu,
		rss: int64(4*size) + base.rss + 128<<20,
	}
}

func checkUsage(t *testing.T, what string, size int, u, base procUsage) {
	t.Helper()
	b := budgetOf(size, base)
	t.Logf("%s (%d MB): %v, peak %d MB (budget %v, %d MB)", what, size>>20, u.cpu.Round(time.Millisecond), u.rss>>20, b.cpu.Round(time.Millisecond), b.rss>>20)
	if u.cpu > b.cpu || u.rss > b.rss {
		t.Errorf("%s over its budget", what)
	}
}

// tern import and tern show read hostile messages in time and memory
// that follow their size: before, a 16 MB garbage picture took 5 s and
// 1.4 GB to parse, 20,000 attachments 4 s, and a 60 MB line 10 s to show.
func TestCLIShowsHostileMessagesWithinBudget(t *testing.T) {
	dir := t.TempDir()
	tern := ternIn(ternBinary(t), dir)
	out, err := tern("pw\n", "account", "add", "--email", "alice@example.org", "--username", "alice",
		"--protocol", "pop3", "--host", "pop.example.org", "--password-stdin").CombinedOutput()
	if err != nil || strings.Contains(string(out), "keychain is not available") {
		testenv.Missing(t, "a keychain for the tern binary (run under .ci/keyring-session): %v %s", err, out)
	}
	t.Cleanup(func() { tern("", "account", "remove", "alice@example.org").Run() })
	cases := []struct {
		subject string
		raw     []byte
		want    string
	}{
		{"Small", []byte("From: a@example.org\r\nSubject: Small\r\n\r\nhello\r\n"), "hello"},
		{"Garbage picture 16777216", hostile.GarbagePicture(16 << 20), "Warning: Some content of this message was damaged"},
		{"Many attachments 20000", hostile.ManyAttachments(20000), "Attachments: and 19,001 more not listed\n"},
		{"Long line 62914560", hostile.LongLine(60 << 20), "[line cut: "},
	}
	var base procUsage
	for _, c := range cases {
		f := filepath.Join(t.TempDir(), "m.eml")
		if err := os.WriteFile(f, c.raw, 0o600); err != nil {
			t.Fatal(err)
		}
		_, u := runMeasured(t, tern("", "import", "--account", "alice@example.org", f))
		if c.subject == "Small" {
			base = u
		} else {
			checkUsage(t, "import "+c.subject, len(c.raw), u, base)
		}
	}
	list, _ := runMeasured(t, tern("", "list"))
	ids := map[string]string{}
	for _, line := range strings.Split(strings.TrimSpace(list), "\n") {
		f := strings.Split(line, "\t")
		ids[f[3]] = f[0]
	}
	for _, c := range cases {
		out, u := runMeasured(t, tern("", "show", ids[c.subject]))
		if !strings.Contains(out, c.want) {
			t.Errorf("show %s lacks %q:\n%.2000s", c.subject, c.want, out)
		}
		if len(out) > 2<<20 {
			t.Errorf("show %s printed %d bytes", c.subject, len(out))
		}
		if c.subject == "Small" {
			base = u
			continue
		}
		checkUsage(t, "show "+c.subject, len(c.raw), u, base)
	}
}
