package main

import (
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
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
	msgs := make([][]byte, n)
	var total int64
	for i := range msgs {
		msgs[i] = corpus.Message(1, i)
		total += int64(len(msgs[i]))
	}
	if err := srv.DeliverMaildir("alice", "INBOX", msgs, false); err != nil {
		b.Fatal(err)
	}
	msgs = nil
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
		for r := 0; r < benchRounds; r++ {
			mbDir := filepath.Join(b.TempDir(), "mb")
			os.MkdirAll(mbDir, 0o700)
			conf := filepath.Join(mbDir, "..", "mbsyncrc")
			os.WriteFile(conf, []byte(fmt.Sprintf(`IMAPAccount bench
Host localhost
Port %d
User alice
Pass pw-bench
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
`, srv.IMAPSPort, ca.CertFile, mbDir, mbDir)), 0o600)
			// Each timed run starts with the page cache written back, so
			// that none pays for writing what the one before left behind.
			syscall.Sync()
			start := time.Now()
			if out, err := exec.Command(mbsync, "-q", "-c", conf, "-a").CombinedOutput(); err != nil {
				b.Fatalf("mbsync: %v\n%s", err, out)
			}
			mbFirst = append(mbFirst, time.Since(start))
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
			cmd := tern("", "sync")
			if err := cmd.Start(); err != nil {
				b.Fatal(err)
			}
			first500 := make(chan time.Duration, 1)
			stopWatch := make(chan struct{})
			go watchHeaders(filepath.Join(dir, storage.FileName), 500, start, first500, stopWatch)
			if err := cmd.Wait(); err != nil {
				b.Fatalf("tern sync: %v", err)
			}
			ternFirst = append(ternFirst, time.Since(start))
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
			os.RemoveAll(filepath.Dir(mbDir))
		}

		mb, tf, t5 := best(mbFirst), best(ternFirst), best(tern500)
		mbNo, tNo := best(mbNoChange), best(ternNoChange)
		fmt.Printf("\nIMAP sync of %d messages (%.0f MB) from Dovecot over TLS on loopback, best of %d runs each:\n",
			n, float64(total)/1e6, benchRounds)
		fmt.Printf("  mbsync first sync      %8.2fs   runs %s\n", mb.Seconds(), runs(mbFirst))
		fmt.Printf("  tern first sync        %8.2fs   runs %s   ratio %.2f× mbsync (goal ≤ 0.80)\n",
			tf.Seconds(), runs(ternFirst), tf.Seconds()/mb.Seconds())
		fmt.Printf("  tern first 500 headers %8.2fs   runs %s   (goal ≤ 2 s)\n", t5.Seconds(), runs(tern500))
		fmt.Printf("  mbsync no-change       %8.2fs   runs %s\n", mbNo.Seconds(), runs(mbNoChange))
		fmt.Printf("  tern no-change resync  %8.2fs   runs %s   ratio %.2f× mbsync (goal ≤ 0.3 s)\n",
			tNo.Seconds(), runs(ternNoChange), tNo.Seconds()/mbNo.Seconds())
		b.ReportMetric(tf.Seconds()/mb.Seconds(), "first/mbsync")
		b.ReportMetric(t5.Seconds(), "s-to-500-headers")
		b.ReportMetric(tNo.Seconds(), "s-no-change")
		b.ReportMetric(tNo.Seconds()/mbNo.Seconds(), "nochange/mbsync")
	}
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
	msgs := make([][]byte, n)
	var total int64
	for i := range msgs {
		msgs[i] = corpus.Message(2, i)
		total += int64(len(msgs[i]))
	}
	if err := srv.DeliverMaildir("bob", "INBOX", msgs, false); err != nil {
		b.Fatal(err)
	}
	msgs = nil
	ca, _ := testenv.TestCA()
	bin := ternBinary(b)
	script := filepath.Join(b.TempDir(), "ref.py")
	os.WriteFile(script, []byte(poplibScript), 0o600)

	for i := 0; i < b.N; i++ {
		refOut := b.TempDir()
		start := time.Now()
		if out, err := exec.Command(python, script, "localhost", fmt.Sprint(srv.POP3SPort), "bob", "pw-pop-bench",
			ca.CertFile, refOut).CombinedOutput(); err != nil {
			b.Fatalf("poplib: %v\n%s", err, out)
		}
		tRef := time.Since(start)

		dir := b.TempDir()
		tern := ternIn(bin, dir)
		out, err := tern("pw-pop-bench\n", "account", "add", "--email", "bob@example.org", "--username", "bob",
			"--protocol", "pop3", "--host", "localhost", "--port", fmt.Sprint(srv.POP3SPort), "--password-stdin").CombinedOutput()
		if err != nil || strings.Contains(string(out), "keychain is not available") {
			testenv.Missing(b, "a keychain for the tern binary: %v %s", err, out)
		}
		start = time.Now()
		if out, err := tern("", "sync").CombinedOutput(); err != nil {
			b.Fatalf("tern sync: %v\n%s", err, out)
		}
		tFirst := time.Since(start)
		start = time.Now()
		if out, err := tern("", "sync").CombinedOutput(); err != nil {
			b.Fatalf("tern second check: %v\n%s", err, out)
		}
		tSecond := time.Since(start)
		tern("", "account", "remove", "bob@example.org").Run()

		fmt.Printf("\nPOP3S download of %d messages (%.0f MB) from Dovecot on loopback:\n", n, float64(total)/1e6)
		fmt.Printf("  poplib (sequential)    %8.2fs\n", tRef.Seconds())
		fmt.Printf("  tern first download    %8.2fs   ratio %.2f× poplib (goal ≤ 1.0)\n", tFirst.Seconds(), tFirst.Seconds()/tRef.Seconds())
		fmt.Printf("  tern second check      %8.2fs   (goal ≤ 1 s)\n", tSecond.Seconds())
		b.ReportMetric(tFirst.Seconds()/tRef.Seconds(), "first/poplib")
		b.ReportMetric(tSecond.Seconds(), "s-second-check")
	}
}
