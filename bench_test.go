package main

import (
	"bytes"
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"text/tabwriter"
	"time"

	"github.com/tern-mail/tern/internal/corpus"
	"github.com/tern-mail/tern/internal/dovecot"
	"github.com/tern-mail/tern/internal/testenv"
	"github.com/tern-mail/tern/storage"
)

// benchRounds is how many times each contender syncs the mailbox. Disk
// flushes make single runs vary (mbsync syncs every message file to disk):
// the report compares the best of each, and shows every run.
const benchRounds = 3

// BenchmarkIMAPSyncVsMbsync syncs the same 10,000-message (~300 MB) Dovecot
// mailbox with `tern sync` and with mbsync, taking turns, and prints the
// ratios. Run it with `make bench`; it is a benchmark, not a test.
func BenchmarkIMAPSyncVsMbsync(b *testing.B) {
	const n = 10000
	mbsync, err := exec.LookPath("mbsync")
	if err != nil {
		testenv.Missing(b, "mbsync (Debian package isync)")
	}
	srv := dovecot.Start(b, dovecot.Options{})
	srv.AddUser(b, "alice", "pw-bench")
	total, err := corpus.Deliver(1, 0, n, func(msgs [][]byte) error { return srv.DeliverMaildir("alice", "INBOX", msgs, false) })
	if err != nil {
		b.Fatal(err)
	}
	ca, _ := testenv.TestCA()
	bin := ternBinary(b)

	for i := 0; i < b.N; i++ {
		// A fresh profile with the account, ready for a first sync.
		fresh := func() (func(stdin string, args ...string) *exec.Cmd, string) {
			dir := b.TempDir()
			tern := ternIn(bin, dir)
			out, err := tern("pw-bench\n", "account", "add", "--email", "alice@example.org", "--username", "alice",
				"--protocol", "imap", "--host", "localhost", "--port", fmt.Sprint(srv.IMAPSPort), "--password-stdin").CombinedOutput()
			if err != nil || strings.Contains(string(out), "keychain is not available") {
				testenv.Missing(b, "a keychain for the tern binary: %v %s", err, out)
			}
			b.Cleanup(func() { tern("", "account", "remove", "alice@example.org").Run() })
			return tern, dir
		}
		// One untimed pass first, so every timed run reads a mailbox
		// Dovecot has already indexed (the first access builds its index).
		warm, _ := fresh()
		if out, err := warm("", "sync").CombinedOutput(); err != nil {
			b.Fatalf("warm-up sync: %v\n%s", err, out)
		}

		var mbFirst, mbNoChange, ternFirst, tern500, ternNoChange []time.Duration
		var mbRSS, ternRSS int64 // the highest of the runs, in bytes
		for r := 0; r < benchRounds; r++ {
			conf, mbDir := mbsyncConf(b, srv.IMAPSPort, "alice", "pw-bench", ca.CertFile)
			// Each timed run starts with the page cache written back, so
			// that none pays for writing what the one before left behind.
			syscall.Sync()
			start := time.Now()
			out, rss, err := runWatched(exec.Command(mbsync, "-q", "-c", conf, "-a"))
			if err != nil {
				b.Fatalf("mbsync: %v\n%s", err, out)
			}
			mbFirst = append(mbFirst, time.Since(start))
			mbRSS = max(mbRSS, rss)
			start = time.Now()
			if out, err := exec.Command(mbsync, "-q", "-c", conf, "-a").CombinedOutput(); err != nil {
				b.Fatalf("mbsync again: %v\n%s", err, out)
			}
			mbNoChange = append(mbNoChange, time.Since(start))

			// Tern's first sync, watching the store for the first 500
			// headers.
			tern, dir := fresh()
			syscall.Sync()
			start = time.Now()
			first500 := make(chan time.Duration, 1)
			stopWatch := make(chan struct{})
			go watchHeaders(filepath.Join(dir, storage.FileName), 500, start, first500, stopWatch)
			out, rss, err = runWatched(tern("", "sync"))
			if err != nil {
				b.Fatalf("tern sync: %v\n%s", err, out)
			}
			ternFirst = append(ternFirst, time.Since(start))
			ternRSS = max(ternRSS, rss)
			close(stopWatch)
			tern500 = append(tern500, <-first500)

			start = time.Now()
			if out, err := tern("", "sync").CombinedOutput(); err != nil {
				b.Fatalf("tern resync: %v\n%s", err, out)
			}
			ternNoChange = append(ternNoChange, time.Since(start))
			// Leave the disk as the round found it.
			tern("", "account", "remove", "alice@example.org").Run()
			os.RemoveAll(dir)
			os.RemoveAll(mbDir)
		}

		mb, tf, t5 := best(mbFirst), best(ternFirst), best(tern500)
		mbNo, tNo := best(mbNoChange), best(ternNoChange)
		fmt.Printf("\nIMAP sync of %d messages (%.0f MB) from Dovecot over TLS on loopback, best of %d runs each:\n",
			n, float64(total)/1e6, benchRounds)
		printTable([][]string{
			{"first sync", secs(tf), secs(mb) + " mbsync", ratio(tf.Seconds(), mb.Seconds()), "≤ 0.80"},
			{"peak RSS, first sync", mbytes(ternRSS), mbytes(mbRSS) + " mbsync", ratio(float64(ternRSS), float64(mbRSS)), "≤ 150 MB"},
			{"first 500 headers", secs(t5), "", "", "≤ 0.5 s"},
			{"no-change resync", secs(tNo), secs(mbNo) + " mbsync", ratio(tNo.Seconds(), mbNo.Seconds()), "≤ 0.3 s"},
		})
		fmt.Printf("  runs: mbsync first %s; tern first %s; tern 500 headers %s; mbsync no-change %s; tern no-change %s\n",
			runs(mbFirst), runs(ternFirst), runs(tern500), runs(mbNoChange), runs(ternNoChange))
		b.ReportMetric(float64(ternRSS)/1e6, "MB-peak-RSS")
		b.ReportMetric(tf.Seconds()/mb.Seconds(), "first/mbsync")
		b.ReportMetric(t5.Seconds(), "s-to-500-headers")
		b.ReportMetric(tNo.Seconds(), "s-no-change")
		b.ReportMetric(tNo.Seconds()/mbNo.Seconds(), "nochange/mbsync")
	}
}

