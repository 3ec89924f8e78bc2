package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"
)

// maxParticipants is how many senders a conversation row names.
const maxParticipants = 8

// Participant is one sender of a conversation.
type Participant struct {
	Name string // as the message gave it, "" when it gave none
	Addr string
}

// Conversation is one row of a list of conversations. What it counts are
// the messages of the conversation in the listed folders and in its
// account's other folders but Trash and Junk, the same message in several
// folders (Gmail's labels, "All Mail") once.
type Conversation struct {
	ID             int64 // stable while the conversation has messages; ConversationOf gives a message's
	AccountID      string
	Subject        string // of its first message
	Count          int    // messages
	Unread         int    // of which not read
	Flagged        bool   // one of them is flagged
	HasAttachments bool
	// Oldest and Newest are the dates of its first and last message, in
	// any of the folders counted: a reply in Sent may be newer than
	// Latest.
	Oldest, Newest time.Time
	// Participants are the senders, in the order they first wrote, at
	// most maxParticipants of them; the user's own messages (in Sent)
	// name the user.
	Participants []Participant
	// Latest is the conversation's newest message in the listed folders:
	// the one the row stands for there.
	Latest MessageSummary
}

// ListConversations returns a page of the conversations that have messages
// in the folders q selects, in the order of their newest message there
// (the same order as ListMessages', each conversation where its newest
// message would be), paged as ListMessages pages messages (q.Limit,
// q.Offset count conversations).
func (s *Store) ListConversations(ctx context.Context, q ListQuery) ([]Conversation, error) {
	listed, err := s.listedFolders(ctx, q)
	if err != nil || len(listed) == 0 {
		return nil, err
	}
	page, latest, err := s.conversationPage(ctx, listed, q)
	if err != nil || len(page) == 0 {
		return nil, err
	}
	c := &convFill{byID: map[int64]*Conversation{}}
	out := make([]Conversation, len(page))
	for i, id := range page {
		out[i].ID = id
		c.byID[id] = &out[i]
	}
	if c.listedArg, err = jsonArg(listed); err != nil {
		return nil, err
	}
	if c.pageArg, err = jsonArg(page); err != nil {
		return nil, err
	}
	if c.latestArg, err = jsonArg(latest); err != nil {
		return nil, err
	}
	for _, fill := range []func(context.Context, *sql.DB) error{c.summarize, c.latest} {
		if err := fill(ctx, s.db); err != nil {
			return nil, fmt.Errorf("storage: list conversations: %w", err)
		}
	}
	// A write between the reads (a merge, a deletion) can leave a row
	// with nothing in it: it is left out, and the next read, which the
	// write's notification brings, has it right.
	return slices.DeleteFunc(out, func(c Conversation) bool { return c.Count == 0 || c.Latest.ID == 0 }), nil
}

// listedFolders returns the ids of the folders q selects: its FolderIDs,
// or every folder (of its account, when it names one).
func (s *Store) listedFolders(ctx context.Context, q ListQuery) ([]int64, error) {
	sqlq := `SELECT id FROM folders WHERE (?1 = '' OR account_id = ?1)`
	args := []any{q.AccountID}
	if len(q.FolderIDs) > 0 {
		arg, err := jsonArg(q.FolderIDs)
		if err != nil {
			return nil, err
		}
		sqlq += ` AND id IN (SELECT value FROM json_each(?2))`
		args = append(args, arg)
	}
	ids, err := queryIDs(ctx, s.db, sqlq+` ORDER BY id`, args...)
	if err != nil {
		return nil, fmt.Errorf("storage: list conversations: %w", err)
	}
	return ids, nil
}

// conversationPage returns the conversations of one page, in the order
// of the list, and the id of each one's newest message in the listed
// folders. It reads the folders' messages newest first, as ListMessages
// orders them, until it has seen the page's conversations: the first page
// reads a few hundred.
func (s *Store) conversationPage(ctx context.Context, listed []int64, q ListQuery) (page, latest []int64, err error) {
	cursors := make([]*folderCursor, len(listed))
	for i, f := range listed {
		cursors[i] = &folderCursor{folder: f}
	}
	seen := map[int64]bool{}
	for q.Limit <= 0 || len(page) < q.Limit {
		// The newest message not read yet of all the folders.
		var next *folderCursor
		for _, c := range cursors {
			if err := c.fill(ctx, s.db); err != nil {
				return nil, nil, fmt.Errorf("storage: list conversations: %w", err)
			}
			if len(c.buf) > 0 && (next == nil || c.buf[0].after(next.buf[0])) {
				next = c
			}
		}
		if next == nil {
			break
		}
		r := next.buf[0]
		next.buf = next.buf[1:]
		if seen[r.thread] {
			continue
		}
		seen[r.thread] = true
		if len(seen) > q.Offset {
			page, latest = append(page, r.thread), append(latest, r.msg)
		}
	}
	return page, latest, nil
}

