package storage

import (
	"context"
	"fmt"
	"hash/fnv"
	"strings"
	"testing"
	"time"
)

// threadBase is the date the threading tests' mail is written around.
var threadBase = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

// mailAt builds a message with Message-ID <id> (none when id is ""),
// from, subject, sent day days after threadBase (hours in fractions),
// and any other header lines.
func mailAt(id, from, subject string, days float64, headers ...string) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "From: %s\r\nTo: alice@example.org\r\nSubject: %s\r\nDate: %s\r\n", from, subject,
		threadBase.Add(time.Duration(days*24*float64(time.Hour))).Format(time.RFC1123Z))
	if id != "" {
		fmt.Fprintf(&b, "Message-ID: <%s>\r\n", id)
	}
	for _, h := range headers {
		b.WriteString(h + "\r\n")
	}
	b.WriteString("Content-Type: text/plain; charset=utf-8\r\n\r\nText.\r\n")
	return []byte(b.String())
}

// threadFixture is a store with an account's Inbox, Sent, Archive and
// Trash.
type threadFixture struct {
	t                           *testing.T
	s                           *Store
	inbox, sent, archive, trash Folder
}

func newThreadFixture(t *testing.T) *threadFixture {
	t.Helper()
	s := openTemp(t)
	f := &threadFixture{t: t, s: s, inbox: setupFolder(t, s)}
	ctx := context.Background()
	var err error
	for _, x := range []struct {
		dst        *Folder
		name, role string
	}{{&f.sent, "Sent", RoleSent}, {&f.archive, "Archive", RoleArchive}, {&f.trash, "Trash", RoleTrash}} {
		if *x.dst, err = s.EnsureFolder(ctx, "acct", x.name, "/", x.role); err != nil {
			t.Fatal(err)
		}
	}
	return f
}

// add stores raw in folder (read, when it is Sent) and returns its id,
// checking that the transaction left no threading work behind.
func (f *threadFixture) add(folder Folder, raw []byte) int64 {
	f.t.Helper()
	id, err := f.s.AddMessage(context.Background(), folder.ID, NewMessage{Raw: raw, Flags: Flags{Seen: folder.Role == RoleSent}})
	if err != nil {
		f.t.Fatal(err)
	}
	f.settled()
	return id
}

// settled fails the test when a committed write left threading work for
// later: conversations are to follow in the same transaction.
func (f *threadFixture) settled() {
	f.t.Helper()
	var n int
	if err := f.s.db.QueryRow(`SELECT (SELECT count(*) FROM messages WHERE id NOT IN (SELECT message_id FROM message_threads))
		+ (SELECT count(*) FROM thread_dirty)`).Scan(&n); err != nil || n != 0 {
		f.t.Fatalf("threading work left after the transaction: %d %v", n, err)
	}
}

// conv returns the conversation of message id.
func (f *threadFixture) conv(id int64) int64 {
	f.t.Helper()
	c, err := f.s.ConversationOf(context.Background(), id)
	if err != nil {
		f.t.Fatal(err)
	}
	return c
}

// same fails unless all the messages are in one conversation.
func (f *threadFixture) same(ids ...int64) {
	f.t.Helper()
	for _, id := range ids[1:] {
		if a, b := f.conv(ids[0]), f.conv(id); a != b {
			f.t.Errorf("messages %d and %d in conversations %d and %d, want one", ids[0], id, a, b)
		}
	}
}

// apart fails when two of the messages are in one conversation.
func (f *threadFixture) apart(ids ...int64) {
	f.t.Helper()
	seen := map[int64]int64{}
	for _, id := range ids {
		c := f.conv(id)
		if o, ok := seen[c]; ok {
			f.t.Errorf("messages %d and %d share conversation %d", o, id, c)
		}
		seen[c] = id
	}
}

// list returns the conversations of folders, as "count:subject" in list
// order, with the rows.
func (f *threadFixture) list(folders ...Folder) ([]string, []Conversation) {
	f.t.Helper()
	q := ListQuery{}
	for _, x := range folders {
		q.FolderIDs = append(q.FolderIDs, x.ID)
	}
	rows, err := f.s.ListConversations(context.Background(), q)
	if err != nil {
		f.t.Fatal(err)
	}
	var out []string
	for _, r := range rows {
		out = append(out, fmt.Sprintf("%d:%s", r.Count, r.Subject))
	}
	return out, rows
}

