package imap

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tern-mail/tern/accounts"
	"github.com/tern-mail/tern/internal/corpus"
	"github.com/tern-mail/tern/internal/dovecot"
	"github.com/tern-mail/tern/storage"
)

// BenchmarkFirstSyncFirstRows runs first syncs of a corpus mailbox
// (TERN_BENCH_MESSAGES, 10,000 unless set) inside this process, three
// rounds, each round one sync as Tern does it and one with no row listed
// before the folder is handed over to be fetched whole (firstRows = 0,
// as before). It prints, for each, how long after the sync started the
// account's first 500 rows could be listed, seen through the store's
// notifications, and how long the sync took. The two take turns, so that
// a machine shared with other work slows both alike.
func BenchmarkFirstSyncFirstRows(b *testing.B) {
	const rows, rounds = 500, 3
	n := 10000
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
	modes := []struct {
		name  string
		first int
	}{{"newest 500 by envelope first", firstRows}, {"whole from the start (before)", 0}}
	defer func(old int) { firstRows = old }(firstRows)
	for i := 0; i < b.N; i++ {
		// One untimed pass: Dovecot builds its index on the first access.
		if _, _, err := timeFirstSync(b, acct, rows); err != nil {
			b.Fatal(err)
		}
		listed := make([][]time.Duration, len(modes))
		took := make([][]time.Duration, len(modes))
		for r := 0; r < rounds; r++ {
			for m, mode := range modes {
				firstRows = mode.first
				l, t, err := timeFirstSync(b, acct, rows)
				if err != nil {
					b.Fatal(err)
				}
				listed[m] = append(listed[m], l)
				took[m] = append(took[m], t)
			}
		}
		fmt.Printf("\nfirst sync of %d messages (%.0f MB) in-process, %d rounds, each mode's runs in seconds:\n",
			n, float64(total)/1e6, rounds)
		for m, mode := range modes {
			fmt.Printf("  %-31s first %d rows listed %s; sync %s\n", mode.name, rows, durations(listed[m]), durations(took[m]))
		}
		b.ReportMetric(minDuration(listed[0]).Seconds(), "s-to-500-rows")
		b.ReportMetric(minDuration(took[0]).Seconds(), "s-first-sync")
		b.ReportMetric(minDuration(listed[1]).Seconds(), "s-to-500-rows-before")
		b.ReportMetric(minDuration(took[1]).Seconds(), "s-first-sync-before")
	}
}

// timeFirstSync runs a first sync of acct into a new store and returns
// how long after its start the store first listed rows messages (a
// subscriber to its changes counts them on every change of messages) and
// how long the sync took.
func timeFirstSync(b *testing.B, acct accounts.Account, rows int) (listed, took time.Duration, err error) {
	ctx := context.Background()
	st, err := storage.Open(filepath.Join(b.TempDir(), storage.FileName))
	if err != nil {
		return 0, 0, err
	}
	defer st.Close()
	if err := st.EnsureAccount(ctx, acct.ID, acct.Address); err != nil {
		return 0, 0, err
	}
	sub := st.Subscribe()
	defer sub.Close()
	seen := make(chan time.Duration, 1)
	stop := make(chan struct{})
	start := time.Now()
	go func() {
		for {
			select {
			case c := <-sub.C():
				if c&storage.ChangeMessages == 0 {
					continue
				}
				l, err := st.ListMessages(ctx, storage.ListQuery{AccountID: acct.ID, Limit: rows})
				if err == nil && len(l) >= rows {
					seen <- time.Since(start)
					return
				}
			case <-stop:
				seen <- -1
				return
			}
		}
	}()
	err = SyncOnce(ctx, acct, st, "alice-pw", Options{})
	took = time.Since(start)
	close(stop)
	return <-seen, took, err
}

// durations formats ds in seconds, two decimals each.
func durations(ds []time.Duration) string {
	s := make([]string, len(ds))
	for i, d := range ds {
		s[i] = fmt.Sprintf("%.2f", d.Seconds())
	}
	return strings.Join(s, " ")
}

// minDuration returns the shortest of ds.
func minDuration(ds []time.Duration) time.Duration {
	m := ds[0]
	for _, d := range ds[1:] {
		m = min(m, d)
	}
	return m
}