// pageRow is a message of a listed folder, with its conversation.
type pageRow struct{ thread, msg, date int64 }

// after reports whether r comes before o in the list: newer, or as new
// and stored later.
func (r pageRow) after(o pageRow) bool { return r.date > o.date || (r.date == o.date && r.msg > o.msg) }

// folderCursor reads one folder's messages newest first, a chunk at a
// time, each chunk from where the last ended (so that reading a few
// folders at once needs one connection, not one each).
type folderCursor struct {
	folder int64
	buf    []pageRow
	last   pageRow // the last row read
	read   int     // rows read so far
	done   bool    // the folder has no more
}

// fill reads the next chunk when the last is used up: as many rows as
// read so far, at least 256, at most 8,192.
func (c *folderCursor) fill(ctx context.Context, db *sql.DB) error {
	if len(c.buf) > 0 || c.done {
		return nil
	}
	date, id := int64(math.MaxInt64), int64(math.MaxInt64)
	if c.read > 0 {
		date, id = c.last.date, c.last.msg
	}
	n := min(max(c.read, 256), 8192)
	rows, err := db.QueryContext(ctx, `SELECT mt.thread_id, m.id, m.date FROM messages m JOIN message_threads mt ON mt.message_id = m.id
		WHERE m.folder_id = ? AND (m.date, m.id) < (?, ?) ORDER BY m.date DESC, m.id DESC LIMIT ?`, c.folder, date, id, n)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var r pageRow
		if err := rows.Scan(&r.thread, &r.msg, &r.date); err != nil {
			return err
		}
		c.buf = append(c.buf, r)
	}
	c.read += len(c.buf)
	c.done = len(c.buf) < n
	if len(c.buf) > 0 {
		c.last = c.buf[len(c.buf)-1]
	}
	return rows.Err()
}

// queryIDs runs a query of one integer column.
func queryIDs(ctx context.Context, db *sql.DB, q string, args ...any) ([]int64, error) {
	rows, err := db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// asideRoles are the folders whose messages count in a conversation only
// when that folder is the one listed: what was thrown away or is junk
// does not make a conversation in the Inbox look longer.
const asideRoles = `('` + RoleTrash + `', '` + RoleJunk + `')`

// inScope is the condition on m (a message) and f (its folder) for the
// messages a conversation row counts; ?2 is the listed folders as JSON.
const inScope = `(m.folder_id IN (SELECT value FROM json_each(?2)) OR f.role NOT IN ` + asideRoles + `)`

// messageKey names a message once however many folders hold it: its
// Message-ID, or its row when it has none.
const messageKey = `CASE m.message_id WHEN '' THEN '#' || m.id ELSE m.message_id END`

// convFill fills a page of conversations; ?1 in its queries is the page's
// ids and ?2 the listed folders, as JSON.
type convFill struct {
	listedArg string
	pageArg   string
	latestArg string // the id of each one's newest message in the listed folders
	byID      map[int64]*Conversation
}

// summarize fills what a row says of its conversation: counts, flags,
// dates, senders and the first subject. It reads the conversations'
// messages in scope, oldest first, once.
func (c *convFill) summarize(ctx context.Context, db *sql.DB) error {
	rows, err := db.QueryContext(ctx, `SELECT mt.thread_id, m.account_id, `+messageKey+`, m.seen, m.flagged,
		m.has_attachments, m.date, m.from_name, m.from_addr, m.subject
		FROM message_threads mt JOIN messages m ON m.id = mt.message_id JOIN folders f ON f.id = m.folder_id
		WHERE mt.thread_id IN (SELECT value FROM json_each(?1)) AND `+inScope+`
		ORDER BY mt.thread_id, m.date, m.id`, c.pageArg, c.listedArg)
	if err != nil {
		return err
	}
	defer rows.Close()
	var conv *Conversation
	var counted, unread, senders map[string]bool
	for rows.Next() {
		var t, date int64
		var account, key, name, addr, subject string
		var seen, flagged, att bool
		if err := rows.Scan(&t, &account, &key, &seen, &flagged, &att, &date, &name, &addr, &subject); err != nil {
			return err
		}
		if conv == nil || conv.ID != t {
			if conv = c.byID[t]; conv == nil {
				return fmt.Errorf("messages of conversation %d, not on the page", t)
			}
			counted, unread, senders = map[string]bool{}, map[string]bool{}, map[string]bool{}
			conv.AccountID, conv.Subject, conv.Oldest = account, subject, unixTime(date)
		}
		conv.Newest = unixTime(date)
		conv.Flagged = conv.Flagged || flagged
		conv.HasAttachments = conv.HasAttachments || att
		if !counted[key] {
			counted[key] = true
			conv.Count++
		}
		if !seen && !unread[key] {
			unread[key] = true
			conv.Unread++
		}
		if a := strings.ToLower(addr); !senders[a] {
			senders[a] = true
			if len(conv.Participants) < maxParticipants {
				conv.Participants = append(conv.Participants, Participant{Name: name, Addr: addr})
			}
		}
	}
	return rows.Err()
}

// latest fills each conversation's newest message in the listed folders.
func (c *convFill) latest(ctx context.Context, db *sql.DB) error {
	rows, err := db.QueryContext(ctx, `SELECT `+summaryColumns+`, mt.thread_id
		FROM messages m JOIN folders f ON f.id = m.folder_id JOIN message_threads mt ON mt.message_id = m.id
		WHERE m.id IN (SELECT value FROM json_each(?))`, c.latestArg)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		m, err := scanSummary(rows, &id)
		if err != nil {
			return err
		}
		if conv := c.byID[id]; conv != nil {
			conv.Latest = m
		}
	}
	return rows.Err()
}

