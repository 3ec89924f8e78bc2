package storage

import (
	"context"
	"fmt"
	"math/rand"
	"os"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tern-mail/tern/storage/message"
)

// benchMail is one message of the threaded benchmark mailbox, described
// compactly; raw writes its source.
type benchMail struct {
	id, parent string
	refs       []string
	subject    string
	from       int // sender number; -1 for the user (filed in Sent)
	date       time.Time
	orphan     bool // a reply whose mailer dropped References and In-Reply-To
}

func (m *benchMail) raw(words []string, r *rand.Rand) []byte {
	var b strings.Builder
	from := fmt.Sprintf("Sender %d <s%d@example.org>", m.from, m.from)
	if m.from < 0 {
		from = "Alice <alice@example.org>"
	}
	fmt.Fprintf(&b, "From: %s\r\nTo: alice@example.org\r\nSubject: %s\r\nDate: %s\r\nMessage-ID: <%s>\r\n",
		from, m.subject, m.date.Format(time.RFC1123Z), m.id)
	if m.parent != "" && !m.orphan {
		fmt.Fprintf(&b, "In-Reply-To: <%s>\r\nReferences: <%s>\r\n", m.parent, strings.Join(m.refs, "> <"))
	}
	b.WriteString("Content-Type: text/plain; charset=utf-8\r\n\r\n")
	for i := 0; i < 150; i++ {
		b.WriteString(words[r.Intn(len(words))])
		b.WriteByte(' ')
		if i%12 == 11 {
			b.WriteString("\r\n")
		}
	}
	return []byte(b.String())
}

// benchConversations makes n messages in conversations as a mailbox has
// them: over half alone, most others of a few messages, some long; a
// third of the replies the user's own, and one reply in 25 without
// references. They come back oldest first.
func benchConversations(n int, r *rand.Rand) []*benchMail {
	start := time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC)
	var out []*benchMail
	for c := 0; len(out) < n; c++ {
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
		for i := 0; i < size && len(out) < n; i++ {
			m := &benchMail{id: fmt.Sprintf("c%d.m%d@bench.example", c, i), subject: subject, from: r.Intn(500), date: date}
			if i > 0 {
				m.subject = "Re: " + subject
				m.parent = chain[len(chain)-1]
				m.refs = message.TrimReferences(slices.Clone(chain))
				m.orphan = r.Intn(25) == 0
				if r.Intn(3) == 0 {
					m.from = -1
				}
			}
			chain = append(chain, m.id)
			out = append(out, m)
			date = date.Add(time.Duration(1+r.Intn(48)) * time.Hour)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].date.Before(out[j].date) })
	return out
}

// benchVocabulary is a few hundred words for the bodies.
func benchWords(r *rand.Rand) []string {
	out := make([]string, 800)
	for i := range out {
		w := make([]byte, 3+r.Intn(7))
		for j := range w {
			w[j] = byte('a' + r.Intn(26))
		}
		out[i] = string(w)
	}
	return out
}

// threadBenchStore is one of the two stores the benchmark fills alike.
type threadBenchStore struct {
	s           *Store
	inbox, sent Folder
	took        time.Duration
}

func newThreadBenchStore(b *testing.B, threaded bool) *threadBenchStore {
	s := openTemp(b)
	ctx := context.Background()
	x := &threadBenchStore{s: s, inbox: setupFolder(b, s)}
	var err error
	if x.sent, err = s.EnsureFolder(ctx, "acct", "Sent", "/", RoleSent); err != nil {
		b.Fatal(err)
	}
	if !threaded {
		// A store that keeps no conversations: its messages look threaded
		// already, so each transaction only asks whether there is work.
		for _, q := range []string{`DROP TRIGGER threads_message_delete`,
			`DROP TABLE message_threads`, `CREATE TABLE message_threads(message_id INTEGER PRIMARY KEY)`,
			`INSERT INTO message_threads VALUES (1 << 62)`} {
			if _, err := s.db.Exec(q); err != nil {
				b.Fatal(err)
			}
		}
	}
	return x
}

// BenchmarkThreads100k fills two stores with the same 100,000 messages in
// conversations (TERN_BENCH_THREADS messages when set), as a first IMAP
// sync stores them (each folder newest first, whole messages in batches
// of 2 MiB), one store keeping conversations and one not, and compares
// the processor time their writes took; then it times what the window
// asks of the store with conversations.
func BenchmarkThreads100k(b *testing.B) {
	for i := 0; i < b.N; i++ {
		r := rand.New(rand.NewSource(5256))
		n := 100000
		if v, err := strconv.Atoi(os.Getenv("TERN_BENCH_THREADS")); err == nil && v > 0 {
			n = v // a smaller mailbox, to look into the costs
		}
		mails := benchConversations(n, r)
		words := benchWords(r)
		with, without := newThreadBenchStore(b, true), newThreadBenchStore(b, false)
		parse := fillThreadBench(b, mails, words, r, with, without)
		over := float64(with.took-without.took) / float64(without.took)
		sync := float64(with.took-without.took) / float64(without.took+parse)
		fmt.Printf("\nFirst sync of %d messages in conversations, store side, processor time (each write timed on both stores, alternately first):\n", len(mails))
		fmt.Printf("  storing without conversations   %8.2f s\n", without.took.Seconds())
		fmt.Printf("  storing with conversations      %8.2f s  (+%.1f%%)\n", with.took.Seconds(), 100*over)
		fmt.Printf("  parsing the messages            %8.2f s  (one core)\n", parse.Seconds())
		fmt.Printf("  conversations' share of parsing and storing: +%.1f%% (goal: at most 10%% of the sync)\n", 100*sync)
		b.ReportMetric(100*over, "%-store-time")
		b.ReportMetric(100*sync, "%-parse+store-time")
		timeThreadLists(b, with)
	}
}