func (f *threadFixture) wantList(want string, folders ...Folder) []Conversation {
	f.t.Helper()
	got, rows := f.list(folders...)
	if strings.Join(got, " | ") != want {
		f.t.Errorf("conversations: %q, want %q", strings.Join(got, " | "), want)
	}
	return rows
}

// RFC 5256 section 3, step 1.A: References link a message to every
// message its chain names, parent and grandparent alike.
func TestThreadsByReferences(t *testing.T) {
	f := newThreadFixture(t)
	a := f.add(f.inbox, mailAt("a@x", "Bob <bob@x>", "Plans", 0))
	b := f.add(f.inbox, mailAt("b@x", "Carol <carol@x>", "Re: Plans", 1, "References: <a@x>", "In-Reply-To: <a@x>"))
	c := f.add(f.inbox, mailAt("c@x", "Bob <bob@x>", "Re: Plans", 2, "References: <a@x> <b@x>"))
	other := f.add(f.inbox, mailAt("d@x", "Dan <dan@x>", "Other things", 1.5))
	f.same(a, b, c)
	f.apart(a, other)
	rows := f.wantList("3:Plans | 1:Other things", f.inbox)
	r := rows[0]
	if r.Latest.ID != c || !r.Newest.Equal(threadBase.Add(48*time.Hour)) || !r.Oldest.Equal(threadBase) {
		t.Errorf("row: latest %d (want %d), %v – %v", r.Latest.ID, c, r.Oldest, r.Newest)
	}
	if len(r.Participants) != 2 || r.Participants[0].Addr != "bob@x" || r.Participants[1].Addr != "carol@x" {
		t.Errorf("participants %+v, want Bob then Carol once each", r.Participants)
	}
	if r.Unread != 3 || r.Flagged {
		t.Errorf("unread %d flagged %v", r.Unread, r.Flagged)
	}
	if err := f.s.ChangeFlags(context.Background(), []int64{b}, FlagChange{Seen: ptr(true), Flagged: ptr(true)}, false); err != nil {
		t.Fatal(err)
	}
	if rows := f.wantList("3:Plans | 1:Other things", f.inbox); rows[0].Unread != 2 || !rows[0].Flagged {
		t.Errorf("after marking one read and flagged: unread %d flagged %v", rows[0].Unread, rows[0].Flagged)
	}
	msgs, err := f.s.ConversationMessages(context.Background(), f.conv(a), []int64{f.inbox.ID})
	if err != nil || len(msgs) != 3 || msgs[0].ID != a || msgs[1].ID != b || msgs[2].ID != c {
		t.Errorf("conversation messages %v %v, want a, b, c oldest first", summaryIDs(msgs), err)
	}
}

func ptr[T any](v T) *T { return &v }

func summaryIDs(ms []MessageSummary) []int64 {
	var out []int64
	for _, m := range ms {
		out = append(out, m.ID)
	}
	return out
}

// RFC 5256 section 3: without References the first id of In-Reply-To is
// the only reference; with References, In-Reply-To is not read.
func TestThreadsByInReplyToOnly(t *testing.T) {
	f := newThreadFixture(t)
	a := f.add(f.inbox, mailAt("a@x", "Bob <bob@x>", "Question", 0))
	b := f.add(f.inbox, mailAt("b@x", "Carol <carol@x>", "Answer", 1, "In-Reply-To: <a@x> (Bob's message)"))
	f.same(a, b)
	other := f.add(f.inbox, mailAt("o@x", "Dan <dan@x>", "Elsewhere", 0))
	c := f.add(f.inbox, mailAt("c@x", "Eve <eve@x>", "Mixed", 2, "References: <o@x>", "In-Reply-To: <a@x>"))
	f.same(other, c)
	f.apart(a, c)
}

