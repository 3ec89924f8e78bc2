package main

import (
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tern-mail/tern/internal/corpus"
	"github.com/tern-mail/tern/internal/dovecot"
	"github.com/tern-mail/tern/internal/testenv"
	"github.com/tern-mail/tern/storage"
)

// BenchmarkIMAPSyncVsMbsync syncs the same 10,000-message (~300 MB) Dovecot
// mailbox with `tern sync` and with mbsync, in one run, and prints the
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
		dir := b.TempDir()
		tern := func(stdin string, args ...string) *exec.Cmd {
			cmd := exec.Command(bin, append([]string{"--profile", dir}, args...)...)
			cmd.Stdin = strings.NewReader(stdin)
			return cmd
		}
		out, err := tern("pw-bench\n", "account", "add", "--email", "alice@example.org", "--username", "alice",
			"--protocol", "imap", "--host", "localhost", "--port", fmt.Sprint(srv.IMAPSPort), "--password-stdin").CombinedOutput()
		if err != nil || strings.Contains(string(out), "keychain is not available") {
			testenv.Missing(b, "a keychain for the tern binary: %v %s", err, out)
		}

		// mbsync first, so both read a mailbox Dovecot has already indexed
		// once (the first access builds Dovecot's index).
		warm := tern("", "sync")
		if out, err := warm.CombinedOutput(); err != nil {
			b.Fatalf("warm-up sync: %v\n%s", err, out)
		}
		os.RemoveAll(dir)
		os.MkdirAll(dir, 0o700)
		tern("pw-bench\n", "account", "add", "--email", "alice@example.org", "--username", "alice",
			"--protocol", "imap", "--host", "localhost", "--port", fmt.Sprint(srv.IMAPSPort), "--password-stdin").Run()

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
		start := time.Now()
		if out, err := exec.Command(mbsync, "-q", "-c", conf, "-a").CombinedOutput(); err != nil {
			b.Fatalf("mbsync: %v\n%s", err, out)
		}
		tMbsync := time.Since(start)
		start = time.Now()
		if out, err := exec.Command(mbsync, "-q", "-c", conf, "-a").CombinedOutput(); err != nil {
			b.Fatalf("mbsync again: %v\n%s", err, out)
		}
		tMbsyncNoChange := time.Since(start)

		// Tern's first sync, watching the store for the first 500 headers.
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
		tFirst := time.Since(start)
		close(stopWatch)
		t500 := <-first500

		start = time.Now()
		if out, err := tern("", "sync").CombinedOutput(); err != nil {
			b.Fatalf("tern resync: %v\n%s", err, out)
		}
		tNoChange := time.Since(start)

		fmt.Printf("\nIMAP sync of %d messages (%.0f MB) from Dovecot over TLS on loopback:\n", n, float64(total)/1e6)
		fmt.Printf("  mbsync first sync      %8.2fs\n", tMbsync.Seconds())
		fmt.Printf("  tern first sync        %8.2fs   ratio %.2f× mbsync (goal ≤ 0.80)\n", tFirst.Seconds(), tFirst.Seconds()/tMbsync.Seconds())
		fmt.Printf("  tern first 500 headers %8.2fs   (goal ≤ 2 s)\n", t500.Seconds())
		fmt.Printf("  mbsync no-change       %8.2fs\n", tMbsyncNoChange.Seconds())
		fmt.Printf("  tern no-change resync  %8.2fs   ratio %.2f× mbsync (goal ≤ 0.3 s)\n", tNoChange.Seconds(), tNoChange.Seconds()/tMbsyncNoChange.Seconds())
		b.ReportMetric(tFirst.Seconds()/tMbsync.Seconds(), "first/mbsync")
		b.ReportMetric(t500.Seconds(), "s-to-500-headers")
		b.ReportMetric(tNoChange.Seconds(), "s-no-change")
		b.ReportMetric(tNoChange.Seconds()/tMbsyncNoChange.Seconds(), "nochange/mbsync")
		tern("", "account", "remove", "alice@example.org").Run()
	}
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