// fillThreadBench stores mails in both stores as a first sync would,
// and returns the time parsing them took.
func fillThreadBench(b *testing.B, mails []*benchMail, words []string, r *rand.Rand, stores ...*threadBenchStore) time.Duration {
	ctx := context.Background()
	// The machine may be busy: what is compared is processor time, on
	// one thread (the store's work runs on the calling goroutine).
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	var parse time.Duration
	turn := 0
	for _, sent := range []bool{false, true} {
		var uids []int
		for i, m := range mails {
			if (m.from < 0) == sent {
				uids = append(uids, i)
			}
		}
		// Newest first, in batches of 2 MiB.
		for end := len(uids); end > 0; {
			var batch []FetchedMessage
			size := 0
			for ; end > 0 && size < 2<<20; end-- {
				m := mails[uids[end-1]]
				raw := m.raw(words, r)
				size += len(raw)
				t := threadTime()
				p := PrepareBody(raw)
				parse += threadTime() - t
				batch = append(batch, FetchedMessage{UID: uint32(end), Flags: Flags{Seen: r.Intn(10) != 0}, Size: int64(len(raw)), Received: m.date, Body: p})
			}
			turn++
			for k := range stores {
				x := stores[(k+turn)%len(stores)]
				f := x.inbox
				if sent {
					f = x.sent
				}
				t := threadTime()
				if err := x.s.AddFetchedMessages(ctx, f.ID, batch); err != nil {
					b.Fatal(err)
				}
				x.took += threadTime() - t
			}
		}
	}
	return parse
}

// timeThreadLists times the reads of a list of conversations: the first
// page of the Inbox, a page far down, the Inbox and Sent together, and
// the messages of the longest conversation; with the first page of
// messages for comparison.
func timeThreadLists(b *testing.B, x *threadBenchStore) {
	ctx := context.Background()
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	// The median time on the clock and of processor time: on a busy
	// machine the clock counts other work too.
	median := func(f func() int) (time.Duration, time.Duration, int) {
		var ds, cs []time.Duration
		n := 0
		for i := 0; i < 21; i++ {
			t, c := time.Now(), threadTime()
			n = f()
			ds, cs = append(ds, time.Since(t)), append(cs, threadTime()-c)
		}
		slices.Sort(ds)
		slices.Sort(cs)
		return ds[len(ds)/2], cs[len(cs)/2], n
	}
	list := func(q ListQuery) func() int {
		return func() int {
			rows, err := x.s.ListConversations(ctx, q)
			if err != nil {
				b.Fatal(err)
			}
			return len(rows)
		}
	}
	var longest, inboxTotal int64
	x.s.db.QueryRow(`SELECT thread_id FROM message_threads GROUP BY thread_id ORDER BY count(*) DESC LIMIT 1`).Scan(&longest)
	x.s.db.QueryRow(`SELECT count(DISTINCT mt.thread_id) FROM messages m JOIN message_threads mt ON mt.message_id = m.id
		WHERE m.folder_id = ?`, x.inbox.ID).Scan(&inboxTotal)
	fmt.Printf("\nReading conversations (median of 21), Inbox of %d conversations:\n", inboxTotal)
	for _, c := range []struct {
		what string
		f    func() int
		goal string
	}{
		{"first page of the Inbox's conversations", list(ListQuery{FolderIDs: []int64{x.inbox.ID}, Limit: FirstPage}), "≤ 100 ms"},
		{"a page 30,000 conversations down", list(ListQuery{FolderIDs: []int64{x.inbox.ID}, Limit: FirstPage, Offset: 30000}), ""},
		{"first page of Inbox and Sent together", list(ListQuery{FolderIDs: []int64{x.inbox.ID, x.sent.ID}, Limit: FirstPage}), ""},
		{"the longest conversation's messages", func() int {
			ms, err := x.s.ConversationMessages(ctx, longest, []int64{x.inbox.ID})
			if err != nil {
				b.Fatal(err)
			}
			return len(ms)
		}, ""},
		{"first page of the Inbox's messages (for comparison)", func() int {
			ms, err := x.s.ListMessages(ctx, ListQuery{FolderIDs: []int64{x.inbox.ID}, Limit: FirstPage})
			if err != nil {
				b.Fatal(err)
			}
			return len(ms)
		}, ""},
	} {
		d, cpu, n := median(c.f)
		fmt.Printf("  %-52s %7.1f ms  (processor %5.1f ms, %d rows) %s\n", c.what, float64(d.Microseconds())/1000,
			float64(cpu.Microseconds())/1000, n, c.goal)
		if c.goal != "" {
			b.ReportMetric(float64(d.Microseconds())/1000, "ms-first-page")
		}
	}
}