// unixTime is the time of unix seconds u, the zero time for 0.
func unixTime(u int64) time.Time {
	if u == 0 {
		return time.Time{}
	}
	return time.Unix(u, 0)
}

// ConversationMessages returns the messages of conversation id, oldest
// first, from every folder of its account but Trash and Junk, and from
// those of listed (the folders it is shown from: from the Trash, what is
// in the Trash belongs to it too). A message in several folders comes
// once: its copy in a listed folder, else its first stored.
func (s *Store) ConversationMessages(ctx context.Context, id int64, listed []int64) ([]MessageSummary, error) {
	arg, err := jsonArg(append([]int64{}, listed...))
	if err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT `+summaryColumns+`, `+messageKey+`, m.folder_id IN (SELECT value FROM json_each(?2))
		FROM message_threads mt JOIN messages m ON m.id = mt.message_id JOIN folders f ON f.id = m.folder_id
		WHERE mt.thread_id = ?1 AND `+inScope+` ORDER BY m.date, m.id`, id, arg)
	if err != nil {
		return nil, fmt.Errorf("storage: conversation %d: %w", id, err)
	}
	defer rows.Close()
	var out []MessageSummary
	at := map[string]int{} // message key → index in out
	for rows.Next() {
		var key string
		var here bool
		m, err := scanSummary(rows, &key, &here)
		if err != nil {
			return nil, fmt.Errorf("storage: conversation %d: %w", id, err)
		}
		if i, ok := at[key]; ok {
			if here && !folderIn(out[i].FolderID, listed) {
				out[i] = m
			}
			continue
		}
		at[key] = len(out)
		out = append(out, m)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("storage: conversation %d: %w", id, err)
	}
	return out, nil
}

// folderIn reports whether folder id is one of ids.
func folderIn(id int64, ids []int64) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}

// ConversationOf returns the conversation message id belongs to.
func (s *Store) ConversationOf(ctx context.Context, id int64) (int64, error) {
	var t int64
	err := s.db.QueryRowContext(ctx, `SELECT thread_id FROM message_threads WHERE message_id = ?`, id).Scan(&t)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, fmt.Errorf("storage: conversation of message %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return 0, fmt.Errorf("storage: conversation of message %d: %w", id, err)
	}
	return t, nil
}

// ConversationIDs returns the conversation of each of the messages ids
// that exist, by message id.
func (s *Store) ConversationIDs(ctx context.Context, ids []int64) (map[int64]int64, error) {
	out := make(map[int64]int64, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	arg, err := jsonArg(ids)
	if err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT message_id, thread_id FROM message_threads
		WHERE message_id IN (SELECT value FROM json_each(?))`, arg)
	if err != nil {
		return nil, fmt.Errorf("storage: conversations of messages: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var m, t int64
		if err := rows.Scan(&m, &t); err != nil {
			return nil, fmt.Errorf("storage: conversations of messages: %w", err)
		}
		out[m] = t
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("storage: conversations of messages: %w", err)
	}
	return out, nil
}