// runWatched runs cmd to its end, reading its VmHWM (the peak resident
// memory of the process itself, /proc/PID/status) as it runs, and returns
// its combined output and that peak in bytes. getrusage's ru_maxrss will
// not do for a child of this process: Linux counts in it the memory of
// this process, whose address space the child shares until its exec.
func runWatched(cmd *exec.Cmd) (out []byte, peak int64, err error) {
	var buf bytes.Buffer
	if cmd.Stdout == nil {
		cmd.Stdout = &buf
	}
	if cmd.Stderr == nil {
		cmd.Stderr = &buf
	}
	if err := cmd.Start(); err != nil {
		return nil, 0, err
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	status := fmt.Sprintf("/proc/%d/status", cmd.Process.Pid)
	for {
		if hwm := procPeakRSS(status); hwm > peak {
			peak = hwm
		}
		select {
		case err := <-done:
			return buf.Bytes(), peak, err
		case <-time.After(10 * time.Millisecond):
		}
	}
}

// procPeakRSS returns the VmHWM line of a /proc status file in bytes, or 0.
func procPeakRSS(path string) int64 {
	data, err := os.ReadFile(path)
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			var kb int64
			fmt.Sscan(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), &kb)
			return kb * 1024
		}
	}
	return 0
}

// printTable prints rows of figure, Tern, peer, ratio and goal.
func printTable(rows [][]string) {
	w := tabwriter.NewWriter(os.Stdout, 2, 0, 3, ' ', 0)
	fmt.Fprintln(w, "  figure\tTern\tpeer\tratio\tgoal")
	for _, r := range rows {
		fmt.Fprintln(w, "  "+strings.Join(r, "\t"))
	}
	w.Flush()
}

func secs(d time.Duration) string { return fmt.Sprintf("%.2f s", d.Seconds()) }
func mbytes(n int64) string       { return fmt.Sprintf("%.0f MB", float64(n)/1e6) }

// ratio formats a/b, or nothing when b is not known.
func ratio(a, b float64) string {
	if b <= 0 {
		return ""
	}
	return fmt.Sprintf("%.2f×", a/b)
}

// best returns the shortest of ds.
func best(ds []time.Duration) time.Duration {
	m := ds[0]
	for _, d := range ds[1:] {
		m = min(m, d)
	}
	return m
}

// runs formats every duration of ds, in seconds.
func runs(ds []time.Duration) string {
	s := make([]string, len(ds))
	for i, d := range ds {
		s[i] = fmt.Sprintf("%.2f", d.Seconds())
	}
	return strings.Join(s, " ")
}

