package imap

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tern-mail/tern/accounts"
	"github.com/tern-mail/tern/internal/corpus"
	"github.com/tern-mail/tern/internal/dovecot"
	"github.com/tern-mail/tern/storage"
)

// BenchmarkFirstSyncHeap runs a first sync of a corpus mailbox inside
// this process and prints the peak of the Go heap seen during it: what
// the memory of a sync is made of, without the cost of the binary. The
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
	msgs := make([][]byte, n)
	var total int64
	for i := range msgs {
		msgs[i] = corpus.Message(1, i)
		total += int64(len(msgs[i]))
	}
	if err := srv.DeliverMaildir("alice", "INBOX", msgs, false); err != nil {
		b.Fatal(err)
	}
	if err := srv.Chown("alice"); err != nil {
		b.Fatal(err)
	}
	msgs = nil
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
		start := time.Now()
		if err := SyncOnce(ctx, acct, st, "alice-pw", Options{}); err != nil {
			b.Fatal(err)
		}
		took := time.Since(start)
		close(stop)
		p := peak()
		st.Close()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		fmt.Printf("\nfirst sync of %d messages (%.0f MB) in-process: %.2fs, peak Go heap in use %.0f MB, "+
			"memory from the OS for Go %.0f MB, process peak RSS %.0f MB\n",
			n, float64(total)/1e6, took.Seconds(), float64(p)/1e6, float64(ms.Sys)/1e6, float64(selfPeakRSS())/1e6)
		b.ReportMetric(float64(p)/1e6, "MB-peak-heap")
	}
}

// selfPeakRSS returns this process's VmHWM (/proc/self/status) in
// bytes, or 0 where there is none.
func selfPeakRSS() int64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if f := strings.Fields(line); len(f) == 3 && f[0] == "VmHWM:" {
			kb, _ := strconv.ParseInt(f[1], 10, 64)
			return kb << 10
		}
	}
	return 0
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
