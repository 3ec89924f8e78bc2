package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/tern-mail/tern/storage/message"
)

// The subject fallback (RFC 5256 section 3, step 5, narrowed): a reply or
// forward that names no other message joins the conversation of the
// nearest message before it, in its account, with the same base subject
// and no references itself, if that is at most subjectWindow older (or
// subjectSkew newer, for a sender's clock that runs behind). Such a
// starting message stored after its replies takes in at most
// maxAdoptions of them, those not in a conversation with another start.
const (
	subjectWindow = 30 * 24 * time.Hour
	subjectSkew   = 24 * time.Hour
	maxAdoptions  = 50
	// maxSubjectRounds bounds the rounds of cutting "[list]" tags and
	// "Re:" markers from a subject.
	maxSubjectRounds = 64
)

// baseSubject returns the base subject of s (RFC 5256 section 2.1), and
// whether cutting it down showed a reply or forward: a "Re:" or "Fwd:"
// marker (in the languages message.BaseSubject knows), a "(fwd)" trailer,
// or a "[fwd: …]" wrapper. List tags ("[list] …") are cut too but do not
// make a reply.
func baseSubject(s string) (base string, reply bool) {
	s = strings.Join(strings.Fields(s), " ")
	for round := 0; round < maxSubjectRounds; round++ {
		for {
			t, ok := cutFold(s, "(fwd)", false)
			if !ok {
				break
			}
			s, reply = t, true
		}
		s = cutLeaders(s, &reply)
		inner, ok := cutFold(s, "[fwd:", true)
		if !ok || !strings.HasSuffix(inner, "]") {
			break
		}
		s, reply = strings.TrimSpace(strings.TrimSuffix(inner, "]")), true
	}
	return s, reply
}

// cutLeaders cuts "Re:" markers and "[list]" tags from the start of s
// (RFC 5256 section 2.1, steps 3 to 5): a tag only when something is
// left after it.
func cutLeaders(s string, reply *bool) string {
	for round := 0; round < maxSubjectRounds; round++ {
		if t := message.BaseSubject(s); t != s {
			s, *reply = t, true
			continue
		}
		if !strings.HasPrefix(s, "[") {
			break
		}
		end := strings.IndexAny(s[1:], "[]")
		if end < 0 || s[1+end] != ']' {
			break
		}
		t := strings.TrimSpace(s[end+2:])
		if t == "" {
			break
		}
		s = t
	}
	return s
}

// cutFold cuts affix from the start (prefix) or the end of s, whatever
// its case, and trims the spaces it leaves.
func cutFold(s, affix string, prefix bool) (string, bool) {
	if len(s) < len(affix) {
		return s, false
	}
	if prefix && strings.EqualFold(s[:len(affix)], affix) {
		return strings.TrimSpace(s[len(affix):]), true
	}
	if !prefix && strings.EqualFold(s[len(s)-len(affix):], affix) {
		return strings.TrimSpace(s[:len(s)-len(affix)]), true
	}
	return s, false
}

// subjectKey returns what the subject fallback looks a message up by: a
// hash of its account and its base subject, compared without case (RFC
// 5256 section 3, step 5), and whether the subject is a reply's. ok is
// false for an empty base subject, which never joins anything.
func subjectKey(account, subject string) (key int64, reply, ok bool) {
	base, reply := baseSubject(subject)
	if base == "" {
		return 0, false, false
	}
	return fnv64a(account, strings.ToLower(base)), reply, true
}

// bySubject applies the subject fallback to the new messages of one
// account that name no other message. A starting message looks for
// replies to take in only when one of its subject is stored: one query
// for the batch tells which.
func (st *threadState) bySubject(ctx context.Context, account string, msgs []*threadMsg) error {
	type root struct {
		m     *threadMsg
		key   int64
		reply bool
	}
	var roots []root
	var starts []int64
	for _, m := range msgs {
		if !m.root() {
			continue
		}
		if key, reply, ok := subjectKey(account, m.subject); ok {
			roots = append(roots, root{m, key, reply})
			if !reply {
				starts = append(starts, key)
			}
		}
	}
	answered, err := st.keysWithReplies(ctx, starts)
	if err != nil {
		return err
	}
	for _, r := range roots {
		switch {
		case r.reply:
			err = st.joinStart(ctx, r.m, r.key)
		case answered[r.key]:
			err = st.adoptReplies(ctx, r.m, r.key)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// keysWithReplies returns which of keys a reply without references has.
func (st *threadState) keysWithReplies(ctx context.Context, keys []int64) (map[int64]bool, error) {
	out := map[int64]bool{}
	if len(keys) == 0 {
		return out, nil
	}
	arg, err := jsonArg(keys)
	if err != nil {
		return nil, err
	}
	rows, err := st.tx.sqlTx.QueryContext(ctx, `SELECT DISTINCT k.value FROM json_each(?) k
		WHERE EXISTS (SELECT 1 FROM message_threads WHERE subject_key = k.value AND reply = 1)`, arg)
	if err != nil {
		return nil, fmt.Errorf("storage: threads: by subject: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var k int64
		if err := rows.Scan(&k); err != nil {
			return nil, fmt.Errorf("storage: threads: by subject: %w", err)
		}
		out[k] = true
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("storage: threads: by subject: %w", err)
	}
	return out, nil
}

// joinStart joins reply m to the conversation of the nearest starting
// message before it with the same subject key.
func (st *threadState) joinStart(ctx context.Context, m *threadMsg, key int64) error {
	var t int64
	err := st.tx.queryRow(ctx, `SELECT thread_id FROM message_threads
		WHERE subject_key = ? AND reply = 0 AND date BETWEEN ? AND ? AND message_id != ?
		ORDER BY date DESC LIMIT 1`,
		key, m.date-int64(subjectWindow.Seconds()), m.date+int64(subjectSkew.Seconds()), m.id).Scan(&t)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("storage: threads: by subject: %w", err)
	}
	m.thread, err = st.merge(ctx, m.thread, t)
	return err
}

// adoptReplies takes into starting message m's conversation the replies
// stored before it that it would have been joined to by joinStart, had it
// been there: those with its subject key, no references, dated within
// the window after it, and not in a conversation with another start.
func (st *threadState) adoptReplies(ctx context.Context, m *threadMsg, key int64) error {
	// The candidates are cut to maxAdoptions before the look at their
	// conversations, so that a flood of replies costs no more than that.
	q, err := st.tx.stmt(ctx, `SELECT r.thread_id FROM
		(SELECT thread_id FROM message_threads WHERE subject_key = ?1 AND reply = 1 AND date BETWEEN ?2 AND ?3
		 ORDER BY date LIMIT ?4) r
		WHERE NOT EXISTS (SELECT 1 FROM message_threads o WHERE o.thread_id = r.thread_id
			AND o.subject_key = ?1 AND o.reply = 0)`)
	if err != nil {
		return err
	}
	rows, err := q.QueryContext(ctx, key, m.date-int64(subjectSkew.Seconds()), m.date+int64(subjectWindow.Seconds()), maxAdoptions)
	if err != nil {
		return fmt.Errorf("storage: threads: by subject: %w", err)
	}
	var found []int64
	for rows.Next() {
		var t int64
		if err := rows.Scan(&t); err != nil {
			rows.Close()
			return fmt.Errorf("storage: threads: by subject: %w", err)
		}
		found = append(found, t)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("storage: threads: by subject: %w", err)
	}
	for _, t := range found {
		if m.thread, err = st.merge(ctx, m.thread, t); err != nil {
			return err
		}
	}
	return nil
}