// watchHeaders polls a store read-only until it holds want messages.
func watchHeaders(path string, want int, start time.Time, out chan<- time.Duration, stop <-chan struct{}) {
	defer func() {
		select {
		case out <- -1:
		default:
		}
	}()
	for {
		select {
		case <-stop:
			return
		case <-time.After(20 * time.Millisecond):
		}
		if _, err := os.Stat(path); err != nil {
			continue
		}
		db, err := sql.Open("sqlite", "file:"+path+"?mode=ro&_pragma=busy_timeout(100)")
		if err != nil {
			continue
		}
		var n int
		err = db.QueryRow("SELECT count(*) FROM messages").Scan(&n)
		db.Close()
		if err == nil && n >= want {
			out <- time.Since(start)
			return
		}
	}
}

// poplibScript is the reference client: Python's poplib retrieving every
// message over POP3S, one after the other, each written to a file.
const poplibScript = `
import poplib, ssl, sys, os
host, port, user, pw, ca, out = sys.argv[1:7]
c = poplib.POP3_SSL(host, int(port), context=ssl.create_default_context(cafile=ca))
c.user(user); c.pass_(pw)
n, _ = c.stat()
for i in range(1, n + 1):
    _, lines, _ = c.retr(i)
    with open(os.path.join(out, str(i)), "wb") as f:
        f.write(b"\r\n".join(lines) + b"\r\n")
c.quit()
print(n)
`

// BenchmarkPOP3DownloadVsPoplib downloads the same 10,000-message (~300 MB)
// POP3S maildrop with tern and with Python's poplib, in one run.
func BenchmarkPOP3DownloadVsPoplib(b *testing.B) {
	const n = 10000
	python, err := exec.LookPath("python3")
	if err != nil {
		testenv.Missing(b, "python3 for the poplib reference client")
	}
	srv := dovecot.Start(b, dovecot.Options{})
	srv.AddUser(b, "bob", "pw-pop-bench")
	total, err := corpus.Deliver(2, 0, n, func(msgs [][]byte) error { return srv.DeliverMaildir("bob", "INBOX", msgs, false) })
	if err != nil {
		b.Fatal(err)
	}
	ca, _ := testenv.TestCA()
	bin := ternBinary(b)
	script := filepath.Join(b.TempDir(), "ref.py")
	os.WriteFile(script, []byte(poplibScript), 0o600)

	for i := 0; i < b.N; i++ {
		refOut := b.TempDir()
		start := time.Now()
		out, refRSS, err := runWatched(exec.Command(python, script, "localhost", fmt.Sprint(srv.POP3SPort), "bob", "pw-pop-bench",
			ca.CertFile, refOut))
		if err != nil {
			b.Fatalf("poplib: %v\n%s", err, out)
		}
		tRef := time.Since(start)

		dir := b.TempDir()
		tern := ternIn(bin, dir)
		out, err = tern("pw-pop-bench\n", "account", "add", "--email", "bob@example.org", "--username", "bob",
			"--protocol", "pop3", "--host", "localhost", "--port", fmt.Sprint(srv.POP3SPort), "--password-stdin").CombinedOutput()
		if err != nil || strings.Contains(string(out), "keychain is not available") {
			testenv.Missing(b, "a keychain for the tern binary: %v %s", err, out)
		}
		start = time.Now()
		out, rss, err := runWatched(tern("", "sync"))
		if err != nil {
			b.Fatalf("tern sync: %v\n%s", err, out)
		}
		tFirst := time.Since(start)
		start = time.Now()
		if out, err := tern("", "sync").CombinedOutput(); err != nil {
			b.Fatalf("tern second check: %v\n%s", err, out)
		}
		tSecond := time.Since(start)
		tern("", "account", "remove", "bob@example.org").Run()

		fmt.Printf("\nPOP3S download of %d messages (%.0f MB) from Dovecot on loopback, one run each:\n", n, float64(total)/1e6)
		printTable([][]string{
			{"first download", secs(tFirst), secs(tRef) + " poplib", ratio(tFirst.Seconds(), tRef.Seconds()), "≤ 1.0"},
			{"peak RSS, first download", mbytes(rss), mbytes(refRSS) + " poplib", ratio(float64(rss), float64(refRSS)), "≤ 150 MB"},
			{"second check", secs(tSecond), "", "", "≤ 1 s"},
		})
		b.ReportMetric(float64(rss)/1e6, "MB-peak-RSS")
		b.ReportMetric(tFirst.Seconds()/tRef.Seconds(), "first/poplib")
		b.ReportMetric(tSecond.Seconds(), "s-second-check")
	}
}

