//go:build linux

package transfer

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/tern-mail/tern/internal/corpus"
	"github.com/tern-mail/tern/internal/testenv"
)

// BenchmarkImportVsCopy imports an mbox file of TERN_BENCH_IMPORT
// messages (5,000 unless set) into a POP3 account's folders, and copies
// the same file with cp, and prints how many times longer the import
// takes: parsing every message, the full-text index and the duplicate
// check are what it costs over copying bytes. Then the same for a
// maildir of the same messages (cp -r). On a busy machine the CPU time
// of the import is the steadier number. Peak heap is measured by the
// test TestImportAndExportHoldMemoryFlat, not here.
func BenchmarkImportVsCopy(b *testing.B) {
	n := 5000
	if v, err := strconv.Atoi(os.Getenv("TERN_BENCH_IMPORT")); err == nil && v > 0 {
		n = v
	}
	cp, err := exec.LookPath("cp")
	if err != nil {
		testenv.Missing(b, "cp")
	}
	dir := b.TempDir()
	file := filepath.Join(dir, "box.mbox")
	size := writeCorpusMbox(b, file, n)
	md := filepath.Join(dir, "Maildir")
	for i := range n {
		name := filepath.Join(md, "cur", fmt.Sprintf("%d.M%dP1.bench:2,S", 1700000000+i, i))
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(name, corpus.Message(7, i), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	for i := 0; i < b.N; i++ {
		for _, src := range []struct{ what, path string }{{"mbox", file}, {"maildir", md}} {
			syscall.Sync()
			start := time.Now()
			if out, err := exec.Command(cp, "-r", src.path, filepath.Join(b.TempDir(), "copy")).CombinedOutput(); err != nil {
				b.Fatalf("cp: %v %s", err, out)
			}
			tCopy := time.Since(start)

			st := newStore(b)
			syscall.Sync()
			cpu0 := cpuTime()
			start = time.Now()
			boxes, _, err := Scan([]string{src.path})
			if err != nil {
				b.Fatal(err)
			}
			p, err := Import(context.Background(), LocalTarget(st, "acct"), boxes, Options{})
			if err != nil || p.Imported != n {
				b.Fatalf("import: %+v %v", p, err)
			}
			tImport, cpu := time.Since(start), cpuTime()-cpu0
			fmt.Printf("\nimport of %d messages (%.0f MB, %s) on %d cores: %.2f s (%.2f s of CPU); cp: %.3f s; %.0f times cp\n",
				n, float64(size)/1e6, src.what, runtime.GOMAXPROCS(0), tImport.Seconds(), cpu.Seconds(), tCopy.Seconds(), tImport.Seconds()/tCopy.Seconds())
			b.ReportMetric(cpu.Seconds(), src.what+"-cpu-s")
			b.ReportMetric(tImport.Seconds()/tCopy.Seconds(), src.what+"/cp")
			b.ReportMetric(float64(n)/tImport.Seconds(), src.what+"-msgs/s")
		}
	}
}

// cpuTime is the CPU time this process has used, in user and system
// mode: on a busy machine it says what the import costs better than the
// time on the clock does.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
