package transfer

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/tern-mail/tern/internal/corpus"
	"github.com/tern-mail/tern/storage/message/mbox"
)

// writeCorpusMbox writes n corpus messages to an mbox file and returns
// its size.
func writeCorpusMbox(t testing.TB, name string, n int) int64 {
	t.Helper()
	f, err := os.Create(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	w := mbox.NewWriter(f)
	for i := range n {
		if err := w.Write("sender@example.org", mustDate(nil), corpus.Message(7, i)); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	fi, err := f.Stat()
	if err != nil {
		t.Fatal(err)
	}
	return fi.Size()
}

// liveHeap is the heap in use after a collection: what the program
// holds, not what it has let go of.
func liveHeap() uint64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapAlloc
}

// TestImportAndExportHoldMemoryFlat imports an mbox file, then exports
// it, at two sizes (the larger five times the smaller, both many
// batches) and measures the
// live heap after every batch and page: it must not grow with the
// number of messages.
func TestImportAndExportHoldMemoryFlat(t *testing.T) {
	if testing.Short() {
		t.Skip("imports and exports some 30 MB")
	}
	measure := func(n int) (imp, exp uint64, size int64) {
		dir := t.TempDir()
		file := filepath.Join(dir, "box.mbox")
		size = writeCorpusMbox(t, file, n)
		st := newStore(t)
		boxes, _, err := Scan([]string{file})
		if err != nil {
			t.Fatal(err)
		}
		base := liveHeap()
		opts := Options{BatchMessages: 25, OnProgress: func(Progress) { imp = max(imp, above(liveHeap(), base)) }}
		p, err := Import(context.Background(), LocalTarget(st, "acct"), boxes, opts)
		if err != nil || p.Imported != n {
			t.Fatalf("import of %d: %+v %v", n, p, err)
		}
		base = liveHeap()
		eopts := ExportOptions{OnProgress: func(ExportProgress) { exp = max(exp, above(liveHeap(), base)) }}
		if ep, err := ExportMbox(context.Background(), st, accountFolders(t, st, "acct"), filepath.Join(dir, "out"), eopts); err != nil || ep.Messages != n {
			t.Fatalf("export of %d: %+v %v", n, ep, err)
		}
		return imp, exp, size
	}
	imp1, exp1, size1 := measure(200)
	imp5, exp5, size5 := measure(1000)
	t.Logf("import: %.1f MB held for %.1f MB of mail, %.1f MB for %.1f MB", mb(imp1), mb(uint64(size1)), mb(imp5), mb(uint64(size5)))
	t.Logf("export: %.1f MB held, then %.1f MB", mb(exp1), mb(exp5))
	// A batch is at most 25 messages here (both files are many batches):
	// the heap holds the one being stored and the next being read, parsed,
	// whatever the file's size.
	const slack = 6 << 20
	if imp5 > imp1+slack || imp5 > 48<<20 {
		t.Errorf("import holds %.1f MB for %d messages, %.1f MB for %d", mb(imp5), 1000, mb(imp1), 200)
	}
	if exp5 > exp1+slack || exp5 > 16<<20 {
		t.Errorf("export holds %.1f MB for %d messages, %.1f MB for %d", mb(exp5), 1000, mb(exp1), 200)
	}
}

// above is how much h is over base.
func above(h, base uint64) uint64 { return h - min(h, base) }

func mb(n uint64) float64 { return float64(n) / (1 << 20) }