// BenchmarkIMAPSyncMemory makes a first sync of a mailbox of each size in
// TERN_BENCH_SIZES (10,000 and 50,000 messages unless set, comma
// separated, ascending) with `tern sync` and with mbsync, and prints the
// peak RSS of each: Tern's should not grow with the mailbox.
func BenchmarkIMAPSyncMemory(b *testing.B) {
	sizes := []int{10000, 50000}
	if s := os.Getenv("TERN_BENCH_SIZES"); s != "" {
		sizes = nil
		for _, f := range strings.Split(s, ",") {
			var n int
			if _, err := fmt.Sscan(strings.TrimSpace(f), &n); err != nil || n <= 0 {
				b.Fatalf("TERN_BENCH_SIZES: %q is not a size", f)
			}
			sizes = append(sizes, n)
		}
	}
	mbsync, err := exec.LookPath("mbsync")
	if err != nil {
		testenv.Missing(b, "mbsync (Debian package isync)")
	}
	srv := dovecot.Start(b, dovecot.Options{})
	srv.AddUser(b, "carol", "pw-mem-bench")
	ca, _ := testenv.TestCA()
	bin := ternBinary(b)

	for i := 0; i < b.N; i++ {
		var rows [][]string
		var first, last int64
		var total int64
		have := 0
		for _, n := range sizes {
			// Grow the same mailbox to n messages.
			more, err := corpus.Deliver(3, have, n, func(msgs [][]byte) error { return srv.DeliverMaildir("carol", "INBOX", msgs, false) })
			if err != nil {
				b.Fatal(err)
			}
			total += more
			have = max(have, n)

			// mbsync first: its sync also has Dovecot index the mailbox
			// before Tern's run.
			conf, mbDir := mbsyncConf(b, srv.IMAPSPort, "carol", "pw-mem-bench", ca.CertFile)
			out, mbRSS, err := runWatched(exec.Command(mbsync, "-q", "-c", conf, "-a"))
			if err != nil {
				b.Fatalf("mbsync: %v\n%s", err, out)
			}
			os.RemoveAll(mbDir)

			dir := b.TempDir()
			tern := ternIn(bin, dir)
			out, err = tern("pw-mem-bench\n", "account", "add", "--email", "carol@example.org", "--username", "carol",
				"--protocol", "imap", "--host", "localhost", "--port", fmt.Sprint(srv.IMAPSPort), "--password-stdin").CombinedOutput()
			if err != nil || strings.Contains(string(out), "keychain is not available") {
				testenv.Missing(b, "a keychain for the tern binary: %v %s", err, out)
			}
			syscall.Sync()
			start := time.Now()
			out, rss, err := runWatched(tern("", "sync"))
			if err != nil {
				b.Fatalf("tern sync: %v\n%s", err, out)
			}
			took := time.Since(start)
			tern("", "account", "remove", "carol@example.org").Run()
			os.RemoveAll(dir)

			if first == 0 {
				first = rss
			}
			last = rss
			rows = append(rows, []string{fmt.Sprintf("peak RSS, first sync of %d (%.0f MB, %.1f s)", n, float64(total)/1e6, took.Seconds()),
				mbytes(rss), mbytes(mbRSS) + " mbsync", ratio(float64(rss), float64(mbRSS)), "≤ 150 MB"})
		}
		if len(sizes) > 1 {
			rows = append(rows, []string{fmt.Sprintf("peak RSS growth, %d → %d messages", sizes[0], sizes[len(sizes)-1]),
				ratio(float64(last), float64(first)), "", "", "≤ 1.10×"})
		}
		fmt.Printf("\nMemory of a first IMAP sync from Dovecot over TLS on loopback, one run per size:\n")
		printTable(rows)
		b.ReportMetric(float64(last)/1e6, "MB-peak-RSS-largest")
		b.ReportMetric(float64(last)/float64(first), "RSS-growth")
	}
}

// mbsyncConf writes an mbsync configuration that pulls every folder of
// user's IMAPS mailbox into a new Maildir, and returns its path and the
// directory holding both.
func mbsyncConf(b *testing.B, port int, user, pw, caFile string) (conf, dir string) {
	dir = b.TempDir()
	mbDir := filepath.Join(dir, "mb")
	os.MkdirAll(mbDir, 0o700)
	conf = filepath.Join(dir, "mbsyncrc")
	os.WriteFile(conf, []byte(fmt.Sprintf(`IMAPAccount bench
Host localhost
Port %d
User %s
Pass %s
SSLType IMAPS
CertificateFile %s

IMAPStore remote
Account bench

MaildirStore local
Path %s/
Inbox %s/INBOX

Channel all
Far :remote:
Near :local:
Patterns *
Create Near
Sync Pull
SyncState *
`, port, user, pw, caFile, mbDir, mbDir)), 0o600)
	return conf, dir
}