// RFC 5256 section 3, step 1.A's dummy: replies to a message not stored
// here meet through its id; when it comes, it joins them, and a late
// parent that two threads name merges them.
func TestThreadsMissingParent(t *testing.T) {
	f := newThreadFixture(t)
	r1 := f.add(f.inbox, mailAt("r1@x", "Bob <bob@x>", "Re: Trip", 1, "References: <p@x>"))
	r2 := f.add(f.inbox, mailAt("r2@x", "Carol <carol@x>", "Re: Trip", 2, "In-Reply-To: <p@x>"))
	f.same(r1, r2)
	f.wantList("2:Re: Trip", f.inbox)
	p := f.add(f.archive, mailAt("p@x", "Alice <alice@example.org>", "Trip", 0))
	f.same(p, r1, r2)
	f.wantList("3:Trip", f.inbox)

	// x names q, y names g; q arrives naming g: x's and y's threads merge.
	x := f.add(f.inbox, mailAt("x@x", "Bob <bob@x>", "Re: Budget", 3, "In-Reply-To: <q@x>"))
	y := f.add(f.inbox, mailAt("y@x", "Carol <carol@x>", "Re: Budget", 4, "References: <g@x>"))
	f.apart(x, y, p)
	f.wantList("1:Re: Budget | 1:Re: Budget | 3:Trip", f.inbox)
	q := f.add(f.inbox, mailAt("q@x", "Dan <dan@x>", "Re: Budget", 2.5, "References: <g@x>"))
	f.same(x, y, q)
	f.apart(x, p)
	f.wantList("3:Re: Budget | 3:Trip", f.inbox)
	var threads, ids int
	f.s.db.QueryRow(`SELECT (SELECT count(*) FROM threads), (SELECT count(*) FROM thread_ids)`).Scan(&threads, &ids)
	if threads != 2 || ids != 7 { // p r1 r2, x y q g
		t.Errorf("%d threads and %d ids stored, want 2 and 7", threads, ids)
	}
}

// RFC 5256 section 3, step 5, narrowed: a reply without references joins
// the conversation its base subject names, started at most 30 days before;
// two messages that are not replies never join by subject.
func TestThreadsBySubject(t *testing.T) {
	f := newThreadFixture(t)
	start := f.add(f.inbox, mailAt("s@x", "Bob <bob@x>", "Lunch on Friday", 0))
	reply := f.add(f.sent, mailAt("r@x", "Alice <alice@example.org>", "RE: [team] Re:  lunch  on friday", 1))
	fwd := f.add(f.inbox, mailAt("f@x", "Carol <carol@x>", "Fwd: Lunch on Friday", 2))
	late := f.add(f.inbox, mailAt("l@x", "Dan <dan@x>", "Re: Lunch on Friday", 40))
	again := f.add(f.inbox, mailAt("a@x", "Bob <bob@x>", "Lunch on Friday", 7))
	f.same(start, reply, fwd)
	f.apart(start, late, again)
	noID := f.add(f.inbox, mailAt("", "Eve <eve@x>", "Re: Lunch on Friday", 8))
	f.same(again, noID)

	// A reply stored before the message it answers is taken in when
	// that comes; one too late for it is not.
	r1 := f.add(f.inbox, mailAt("q1@x", "Bob <bob@x>", "Re: Garden", 61))
	r2 := f.add(f.inbox, mailAt("q2@x", "Bob <bob@x>", "Aw: Garden", 62))
	r3 := f.add(f.inbox, mailAt("q3@x", "Bob <bob@x>", "Re: Garden", 95))
	g := f.add(f.inbox, mailAt("g@x", "Carol <carol@x>", "Garden", 60))
	f.same(g, r1, r2)
	f.apart(g, r3)
	// Empty base subjects join nothing.
	e1 := f.add(f.inbox, mailAt("e1@x", "Bob <bob@x>", "", 100))
	e2 := f.add(f.inbox, mailAt("e2@x", "Bob <bob@x>", "Re:", 100.5))
	f.apart(e1, e2)
}

func TestBaseSubject(t *testing.T) {
	for in, want := range map[string]struct {
		base  string
		reply bool
	}{
		"Lunch":                          {"Lunch", false},
		"Re: Lunch":                      {"Lunch", true},
		"RE:re: Lunch":                   {"Lunch", true},
		"Re[2]: Lunch":                   {"Lunch", true},
		"[team] Lunch":                   {"Lunch", false},
		"[team] Re: [team] Lunch":        {"Lunch", true},
		"Lunch (fwd)":                    {"Lunch", true},
		"[Fwd: Re: Lunch]":               {"Lunch", true},
		"  Lunch\t  on   Friday ":        {"Lunch on Friday", false},
		"[only a tag]":                   {"[only a tag]", false},
		"Re: [only a tag]":               {"[only a tag]", true},
		"":                               {"", false},
		strings.Repeat("[a]", 500) + "x": {strings.Repeat("[a]", 500-maxSubjectRounds) + "x", false},
	} {
		base, reply := baseSubject(in)
		if base != want.base || reply != want.reply {
			t.Errorf("baseSubject(%.40q) = %.40q, %v; want %.40q, %v", in, base, reply, want.base, want.reply)
		}
	}
}

