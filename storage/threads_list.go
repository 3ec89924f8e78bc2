package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// maxParticipants is how many senders a conversation row names.
const maxParticipants = 8

// Participant is one sender of a conversation.
type Participant struct {
	Name string
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
// in the folders q selects, the one with the newest message first, paged
// as ListMessages pages messages (q.Limit, q.Offset).
func (s *Store) ListConversations(ctx context.Context, q ListQuery) ([]Conversation, error) {
	listed, err := s.listedFolders(ctx, q)
	if err != nil || len(listed) == 0 {
		return nil, err
	}
	page, err := s.conversationPage(ctx, listed, q)
	if err != nil || len(page) == 0 {
		return nil, err
	}
	c := &convFill{listed: listed, byID: map[int64]*Conversation{}}
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
	for _, fill := range []func(context.Context, *sql.DB) error{c.counts, c.latest, c.participants, c.subjects} {
		if err := fill(ctx, s.db); err != nil {
			return nil, fmt.Errorf("storage: list conversations: %w", err)
		}
	}
	return out, nil
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

// conversationPage returns the ids of the conversations of one page, in
// the order of the list.
func (s *Store) conversationPage(ctx context.Context, listed []int64, q ListQuery) ([]int64, error) {
	limit := -1
	if q.Limit > 0 {
		limit = q.Limit
	}
	var ids []int64
	var err error
	if len(listed) == 1 {
		ids, err = queryIDs(ctx, s.db, `SELECT thread_id FROM thread_folders WHERE folder_id = ?
			ORDER BY newest DESC, thread_id DESC LIMIT ? OFFSET ?`, listed[0], limit, q.Offset)
	} else {
		var arg string
		if arg, err = jsonArg(listed); err != nil {
			return nil, err
		}
		ids, err = queryIDs(ctx, s.db, `SELECT thread_id FROM thread_folders
			WHERE folder_id IN (SELECT value FROM json_each(?))
			GROUP BY thread_id ORDER BY max(newest) DESC, thread_id DESC LIMIT ? OFFSET ?`, arg, limit, q.Offset)
	}
	if err != nil {
		return nil, fmt.Errorf("storage: list conversations: %w", err)
	}
	return ids, nil
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

// inScope is the condition on m (a message) and f (its folder) for the
// messages a conversation row counts; ?2 is the listed folders as JSON.
const inScope = `(m.folder_id IN (SELECT value FROM json_each(?2)) OR f.role NOT IN ` + asideRoles + `)`

// messageKey names a message once however many folders hold it: its
// Message-ID, or its row when it has none.
const messageKey = `CASE m.message_id WHEN '' THEN '#' || m.id ELSE m.message_id END`

// convFill fills a page of conversations; ?1 in its queries is the page's
// ids and ?2 the listed folders, as JSON.
type convFill struct {
	listed    []int64
	listedArg string
	pageArg   string
	byID      map[int64]*Conversation
}

// each runs q and calls scan on each row; scan scans the row into dest,
// whose first is the id of the conversation, and then fills it.
func (c *convFill) each(ctx context.Context, db *sql.DB, q string, dest []any, fill func(*Conversation)) error {
	rows, err := db.QueryContext(ctx, q, c.pageArg, c.listedArg)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return err
		}
		id := *dest[0].(*int64)
		conv := c.byID[id]
		if conv == nil {
			return fmt.Errorf("row of conversation %d, not on the page", id)
		}
		fill(conv)
	}
	return rows.Err()
}

// counts fills the counts, flags and dates.
func (c *convFill) counts(ctx context.Context, db *sql.DB) error {
	var id, oldest, newest int64
	var r Conversation
	return c.each(ctx, db, `SELECT mt.thread_id, m.account_id, count(DISTINCT `+messageKey+`),
		count(DISTINCT `+messageKey+`) FILTER (WHERE m.seen = 0), max(m.flagged), max(m.has_attachments),
		min(m.date), max(m.date)
		FROM message_threads mt JOIN messages m ON m.id = mt.message_id JOIN folders f ON f.id = m.folder_id
		WHERE mt.thread_id IN (SELECT value FROM json_each(?1)) AND `+inScope+`
		GROUP BY mt.thread_id`,
		[]any{&id, &r.AccountID, &r.Count, &r.Unread, &r.Flagged, &r.HasAttachments, &oldest, &newest},
		func(conv *Conversation) {
			conv.AccountID, conv.Count, conv.Unread, conv.Flagged, conv.HasAttachments = r.AccountID, r.Count, r.Unread, r.Flagged, r.HasAttachments
			conv.Oldest, conv.Newest = unixTime(oldest), unixTime(newest)
		})
}

// latest fills each conversation's newest message in the listed folders.
func (c *convFill) latest(ctx context.Context, db *sql.DB) error {
	rows, err := db.QueryContext(ctx, `SELECT `+summaryColumns+`, x.thread_id FROM
		(SELECT mt.thread_id, mt.message_id,
			row_number() OVER (PARTITION BY mt.thread_id ORDER BY m.date DESC, m.id DESC) AS rn
		 FROM message_threads mt JOIN messages m ON m.id = mt.message_id
		 WHERE mt.thread_id IN (SELECT value FROM json_each(?1)) AND m.folder_id IN (SELECT value FROM json_each(?2))) x
		JOIN messages m ON m.id = x.message_id JOIN folders f ON f.id = m.folder_id
		WHERE x.rn = 1`, c.pageArg, c.listedArg)
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

// participants fills the senders, in the order they first wrote.
func (c *convFill) participants(ctx context.Context, db *sql.DB) error {
	var id, first int64
	var p Participant
	return c.each(ctx, db, `SELECT mt.thread_id, m.from_name, m.from_addr, min(m.date) AS first
		FROM message_threads mt JOIN messages m ON m.id = mt.message_id JOIN folders f ON f.id = m.folder_id
		WHERE mt.thread_id IN (SELECT value FROM json_each(?1)) AND `+inScope+`
		GROUP BY mt.thread_id, lower(m.from_addr) ORDER BY mt.thread_id, first, m.id`,
		[]any{&id, &p.Name, &p.Addr, &first},
		func(conv *Conversation) {
			if len(conv.Participants) < maxParticipants {
				conv.Participants = append(conv.Participants, p)
			}
		})
}

// subjects fills the subject of each conversation's first message.
func (c *convFill) subjects(ctx context.Context, db *sql.DB) error {
	var id int64
	var subject string
	return c.each(ctx, db, `SELECT x.thread_id, m.subject FROM
		(SELECT mt.thread_id, mt.message_id,
			row_number() OVER (PARTITION BY mt.thread_id ORDER BY m.date, m.id) AS rn
		 FROM message_threads mt JOIN messages m ON m.id = mt.message_id JOIN folders f ON f.id = m.folder_id
		 WHERE mt.thread_id IN (SELECT value FROM json_each(?1)) AND `+inScope+`) x
		JOIN messages m ON m.id = x.message_id WHERE x.rn = 1`,
		[]any{&id, &subject}, func(conv *Conversation) { conv.Subject = subject })
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
