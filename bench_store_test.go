package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tern-mail/tern/accounts"
	"github.com/tern-mail/tern/storage"
)

// The store benchmarks (cold start, search) share one profile of
// bigInbox messages in the first account's Inbox plus otherMail in its
// Sent folder and a second account's Inbox, built once per run through
// the store's own API (not over IMAP: only the size matters here).
// TERN_BENCH_STORE names a directory to keep that profile in and to take
// it from when it is there already (it takes ~30 s to build).
const (
	bigInbox  = 100000
	otherMail = 5000
)

var (
	bigOnce    sync.Once
	bigProfile string
	bigErr     error
)

// bigStore returns a profile directory holding the benchmark mailbox,
// building it the first time. Its two POP3 accounts point at a closed
// port, so a window started on it stays offline and leaves the mail as
// it is.
func bigStore(b *testing.B) string {
	b.Helper()
	bigOnce.Do(func() {
		bigProfile, bigErr = buildBigStore()
	})
	if bigErr != nil {
		b.Fatal(bigErr)
	}
	return bigProfile
}

func buildBigStore() (string, error) {
	dir := os.Getenv("TERN_BENCH_STORE")
	if dir != "" {
		if _, err := os.Stat(filepath.Join(dir, "complete")); err == nil {
			return dir, nil
		}
		os.RemoveAll(dir)
	} else {
		var err error
		if dir, err = os.MkdirTemp("", "tern-bench-100k-"); err != nil {
			return "", err
		}
	}
	if err := accounts.EnsureProfile(dir); err != nil {
		return "", err
	}
	st, err := storage.Open(filepath.Join(dir, storage.FileName))
	if err != nil {
		return "", err
	}
	defer st.Close()
	m, err := accounts.NewManager(dir, st, accounts.NewMemory())
	if err != nil {
		return "", err
	}
	ctx := context.Background()
	r := rand.New(rand.NewSource(17))
	words := benchVocabulary(r)
	zipf := rand.NewZipf(r, 1.1, 1, uint64(len(words)-1))
	fill := func(address string, folders map[string]int) error {
		a, err := m.Add(ctx, accounts.Account{Name: "Bench", Address: address, Protocol: accounts.POP3,
			Incoming: accounts.Server{Host: "127.0.0.1", Port: 1, Security: accounts.TLS, Username: address},
			Outgoing: accounts.Server{Host: "127.0.0.1", Port: 1, Security: accounts.TLS, Username: address},
		}, "not-used")
		if err != nil {
			return err
		}
		for name, n := range folders {
			f, err := st.FolderByName(ctx, a.ID, name)
			if err != nil {
				return err
			}
			base := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
			batch := make([]storage.NewMessage, 0, 1000)
			for i := 0; i < n; i++ {
				raw := benchMessage(r, zipf, words, address, base.Add(time.Duration(i)*17*time.Minute), i)
				batch = append(batch, storage.NewMessage{UIDL: fmt.Sprintf("%s-%d", name, i), Raw: raw,
					Flags: storage.Flags{Seen: r.Intn(10) != 0}})
				if len(batch) == cap(batch) || i == n-1 {
					if _, err := st.AddMessages(ctx, f.ID, batch); err != nil {
						return err
					}
					batch = batch[:0]
				}
			}
		}
		return nil
	}
	if err := fill("first@bench.example", map[string]int{"Inbox": bigInbox, "Sent": otherMail}); err != nil {
		return "", err
	}
	if err := fill("second@bench.example", map[string]int{"Inbox": otherMail}); err != nil {
		return "", err
	}
	return dir, os.WriteFile(filepath.Join(dir, "complete"), nil, 0o600)
}

