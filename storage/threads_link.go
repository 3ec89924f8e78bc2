package storage

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
)

// Bounds on what one message brings to threading.
const (
	// maxThreadRefs is how many of the first and of the last ids of a
	// message's References count: the first names the conversation's
	// start, the last its parent, as in a reply Tern writes
	// (message.TrimReferences). 50,000 ids cost no more than 40.
	maxThreadRefs = 20
	// maxThreadIDLen is the longest message id threading uses; a longer
	// one (no mailer writes them) is left out.
	maxThreadIDLen = 255
)

// threadMsg is what threading reads of a new message.
type threadMsg struct {
	id      int64
	account string
	keys    []int64 // the idKey of its ids (threadIDs), each once
	named   bool    // it has references
	subject string
	date    int64
	thread  int64 // the thread it joined
}

// root reports whether the message names no other: the start of a
// conversation, or a reply that lost its references.
func (m *threadMsg) root() bool { return !m.named }

// setIDs gives m the keys of its ids.
func (m *threadMsg) setIDs(ids []string) {
	m.named = len(ids) > 1
	for _, id := range ids {
		if id == "" {
			continue
		}
		if k := idKey(m.account, id); !slices.Contains(m.keys, k) {
			m.keys = append(m.keys, k)
		}
	}
}

// threadIDs returns the ids a message threads by: its own Message-ID ("" when
// unusable), then its references (RFC 5256 section 3): those of References,
// or without any, the first of In-Reply-To. Of References only the first
// and last maxThreadRefs count; ids too long, repeated, or naming the
// message itself are left out.
func threadIDs(own, inReplyTo, refs string) []string {
	if len(own) > maxThreadIDLen {
		own = ""
	}
	out := make([]string, 1, 8)
	out[0] = own
	add := func(id string) {
		if id != "" && len(id) <= maxThreadIDLen && !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	head, tail := boundedFields(refs, maxThreadRefs)
	for _, id := range head {
		add(id)
	}
	for _, id := range tail {
		add(id)
	}
	if len(head) == 0 {
		add(inReplyTo)
	}
	return out
}

// boundedFields returns the first n space-separated fields of s and, when
// there are more, up to n of the last (in order), reading only as much of
// s as those need.
func boundedFields(s string, n int) (head, tail []string) {
	rest := s
	for len(head) < n {
		rest = strings.TrimLeft(rest, " ")
		if rest == "" {
			return head, nil
		}
		f, r, _ := strings.Cut(rest, " ")
		head = append(head, f)
		rest = r
	}
	for len(tail) < n {
		rest = strings.TrimRight(rest, " ")
		if rest == "" {
			break
		}
		i := strings.LastIndexByte(rest, ' ')
		tail = append(tail, rest[i+1:])
		rest = rest[:max(i, 0)]
	}
	for i, j := 0, len(tail)-1; i < j; i, j = i+1, j-1 {
		tail[i], tail[j] = tail[j], tail[i]
	}
	return head, tail
}

// linkNew threads the messages added since the last time, account by
// account.
func (st *threadState) linkNew(ctx context.Context) error {
	msgs, err := st.readNew(ctx)
	if err != nil || len(msgs) == 0 {
		return err
	}
	byAccount := map[string][]*threadMsg{}
	var order []string
	for _, m := range msgs {
		if byAccount[m.account] == nil {
			order = append(order, m.account)
		}
		byAccount[m.account] = append(byAccount[m.account], m)
	}
	for _, a := range order {
		if err := st.linkAccount(ctx, a, byAccount[a]); err != nil {
			return err
		}
	}
	for _, a := range order {
		if err := st.bySubject(ctx, a, byAccount[a]); err != nil {
			return err
		}
	}
	return nil
}

// readNew reads the messages added since the last time, in the order they
// were added.
func (st *threadState) readNew(ctx context.Context) ([]*threadMsg, error) {
	rows, err := st.tx.sqlTx.QueryContext(ctx, `SELECT m.id, m.account_id, m.message_id, m.in_reply_to, m.refs, m.subject, m.date
		FROM messages m WHERE m.id > `+threadedUpTo+` ORDER BY m.id`)
	if err != nil {
		return nil, fmt.Errorf("storage: threads: read new messages: %w", err)
	}
	defer rows.Close()
	var out []*threadMsg
	for rows.Next() {
		m := &threadMsg{}
		var own, irt, refs string
		if err := rows.Scan(&m.id, &m.account, &own, &irt, &refs, &m.subject, &m.date); err != nil {
			return nil, fmt.Errorf("storage: threads: read new messages: %w", err)
		}
		m.setIDs(threadIDs(own, irt, refs))
		out = append(out, m)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("storage: threads: read new messages: %w", err)
	}
	return out, nil
}

// component is a set of new messages linked by their ids, with the keys
// of the ids not yet known and the threads already known that they link
// to.
type component struct {
	msgs    []*threadMsg
	newKeys []int64
	threads []int64
}

// linkAccount gives the new messages of one account their threads:
// messages that share ids, directly or through other messages, end in one
// thread, which is the one their ids already belong to, the merge of
// several, or a new one.
func (st *threadState) linkAccount(ctx context.Context, account string, msgs []*threadMsg) error {
	known, err := st.knownIDs(ctx, msgs)
	if err != nil {
		return err
	}
	comps := components(msgs, known)
	var next int64
	if err := st.tx.queryRow(ctx, `SELECT coalesce(max(id), 0) + 1 FROM threads`).Scan(&next); err != nil {
		return fmt.Errorf("storage: threads: %w", err)
	}
	var fresh, grown, idRows [][2]any
	for _, c := range comps {
		var t int64
		rows := len(c.newKeys) + len(c.msgs)
		if len(c.threads) == 0 {
			t = next
			next++
			fresh = append(fresh, [2]any{t, rows})
		} else {
			t = c.threads[0]
			for _, o := range c.threads[1:] {
				if t, err = st.merge(ctx, t, o); err != nil {
					return err
				}
			}
			grown = append(grown, [2]any{t, rows})
		}
		for _, k := range c.newKeys {
			idRows = append(idRows, [2]any{k, t})
		}
		for _, m := range c.msgs {
			m.thread = t
		}
	}
	return st.store(ctx, account, fresh, grown, idRows, msgs)
}

// idKey is the key of message id in account's thread_ids: a 64-bit
// FNV-1a hash of both. Two ids with one key are one: by chance that takes
// billions of ids, and on purpose it gains a stranger nothing that naming
// the real id in References would not.
func idKey(account, id string) int64 { return fnv64a(account, id) }

// fnv64a is the 64-bit FNV-1a hash of a and b with a zero byte between.
func fnv64a(a, b string) int64 {
	const offset, prime = 14695981039346656037, 1099511628211
	h := uint64(offset)
	for i := 0; i < len(a); i++ {
		h = (h ^ uint64(a[i])) * prime
	}
	h *= prime // the zero byte
	for i := 0; i < len(b); i++ {
		h = (h ^ uint64(b[i])) * prime
	}
	return int64(h)
}

// knownIDs returns the thread of each key of msgs' ids the store knows.
func (st *threadState) knownIDs(ctx context.Context, msgs []*threadMsg) (map[int64]int64, error) {
	var keys []int64
	for _, m := range msgs {
		keys = append(keys, m.keys...)
	}
	known := map[int64]int64{}
	if len(keys) == 0 {
		return known, nil
	}
	arg, err := jsonArg(keys)
	if err != nil {
		return nil, err
	}
	rows, err := st.tx.sqlTx.QueryContext(ctx, `SELECT key, thread_id FROM thread_ids
		WHERE key IN (SELECT value FROM json_each(?))`, arg)
	if err != nil {
		return nil, fmt.Errorf("storage: threads: look up ids: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var k, t int64
		if err := rows.Scan(&k, &t); err != nil {
			return nil, fmt.Errorf("storage: threads: look up ids: %w", err)
		}
		known[k] = t
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("storage: threads: look up ids: %w", err)
	}
	return known, nil
}

// components groups msgs by the ids they share (union-find over messages,
// ids and the threads known ids belong to), in the order of their first
// message.
func components(msgs []*threadMsg, known map[int64]int64) []*component {
	type node struct {
		thread bool // a known thread, else an id's key
		v      int64
	}
	nodes := map[node]int{}
	parent := make([]int, len(msgs))
	for i := range parent {
		parent[i] = i
	}
	find := func(x int) int {
		for parent[x] != x {
			parent[x] = parent[parent[x]]
			x = parent[x]
		}
		return x
	}
	union := func(a int, n node) {
		b, ok := nodes[n]
		if !ok {
			b = len(parent)
			parent = append(parent, b)
			nodes[n] = b
		}
		if ra, rb := find(a), find(b); ra != rb {
			parent[max(ra, rb)] = min(ra, rb)
		}
	}
	for i, m := range msgs {
		for _, k := range m.keys {
			union(i, node{false, k})
			if t, ok := known[k]; ok {
				union(i, node{true, t})
			}
		}
	}
	return gather(msgs, known, find)
}

// gather collects the components union-find made, with each one's keys
// not yet known and the known threads it links.
func gather(msgs []*threadMsg, known map[int64]int64, find func(int) int) []*component {
	byRoot := map[int]*component{}
	var out []*component
	seen := map[int64]bool{}
	for i, m := range msgs {
		c := byRoot[find(i)]
		if c == nil {
			c = &component{}
			byRoot[find(i)] = c
			out = append(out, c)
		}
		c.msgs = append(c.msgs, m)
		for _, k := range m.keys {
			if seen[k] {
				continue
			}
			seen[k] = true
			if t, ok := known[k]; ok {
				c.addThread(t)
			} else {
				c.newKeys = append(c.newKeys, k)
			}
		}
	}
	return out
}

// addThread notes that c links to known thread t, once, keeping them in
// order.
func (c *component) addThread(t int64) {
	i := sort.Search(len(c.threads), func(i int) bool { return c.threads[i] >= t })
	if i < len(c.threads) && c.threads[i] == t {
		return
	}
	c.threads = append(c.threads, 0)
	copy(c.threads[i+1:], c.threads[i:])
	c.threads[i] = t
}

// store writes what linkAccount decided: the new threads, the sizes of
// those that grew, the keys of the new ids and each message's thread.
func (st *threadState) store(ctx context.Context, account string, fresh, grown, idRows [][2]any, msgs []*threadMsg) error {
	rows := make([][5]any, len(msgs))
	for i, m := range msgs {
		rows[i] = [5]any{m.id, m.thread, nil, false, m.date}
		if m.root() {
			if key, reply, ok := subjectKey(account, m.subject); ok {
				rows[i][2], rows[i][3] = key, reply
			}
		}
	}
	for _, w := range []struct {
		q       string
		rows    any
		n       int
		account bool // the statement takes the account before the rows
	}{
		{`INSERT INTO threads(id, account_id, size) SELECT value->>0, ?, value->>1 FROM json_each(?)`, fresh, len(fresh), true},
		{`UPDATE threads SET size = size + j.value->>1 FROM json_each(?) j WHERE threads.id = j.value->>0`, grown, len(grown), false},
		{`INSERT INTO thread_ids(key, thread_id) SELECT value->>0, value->>1 FROM json_each(?)`, idRows, len(idRows), false},
		{`INSERT INTO message_threads(message_id, thread_id, subject_key, reply, date)
			SELECT value->>0, value->>1, value->>2, value->>3, value->>4 FROM json_each(?)`, rows, len(rows), false},
	} {
		if w.n == 0 {
			continue
		}
		arg, err := jsonArg(w.rows)
		if err != nil {
			return err
		}
		args := []any{arg}
		if w.account {
			args = []any{account, arg}
		}
		if _, err := st.tx.exec(ctx, w.q, args...); err != nil {
			return fmt.Errorf("storage: threads: store: %w", err)
		}
	}
	return nil
}
