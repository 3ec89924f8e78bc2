package imap

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tern-mail/tern/accounts"
	"github.com/tern-mail/tern/internal/dovecot"
	"github.com/tern-mail/tern/storage"
	"github.com/tern-mail/tern/storage/message"
)

// BenchmarkFirstSyncConversations measures what keeping conversations
// adds to a first sync: a Dovecot mailbox of TERN_BENCH_MESSAGES messages
// (100,000 unless set) in conversations, the user's replies in Sent, is
// synced in this process into a store that keeps them and into one that
// does not (its conversation tables emptied of work by hand), taking
// turns, three rounds. It prints each sync's time and the processor time
// this process used (parsing on every core, storing on one; Dovecot's
// own is not counted), and the difference, best against best.
func BenchmarkFirstSyncConversations(b *testing.B) {
	n := 100000
	if s := os.Getenv("TERN_BENCH_MESSAGES"); s != "" {
		if v, err := strconv.Atoi(s); err == nil && v > 0 {
			n = v
		}
	}
	srv := dovecot.Start(b, dovecot.Options{})
	srv.AddUser(b, "alice", "alice-pw")
	inbox, sent := conversationMail(n, rand.New(rand.NewSource(5256)))
	if err := srv.DeliverMaildir("alice", "INBOX", inbox, false); err != nil {
		b.Fatal(err)
	}
	if err := srv.DeliverMaildir("alice", "Sent", sent, true); err != nil {
		b.Fatal(err)
	}
	acct := accounts.Account{ID: "alice", Address: "alice@example.org", Protocol: accounts.IMAP,
		Incoming: accounts.Server{Host: "localhost", Port: srv.IMAPSPort, Security: accounts.TLS, Username: "alice"}}
	for i := 0; i < b.N; i++ {
		// One untimed pass: Dovecot builds its index on the first access.
		if _, _, _, err := timeConversationSync(b, acct, true); err != nil {
			b.Fatal(err)
		}
		var took, cpu [2][]time.Duration
		conv := 0
		for r := 0; r < 3; r++ {
			for m, keep := range []bool{true, false} {
				t, c, k, err := timeConversationSync(b, acct, keep)
				if err != nil {
					b.Fatal(err)
				}
				took[m], cpu[m] = append(took[m], t), append(cpu[m], c)
				conv = max(conv, k)
			}
		}
		best := func(ds []time.Duration) time.Duration { return slices.Min(ds) }
		median := func(ds []time.Duration) time.Duration {
			s := slices.Clone(ds)
			slices.Sort(s)
			return s[len(s)/2]
		}
		fmt.Printf("\nFirst sync of %d messages (%d in Sent) in %d conversations, in-process, seconds per run:\n",
			n, len(sent), conv)
		fmt.Printf("  keeping conversations  sync %s, processor %s\n", durations(took[0]), durations(cpu[0]))
		fmt.Printf("  without                sync %s, processor %s\n", durations(took[1]), durations(cpu[1]))
		fmt.Printf("  conversations add %+.1f%% to the sync's time and %+.1f%% to its processor time, best of each (goal: at most 10%%)\n",
			100*(float64(best(took[0]))/float64(best(took[1]))-1), 100*(float64(best(cpu[0]))/float64(best(cpu[1]))-1))
		fmt.Printf("  and %+.1f%% and %+.1f%%, median of each\n",
			100*(float64(median(took[0]))/float64(median(took[1]))-1), 100*(float64(median(cpu[0]))/float64(median(cpu[1]))-1))
		b.ReportMetric(100*(float64(best(took[0]))/float64(best(took[1]))-1), "%-sync-time")
		b.ReportMetric(100*(float64(best(cpu[0]))/float64(best(cpu[1]))-1), "%-processor-time")
	}
}