// A reply filed in Sent joins the conversation of the Inbox message it
// answers: the Inbox lists one conversation of both, where its own message
// is, and so does Sent, where the reply is.
func TestThreadsReplyInSentJoinsTheInbox(t *testing.T) {
	f := newThreadFixture(t)
	ctx := context.Background()
	a := f.add(f.inbox, mailAt("a@x", "Bob <bob@x>", "Dinner", 0))
	f.add(f.inbox, mailAt("n@x", "News <news@x>", "Newsletter", 0.5))
	reply := f.add(f.sent, mailAt("b@example.org", "Alice <alice@example.org>", "Re: Dinner", 1,
		"In-Reply-To: <a@x>", "References: <a@x>"))
	f.same(a, reply)
	rows := f.wantList("1:Newsletter | 2:Dinner", f.inbox)
	d := rows[1]
	if d.Latest.ID != a || !d.Newest.Equal(threadBase.Add(24*time.Hour)) || d.Unread != 1 || d.AccountID != "acct" {
		t.Errorf("Inbox row: latest %d (want the Inbox's own %d), newest %v, unread %d", d.Latest.ID, a, d.Newest, d.Unread)
	}
	if p := d.Participants; len(p) != 2 || p[1].Addr != "alice@example.org" {
		t.Errorf("participants %+v", p)
	}
	sent := f.wantList("2:Dinner", f.sent)
	if sent[0].ID != d.ID || sent[0].Latest.ID != reply {
		t.Errorf("Sent lists conversation %d (latest %d), Inbox %d", sent[0].ID, sent[0].Latest.ID, d.ID)
	}
	msgs, err := f.s.ConversationMessages(ctx, d.ID, []int64{f.inbox.ID})
	if err != nil || fmt.Sprint(summaryIDs(msgs)) != fmt.Sprint([]int64{a, reply}) || msgs[1].FolderRole != RoleSent {
		t.Errorf("conversation messages %v %v", summaryIDs(msgs), err)
	}
	// Another account's mail never joins: threads stay in their account.
	if err := f.s.EnsureAccount(ctx, "other", "alice@example.net"); err != nil {
		t.Fatal(err)
	}
	oin, err := f.s.EnsureFolder(ctx, "other", "INBOX", "/", RoleInbox)
	if err != nil {
		t.Fatal(err)
	}
	o := f.add(oin, mailAt("c@x", "Bob <bob@x>", "Re: Dinner", 2, "References: <a@x>"))
	f.apart(a, o)
	f.wantList("1:Newsletter | 2:Dinner", f.inbox)
	f.wantList("1:Re: Dinner", oin)
	f.wantList("1:Re: Dinner | 1:Newsletter | 2:Dinner", f.inbox, oin)
}

// The same message in two folders (a Gmail label and "All Mail") is one
// message of its conversation.
func TestThreadsCountACopyOnce(t *testing.T) {
	f := newThreadFixture(t)
	raw := mailAt("a@x", "Bob <bob@x>", "Photos", 0)
	a := f.add(f.inbox, raw)
	all := f.add(f.archive, raw)
	f.add(f.archive, mailAt("b@x", "Carol <carol@x>", "Re: Photos", 1, "References: <a@x>"))
	f.same(a, all)
	f.wantList("2:Photos", f.inbox)
	msgs, err := f.s.ConversationMessages(context.Background(), f.conv(a), []int64{f.inbox.ID})
	if err != nil || len(msgs) != 2 || msgs[0].ID != a {
		t.Errorf("conversation messages %v %v, want the Inbox's copy and the reply", summaryIDs(msgs), err)
	}
}

// fnv64a is FNV-1a, as hash/fnv computes it.
func TestFNV64a(t *testing.T) {
	for _, c := range [][2]string{{"", ""}, {"acct", "a@x"}, {"ä", "\x00\xff"}} {
		h := fnv.New64a()
		h.Write([]byte(c[0] + "\x00" + c[1]))
		if got, want := fnv64a(c[0], c[1]), int64(h.Sum64()); got != want {
			t.Errorf("fnv64a(%q, %q) = %x, want %x", c[0], c[1], got, want)
		}
	}
}
