package imap

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/tern-mail/tern/accounts"
	"github.com/tern-mail/tern/internal/corpus"
	"github.com/tern-mail/tern/internal/dovecot"
	"github.com/tern-mail/tern/storage"
)

// BenchmarkFirstSyncHeap runs a first sync of a corpus mailbox inside
// this process and prints the peak of the Go heap seen during it, to
// find with a heap profile what a sync keeps in memory (the process's own
// peak RSS is BenchmarkIMAPSyncMemory's, in the main package). The
// size is TERN_BENCH_MESSAGES (2,000 unless set); with TERN_HEAPPROFILE
// set, a heap profile taken near the peak is written to that file.
func BenchmarkFirstSyncHeap(b *testing.B) {
	n := 2000
	if s := os.Getenv("TERN_BENCH_MESSAGES"); s != "" {
		if v, err := strconv.Atoi(s); err == nil && v > 0 {
			n = v
		}
	}
	srv := dovecot.Start(b, dovecot.Options{})
	srv.AddUser(b, "alice", "alice-pw")
	total, err := corpus.Deliver(1, 0, n, func(msgs [][]byte) error { return srv.DeliverMaildir("alice", "INBOX", msgs, false) })
	if err != nil {
		b.Fatal(err)
	}
	if err := srv.Chown("alice"); err != nil {
		b.Fatal(err)
	}
	acct := accounts.Account{ID: "alice", Address: "alice@example.org", Protocol: accounts.IMAP,
		Incoming: accounts.Server{Host: "localhost", Port: srv.IMAPSPort, Security: accounts.TLS, Username: "alice"}}
	ctx := context.Background()
	for i := 0; i < b.N; i++ {
		st, err := storage.Open(filepath.Join(b.TempDir(), storage.FileName))
		if err != nil {
			b.Fatal(err)
		}
		if err := st.EnsureAccount(ctx, acct.ID, acct.Address); err != nil {
			b.Fatal(err)
		}
		runtime.GC()
		stop := make(chan struct{})
		peak := sampleHeap(os.Getenv("TERN_HEAPPROFILE"), stop)
		cpu0 := processCPU()
		start := time.Now()
		if err := SyncOnce(ctx, acct, st, "alice-pw", Options{}); err != nil {
			b.Fatal(err)
		}
		took := time.Since(start)
		cpu := processCPU() - cpu0
		close(stop)
		p := peak()
		st.Close()
		fmt.Printf("\nfirst sync of %d messages (%.0f MB) in-process: %.2fs (%.2fs of processor time), peak Go heap in use %.0f MB\n",
			n, float64(total)/1e6, took.Seconds(), cpu.Seconds(), float64(p)/1e6)
		b.ReportMetric(float64(p)/1e6, "MB-peak-heap")
	}
}

// sampleHeap samples the heap every few milliseconds until stop is
// closed; the function it returns waits for that and returns the peak.
// At each peak a tenth above the last one written, it writes a heap
// profile to path, when path is set.
func sampleHeap(path string, stop <-chan struct{}) func() uint64 {
	var peak, written uint64
	done := make(chan struct{})
	go func() {
		defer close(done)
		var ms runtime.MemStats
		for {
			select {
			case <-stop:
				return
			case <-time.After(20 * time.Millisecond):
			}
			runtime.ReadMemStats(&ms)
			peak = max(peak, ms.HeapInuse)
			if path != "" && ms.HeapInuse > written+written/10 {
				written = ms.HeapInuse
				if f, err := os.Create(path); err == nil {
					pprof.Lookup("heap").WriteTo(f, 0)
					f.Close()
				}
			}
		}
	}()
	return func() uint64 {
		<-done
		return peak
	}
}

// processCPU is the processor time this process has used so far, user and
// system.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