// timeConversationSync runs a first sync of acct into a new store, which
// keeps conversations or not, and returns its time, the processor time
// it took, and how many conversations the store holds after it.
func timeConversationSync(b *testing.B, acct accounts.Account, keep bool) (took, cpu time.Duration, convs int, err error) {
	ctx := context.Background()
	path := filepath.Join(b.TempDir(), storage.FileName)
	st, err := storage.Open(path)
	if err != nil {
		return 0, 0, 0, err
	}
	if !keep {
		st.Close()
		if err := withoutConversations(path); err != nil {
			return 0, 0, 0, err
		}
		if st, err = storage.Open(path); err != nil {
			return 0, 0, 0, err
		}
	}
	defer st.Close()
	if err := st.EnsureAccount(ctx, acct.ID, acct.Address); err != nil {
		return 0, 0, 0, err
	}
	cpu0 := processCPU()
	start := time.Now()
	if err := SyncOnce(ctx, acct, st, "alice-pw", Options{}); err != nil {
		return 0, 0, 0, err
	}
	took, cpu = time.Since(start), processCPU()-cpu0
	if keep {
		rows, err := st.ListConversations(ctx, storage.ListQuery{AccountID: acct.ID})
		if err != nil {
			return 0, 0, 0, err
		}
		convs = len(rows)
	}
	return took, cpu, convs, nil
}

// withoutConversations makes the store at path keep no conversations: its
// messages look threaded already (message_threads holds an id above any),
// so each transaction only asks whether there is work.
func withoutConversations(path string) error {
	db, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		return err
	}
	defer db.Close()
	for _, q := range []string{`DROP TRIGGER threads_message_delete`, `DROP TABLE message_threads`,
		`CREATE TABLE message_threads(message_id INTEGER PRIMARY KEY)`, `INSERT INTO message_threads VALUES (1 << 62)`} {
		if _, err := db.Exec(q); err != nil {
			return fmt.Errorf("%s: %w", q, err)
		}
	}
	return nil
}

// conversationMail makes n messages of about 1.5 KB in conversations as a
// mailbox has them: over half alone, most others of a few messages, some
// long; a third of the replies the user's (for Sent), one in 25 without
// references. Each folder's messages come oldest first.
func conversationMail(n int, r *rand.Rand) (inbox, sent [][]byte) {
	type mail struct {
		raw  []byte
		date time.Time
		mine bool
	}
	words := strings.Fields("the of and to in is you that it he was for on are as with his they at be this have from or one had by word but not what all were we when your can said there use an each which she do how their if will up other about out many then them these so some her would make like him into time has look two more write go see number no way could people my than first water been call who oil its now find long down day did get come made may part")
	start := time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC)
	var all []mail
	for c := 0; len(all) < n; c++ {
		size := 1
		switch p := r.Intn(100); {
		case p >= 98:
			size = 11 + r.Intn(30)
		case p >= 85:
			size = 4 + r.Intn(7)
		case p >= 55:
			size = 2 + r.Intn(2)
		}
		subject := fmt.Sprintf("Topic %d of the mailbox", c)
		date := start.Add(time.Duration(r.Int63n(int64(3 * 365 * 24 * time.Hour))))
		var chain []string
		for i := 0; i < size && len(all) < n; i++ {
			id := fmt.Sprintf("c%d.m%d@bench.example", c, i)
			from, mine := fmt.Sprintf("Sender %d <s%d@example.org>", r.Intn(500), r.Intn(500)), false
			var h strings.Builder
			subj := subject
			if i > 0 {
				subj = "Re: " + subject
				if r.Intn(25) != 0 {
					fmt.Fprintf(&h, "In-Reply-To: <%s>\r\nReferences: <%s>\r\n", chain[len(chain)-1],
						strings.Join(message.TrimReferences(slices.Clone(chain)), "> <"))
				}
				if r.Intn(3) == 0 {
					from, mine = "Alice <alice@example.org>", true
				}
			}
			fmt.Fprintf(&h, "From: %s\r\nTo: alice@example.org\r\nSubject: %s\r\nDate: %s\r\nMessage-ID: <%s>\r\n"+
				"Content-Type: text/plain; charset=utf-8\r\n\r\n", from, subj, date.Format(time.RFC1123Z), id)
			for w := 0; w < 220; w++ {
				h.WriteString(words[r.Intn(len(words))])
				if w%14 == 13 {
					h.WriteString("\r\n")
				} else {
					h.WriteString(" ")
				}
			}
			all = append(all, mail{[]byte(h.String()), date, mine})
			chain = append(chain, id)
			date = date.Add(time.Duration(1+r.Intn(48)) * time.Hour)
		}
	}
	sort.Slice(all, func(i, j int) bool { return all[i].date.Before(all[j].date) })
	for _, m := range all {
		if m.mine {
			sent = append(sent, m.raw)
		} else {
			inbox = append(inbox, m.raw)
		}
	}
	return inbox, sent
}