// benchVocabulary makes 5,000 distinct pronounceable words; drawn with
// a Zipf distribution they give text whose word frequencies look like a
// language's.
func benchVocabulary(r *rand.Rand) []string {
	cons := []string{"b", "c", "d", "f", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "st", "tr", "pl"}
	vow := []string{"a", "e", "i", "o", "u", "ai", "ou"}
	seen := map[string]bool{}
	var out []string
	for len(out) < 5000 {
		var w strings.Builder
		for s := 0; s < 1+r.Intn(3); s++ {
			w.WriteString(cons[r.Intn(len(cons))])
			w.WriteString(vow[r.Intn(len(vow))])
		}
		if r.Intn(3) == 0 {
			w.WriteString(cons[r.Intn(len(cons))])
		}
		if s := w.String(); len(s) >= 3 && !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// benchMessage writes one plain-text message of about 1.5 KB.
func benchMessage(r *rand.Rand, zipf *rand.Zipf, words []string, to string, date time.Time, i int) []byte {
	text := func(n int) string {
		w := make([]string, n)
		for j := range w {
			w[j] = words[zipf.Uint64()]
		}
		return strings.Join(w, " ")
	}
	sender := words[r.Intn(300)]
	var body strings.Builder
	for p := 0; p < 3; p++ {
		body.WriteString(text(60 + r.Intn(40)))
		body.WriteString("\r\n\r\n")
	}
	return []byte(fmt.Sprintf("From: %s <%s@example.org>\r\nTo: %s\r\nSubject: %s\r\nDate: %s\r\n"+
		"Message-ID: <%d.%s@bench.example>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n%s",
		strings.ToUpper(sender[:1])+sender[1:], sender, to, text(3+r.Intn(6)), date.Format(time.RFC1123Z),
		i, to, body.String()))
}

// BenchmarkColdStart100k starts the real binary under Xvfb on the store of
// bigStore (100,000 messages in the Inbox the window opens) and times it
// from the start of the process to the message list showing its first
// page, and to its showing the whole folder, with the process's peak RSS
// at each.
func BenchmarkColdStart100k(b *testing.B) {
	profile := bigStore(b)
	display, _ := startXvfb(b)
	bin := ternBinary(b)
	const rounds = 3
	var first []time.Duration
	var rssFirst, rssSettled int64
	for i := 0; i < b.N; i++ {
		for r := 0; r < rounds; r++ {
			f, rs, rf := coldStart(b, bin, profile, display)
			first = append(first, f)
			rssFirst, rssSettled = max(rssFirst, rf), max(rssSettled, rs)
		}
		fmt.Printf("\nCold start of the window under Xvfb with %d messages in its Inbox (%d in all), best of %d (peak RSS: the highest):\n",
			bigInbox, bigInbox+2*otherMail, rounds)
		printTable([][]string{
			{"start to the Inbox's first page listed", secs(best(first)), "", "", "≤ 1.5 s"},
			{"peak RSS by then", mbytes(rssFirst), "", "", "≤ 200 MB"},
			{fmt.Sprintf("peak RSS %.0f s later", settle.Seconds()), mbytes(rssSettled), "", "", "≤ 200 MB"},
		})
		fmt.Printf("  runs: first page %s\n", runs(first))
		b.ReportMetric(best(first).Seconds(), "s-to-first-page")
		b.ReportMetric(float64(rssSettled)/1e6, "MB-peak-RSS")
	}
}

// settle is how long the cold-start benchmark lets the window run after
// its first page before it reads the peak RSS again.
const settle = 3 * time.Second

// coldStart runs the window once on profile until its list shows the
// Inbox's first page (the window prints a line per list shown when
// TERN_BENCH_READY is set) and returns the time to it, the peak RSS
// settle later and the peak RSS at that first page.
func coldStart(b *testing.B, bin, profile, display string) (first time.Duration, rssSettled, rssFirst int64) {
	app := exec.Command(bin, "--profile", profile)
	app.Env = append(os.Environ(), "DISPLAY="+display, "LANG=en_US.UTF-8", benchReadyEnv+"=1")
	stderr, err := app.StderrPipe()
	if err != nil {
		b.Fatal(err)
	}
	start := time.Now()
	if err := app.Start(); err != nil {
		b.Fatal(err)
	}
	defer func() { app.Process.Kill(); app.Wait() }()
	status := fmt.Sprintf("/proc/%d/status", app.Process.Pid)
	var log []string
	sc := bufio.NewScanner(stderr)
	for sc.Scan() {
		line := sc.Text()
		var n int
		if _, err := fmt.Sscanf(line, "tern: list shows %d messages", &n); err != nil {
			log = append(log, line)
			continue
		}
		if n == 0 {
			continue // an empty folder shown before the Inbox
		}
		first, rssFirst = time.Since(start), procPeakRSS(status)
		go io.Copy(io.Discard, stderr)
		// The window goes on starting (the engine tries the accounts'
		// servers); its peak a while later is what it needs to run.
		time.Sleep(settle)
		return first, procPeakRSS(status), rssFirst
	}
	b.Fatalf("tern ended before listing its Inbox:\n%s", strings.Join(log, "\n"))
	return
}

// BenchmarkSearch100k times searches through the store's API over the
// store of bigStore: one- and two-word queries in the Inbox of 100,000
// messages, and across every folder of both accounts, as the window asks
// them. It prints the median of many queries of each kind.
func BenchmarkSearch100k(b *testing.B) {
	profile := bigStore(b)
	st, err := storage.Open(filepath.Join(profile, storage.FileName))
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	ctx := context.Background()
	accts, err := st.Folders(ctx, "")
	if err != nil {
		b.Fatal(err)
	}
	var inbox int64
	for _, f := range accts {
		if f.Role == storage.RoleInbox && f.Total == bigInbox {
			inbox = f.ID
		}
	}
	if inbox == 0 {
		b.Fatal("no Inbox of the benchmark's size")
	}
	// Queries are words drawn like the text's own: common ones that match
	// thousands of messages and rarer ones, two-word ones likewise.
	r := rand.New(rand.NewSource(42))
	words := benchVocabulary(rand.New(rand.NewSource(17)))
	zipf := rand.NewZipf(r, 1.1, 1, uint64(len(words)-1))
	const queries = 100
	one := make([]string, queries)
	two := make([]string, queries)
	for i := range one {
		one[i] = words[zipf.Uint64()]
		two[i] = words[zipf.Uint64()] + " " + words[zipf.Uint64()]
	}
	median := func(folder int64, qs []string) (time.Duration, int) {
		var ds []time.Duration
		hits := 0
		for _, q := range qs {
			start := time.Now()
			sq := storage.SearchQuery{Text: q, Limit: searchLimit}
			if folder != 0 {
				sq.FolderIDs = []int64{folder}
			}
			rows, err := st.Search(ctx, sq)
			ds = append(ds, time.Since(start))
			if err != nil {
				b.Fatal(err)
			}
			hits += len(rows)
		}
		slices.Sort(ds)
		return ds[len(ds)/2], hits / len(qs)
	}
	for i := 0; i < b.N; i++ {
		st.Search(ctx, storage.SearchQuery{Text: "warm", Limit: searchLimit}) // the first query reads the index in
		m1, h1 := median(inbox, one)
		m2, h2 := median(inbox, two)
		a1, g1 := median(0, one)
		a2, g2 := median(0, two)
		fmt.Printf("\nSearch through the store, %d queries of each kind, results limited to %d as the window asks:\n", queries, searchLimit)
		printTable([][]string{
			{fmt.Sprintf("one word, Inbox of %d (%d results on average)", bigInbox, h1), ms(m1), "", "", "≤ 50 ms"},
			{fmt.Sprintf("two words, Inbox of %d (%d results)", bigInbox, h2), ms(m2), "", "", "≤ 50 ms"},
			{fmt.Sprintf("one word, all folders of two accounts (%d results)", g1), ms(a1), "", "", "≤ 200 ms"},
			{fmt.Sprintf("two words, all folders of two accounts (%d results)", g2), ms(a2), "", "", "≤ 200 ms"},
		})
		b.ReportMetric(float64(max(m1, m2).Microseconds())/1000, "ms-median-folder")
		b.ReportMetric(float64(max(a1, a2).Microseconds())/1000, "ms-median-all")
	}
}

// searchLimit is how many results the window asks a search for first
// (gui/messagelist.go): a page; it reads more as the user scrolls.
const searchLimit = storage.FirstPage

func ms(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d.Microseconds())/1000) }
