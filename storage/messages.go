package storage

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/tern-mail/tern/storage/message"
)

// snippetLen is how many characters of the body a list row previews.
const snippetLen = 160

// row holds the column values of a messages row derived from its content.
type row struct {
	env            Envelope
	bodyText       sql.NullString
	snippet        string
	hasAttachments bool
	warning        string
	attachments    []message.Attachment
}

// rowFromRaw parses raw mail into the values the store keeps.
func rowFromRaw(raw []byte) row { return rowFromParsed(message.Summarize(raw)) }

// rowFromParsed is the values the store keeps of a summarized message.
func rowFromParsed(p *message.Parsed) row {
	r := row{
		env: Envelope{
			Date:       p.Date,
			Subject:    p.Subject,
			From:       []message.Address{message.ListedSender(p.From, p.Sender)},
			To:         p.To,
			Cc:         p.Cc,
			MessageID:  p.MessageID,
			InReplyTo:  p.InReplyTo,
			References: p.References,
		},
		bodyText:    sql.NullString{String: p.Text, Valid: true},
		snippet:     makeSnippet(p.Text),
		warning:     strings.Join(p.Warnings, " "),
		attachments: p.Attachments,
	}
	for _, a := range p.Attachments {
		if !a.Inline {
			r.hasAttachments = true
		}
	}
	return r
}

// makeSnippet collapses whitespace and cuts the text for a list preview,
// skipping quoted lines.
func makeSnippet(text string) string {
	var b strings.Builder
	for rest := text; rest != ""; {
		var line string
		line, rest, _ = strings.Cut(rest, "\n")
		if strings.HasPrefix(strings.TrimSpace(line), ">") {
			continue
		}
		// Only the start of a line can reach the snippet: a line of
		// megabytes costs no more than a short one.
		line = cutAtRune(line, snippetLen*8)
		for _, f := range strings.FieldsFunc(line, unicode.IsSpace) {
			if b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(f)
		}
		if b.Len() > snippetLen*4 {
			break
		}
	}
	r := []rune(b.String())
	if len(r) > snippetLen {
		r = r[:snippetLen]
	}
	return string(r)
}

// cutAtRune returns at most the first n bytes of s, not splitting a
// UTF-8 character.
func cutAtRune(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// threadKey groups a message with its conversation: the root of its
// References, else what it replies to, else its own id.
func threadKey(e Envelope) string {
	switch {
	case len(e.References) > 0:
		return e.References[0]
	case e.InReplyTo != "":
		return e.InReplyTo
	case e.MessageID != "":
		return e.MessageID
	}
	return ""
}

// AddMessages stores messages in a folder in one transaction and returns
// their local ids, in order. A message whose IMAP UID is already stored in
// the folder, or whose POP3 UIDL is already stored for the account, is not
// added twice: its existing id is returned (and its body stored, if it had
// none and Raw is given).
func (s *Store) AddMessages(ctx context.Context, folderID int64, msgs []NewMessage) ([]int64, error) {
	return s.addMessages(ctx, folderID, msgs, false)
}

// AddEnvelopes is AddMessages for messages whose bodies are being fetched
// right after: their full-text entries wait for the body, or for
// IndexPending, so that each is written once.
func (s *Store) AddEnvelopes(ctx context.Context, folderID int64, msgs []NewMessage) ([]int64, error) {
	return s.addMessages(ctx, folderID, msgs, true)
}

func (s *Store) addMessages(ctx context.Context, folderID int64, msgs []NewMessage, deferIndex bool) ([]int64, error) {
	ids := make([]int64, 0, len(msgs))
	err := s.inWriteTx(ctx, ChangeMessages|ChangeFolders, func(tx *writeTx) error {
		tx.deferIndex = deferIndex
		var account string
		if err := tx.queryRow(ctx, `SELECT account_id FROM folders WHERE id = ?`, folderID).Scan(&account); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return fmt.Errorf("storage: add messages to folder %d: %w", folderID, ErrNotFound)
			}
			return fmt.Errorf("storage: add messages to folder %d: %w", folderID, err)
		}
		for i := range msgs {
			id, err := addOne(ctx, tx, account, folderID, &msgs[i])
			if err != nil {
				return err
			}
			ids = append(ids, id)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return ids, nil
}

// AddMessage stores one message; see AddMessages.
func (s *Store) AddMessage(ctx context.Context, folderID int64, m NewMessage) (int64, error) {
	ids, err := s.AddMessages(ctx, folderID, []NewMessage{m})
	if err != nil {
		return 0, err
	}
	return ids[0], nil
}

func addOne(ctx context.Context, tx *writeTx, account string, folderID int64, m *NewMessage) (int64, error) {
	return addPrepared(ctx, tx, account, folderID, m, nil)
}

// addPrepared is addOne with the source already parsed and hashed (p may
// be nil). A message the folder (by UID) or account (by UIDL) holds already
// gets the source if it lacked it; one moved or copied here while offline
// is adopted; anything else is a new row.
func addPrepared(ctx context.Context, tx *writeTx, account string, folderID int64, m *NewMessage, p *PreparedBody) (int64, error) {
	if m.Raw == nil && m.Envelope == nil {
		return 0, fmt.Errorf("storage: add message: neither source nor envelope given")
	}
	existing, err := findStored(ctx, tx, account, folderID, m)
	if err != nil {
		return 0, err
	}
	if existing != 0 {
		return existing, completeStored(ctx, tx, existing, m, p)
	}
	var r row
	if p != nil {
		r = p.row
	}
	if m.UID != 0 {
		adopted, err := adoptOffline(ctx, tx, folderID, m, p, &r)
		if adopted != 0 || err != nil {
			return adopted, err
		}
	}
	return insertMessage(ctx, tx, account, folderID, m, p, &r)
}

// findStored returns the id of the message m already stored, by its UID in
// the folder or its UIDL in the account; 0 when there is none.
func findStored(ctx context.Context, tx *writeTx, account string, folderID int64, m *NewMessage) (int64, error) {
	var existing int64
	var err error
	switch {
	case m.UID != 0:
		err = tx.queryRow(ctx, `SELECT id FROM messages WHERE folder_id = ? AND uid = ?`, folderID, m.UID).Scan(&existing)
	case m.UIDL != "":
		err = tx.queryRow(ctx, `SELECT id FROM messages WHERE account_id = ? AND uidl = ?`, account, m.UIDL).Scan(&existing)
	default:
		return 0, nil
	}
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("storage: look up message: %w", err)
	}
	return existing, nil
}

// completeStored gives the stored message id the source m brings, if any.
func completeStored(ctx context.Context, tx *writeTx, id int64, m *NewMessage, p *PreparedBody) error {
	if m.Raw == nil {
		return nil
	}
	if p == nil {
		pp := PrepareBody(m.Raw)
		p = &pp
	}
	return setPrepared(ctx, tx, id, *p, false)
}

// adoptOffline gives m's UID to the row of the same message moved or
// copied into the folder while offline: it has no UID until the server
// reports it, and the server's copy is that row, not a new one. It returns
// the row's id, or 0 when there is none. Reading m's Message-ID from its
// source fills r.
func adoptOffline(ctx context.Context, tx *writeTx, folderID int64, m *NewMessage, p *PreparedBody, r *row) (int64, error) {
	msgID := messageIDOf(m, r)
	if msgID == "" {
		return 0, nil
	}
	var adopt int64
	err := tx.queryRow(ctx, `SELECT id FROM messages WHERE folder_id = ? AND uid IS NULL AND message_id = ? LIMIT 1`,
		folderID, msgID).Scan(&adopt)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("storage: look up message %s without UID: %w", msgID, err)
	}
	if _, err := tx.exec(ctx, `UPDATE messages SET uid = ? WHERE id = ?`, m.UID, adopt); err != nil {
		return 0, fmt.Errorf("storage: adopt message: %w", err)
	}
	switch {
	case p != nil:
		err = setPrepared(ctx, tx, adopt, *p, false)
	case m.Raw != nil:
		err = setBody(ctx, tx, adopt, m.Raw, false)
	}
	if err != nil {
		return 0, err
	}
	return adopt, nil
}

// messageIDOf returns m's Message-ID from its envelope or, parsing it into
// r unless r holds it already, from its source.
func messageIDOf(m *NewMessage, r *row) string {
	if m.Envelope != nil {
		return m.Envelope.MessageID
	}
	if m.Raw == nil {
		return ""
	}
	if !r.bodyText.Valid {
		*r = rowFromRaw(m.Raw)
	}
	return r.env.MessageID
}

// insertMessage stores m as a new row of the folder, with its source when
// it has one, and asks for its full-text entry.
func insertMessage(ctx context.Context, tx *writeTx, account string, folderID int64, m *NewMessage, p *PreparedBody, r *row) (int64, error) {
	bodyID, err := storeSource(ctx, tx, m, p, r)
	if err != nil {
		return 0, err
	}
	date := r.env.Date
	if date.IsZero() {
		date = m.Received
	}
	var from message.Address
	if len(r.env.From) > 0 {
		from = r.env.From[0]
	}
	var uid, uidl any
	if m.UID != 0 {
		uid = m.UID
	}
	if m.UIDL != "" {
		uidl = m.UIDL
	}
	res, err := tx.exec(ctx, insertMessageSQL, account, folderID, uid, uidl, r.env.MessageID,
		r.env.InReplyTo, strings.Join(r.env.References, " "), threadKey(r.env), unix(date),
		r.env.Subject, from.Name, from.Email, message.JoinAddresses(r.env.To), message.JoinAddresses(r.env.Cc),
		m.Flags.Seen, m.Flags.Flagged, m.Flags.Answered, m.Flags.Draft, m.Flags.Deleted,
		strings.Join(m.Flags.Keywords, " "), m.Size, r.hasAttachments, r.warning,
		r.snippet, bodyID, time.Now().Unix(), r.bodyText)
	if err != nil {
		return 0, fmt.Errorf("storage: insert message %q: %w", r.env.Subject, err)
	}
	id, err := res.LastInsertId()
	if err != nil {
		return 0, fmt.Errorf("storage: insert message: %w", err)
	}
	tx.indexNew(id, r.bodyText.Valid)
	if err := putAttachments(ctx, tx, id, r.attachments, true); err != nil {
		return 0, err
	}
	return id, nil
}

// storeSource stores m's source, once per distinct content, fills r from
// it unless r holds it already, and sets m.Size when unknown. A message
// without source fills r from its envelope, and has no body id.
func storeSource(ctx context.Context, tx *writeTx, m *NewMessage, p *PreparedBody, r *row) (sql.NullInt64, error) {
	if m.Raw == nil {
		r.env = *m.Envelope
		return sql.NullInt64{}, nil
	}
	if !r.bodyText.Valid {
		*r = rowFromRaw(m.Raw)
	}
	sum := ""
	if p != nil {
		sum = p.sum
	} else {
		sum = hashBody(m.Raw)
	}
	id, err := putBodyHashed(ctx, tx, m.Raw, sum)
	if err != nil {
		return sql.NullInt64{}, err
	}
	if m.Size == 0 {
		m.Size = int64(len(m.Raw))
	}
	return sql.NullInt64{Int64: id, Valid: true}, nil
}

const insertMessageSQL = `INSERT INTO messages(account_id, folder_id, uid, uidl, message_id,
	in_reply_to, refs, thread_key, date, subject, from_name, from_addr, to_addrs, cc_addrs,
	seen, flagged, answered, draft, deleted, keywords, size, has_attachments, parse_warning,
	snippet, body_id, added_at, body_text)
	VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`

func unix(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.Unix()
}

func hashBody(raw []byte) string {
	sum := sha256.Sum256(raw)
	return hex.EncodeToString(sum[:])
}

// putBodyHashed stores raw, whose SHA-256 is h, once and returns its row id.
func putBodyHashed(ctx context.Context, tx *writeTx, raw []byte, h string) (int64, error) {
	res, err := tx.exec(ctx,
		`INSERT INTO bodies(sha256, size, raw) VALUES(?, ?, ?) ON CONFLICT(sha256) DO NOTHING`,
		h, len(raw), raw)
	if err != nil {
		return 0, fmt.Errorf("storage: store body: %w", err)
	}
	if n, err := res.RowsAffected(); err == nil && n == 1 {
		if id, err := res.LastInsertId(); err == nil {
			return id, nil
		}
	}
	var id int64 // stored before: look it up
	if err := tx.queryRow(ctx, `SELECT id FROM bodies WHERE sha256 = ?`, h).Scan(&id); err != nil {
		return 0, fmt.Errorf("storage: store body: %w", err)
	}
	return id, nil
}

// putAttachments records what attachments a message has; fresh says it
// has none recorded yet (it had no body), so there is nothing to replace.
func putAttachments(ctx context.Context, tx *writeTx, msgID int64, atts []message.Attachment, fresh bool) error {
	if !fresh {
		if _, err := tx.exec(ctx, `DELETE FROM attachments WHERE message_id = ?`, msgID); err != nil {
			return fmt.Errorf("storage: replace attachments: %w", err)
		}
	}
	for _, a := range atts {
		if _, err := tx.exec(ctx,
			`INSERT INTO attachments(message_id, idx, filename, content_type, size, content_id, inline)
			 VALUES(?, ?, ?, ?, ?, ?, ?)`,
			msgID, a.Index, a.Filename, a.ContentType, a.Size, a.ContentID, a.Inline); err != nil {
			return fmt.Errorf("storage: store attachment %q: %w", a.Filename, err)
		}
	}
	return nil
}

// setBody stores the full source of a message that so far had only its
// envelope, and fills in what only the body tells (text, attachments).
// With replace false, a message that already has a body is left alone.
func setBody(ctx context.Context, tx *writeTx, id int64, raw []byte, replace bool) error {
	return setPrepared(ctx, tx, id, PrepareBody(raw), replace)
}

// PreparedBody is a message source already parsed and hashed, ready to be
// stored: preparing is the costly part and can run on every core, outside
// the write transaction.
type PreparedBody struct {
	raw []byte
	sum string
	row row
}

// Raw returns the message source p was prepared from.
func (p PreparedBody) Raw() []byte { return p.raw }

// PrepareBody parses and hashes raw for SetPreparedBodies. It is safe to
// call from many goroutines at once.
func PrepareBody(raw []byte) PreparedBody {
	return PreparedBody{raw: raw, sum: hashBody(raw), row: rowFromRaw(raw)}
}

// PrepareAsArrived is PrepareBody for a source whose preparation failed
// with cause: it is kept as it arrived, its whole text shown with a
// warning, rather than left out and fetched again on every pass.
func PrepareAsArrived(raw []byte, cause error) PreparedBody {
	return PreparedBody{raw: raw, sum: hashBody(raw), row: rowFromParsed(message.SummarizeAsArrived(raw, cause))}
}

// PrepareOrKeep runs prepare (PrepareBody, or a test's stand-in) on raw.
// When it panics, raw is kept as it arrived (PrepareAsArrived), so that a
// message the parser cannot take is still listed and shown, not fetched
// again on every pass. It reports false only when that fails too.
func PrepareOrKeep(prepare func([]byte) PreparedBody, raw []byte) (p PreparedBody, ok bool) {
	defer func() {
		if r := recover(); r != nil {
			p, ok = keepAsArrived(raw, fmt.Errorf("parser failure: %v", r))
		}
	}()
	return prepare(raw), true
}

// keepAsArrived is PrepareAsArrived, false when it panics.
func keepAsArrived(raw []byte, cause error) (p PreparedBody, ok bool) {
	defer func() {
		if r := recover(); r != nil {
			ok = false
		}
	}()
	return PrepareAsArrived(raw, cause), true
}

// SetPreparedBodies stores prepared sources by local message id in one
// transaction; messages that already have a body keep it.
func (s *Store) SetPreparedBodies(ctx context.Context, bodies map[int64]PreparedBody) error {
	if len(bodies) == 0 {
		return nil
	}
	ids := make([]int64, 0, len(bodies))
	for id := range bodies {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	return s.inWriteTx(ctx, ChangeMessages, func(tx *writeTx) error {
		for _, id := range ids {
			if err := setPrepared(ctx, tx, id, bodies[id], false); err != nil {
				return err
			}
		}
		return nil
	})
}

func setPrepared(ctx context.Context, tx *writeTx, id int64, p PreparedBody, replace bool) error {
	raw, r := p.raw, p.row
	var has bool
	if err := tx.queryRow(ctx, `SELECT body_id IS NOT NULL FROM messages WHERE id = ?`, id).Scan(&has); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("storage: set body of message %d: %w", id, ErrNotFound)
		}
		return fmt.Errorf("storage: set body of message %d: %w", id, err)
	}
	if has && !replace {
		return nil
	}
	bodyID, err := putBodyHashed(ctx, tx, raw, p.sum)
	if err != nil {
		return err
	}
	// The source names the senders better than a server's envelope: every
	// author, any other Sender, no placeholder for a missing address.
	from := message.Address{}
	if len(r.env.From) > 0 {
		from = r.env.From[0]
	}
	keep := from.Name == "" && from.Email == ""
	if _, err := tx.exec(ctx,
		`UPDATE messages SET body_id = ?, body_text = ?, snippet = ?, has_attachments = ?, parse_warning = ?,
		   size = CASE WHEN size = 0 THEN ? ELSE size END,
		   from_name = CASE WHEN ? THEN from_name ELSE ? END, from_addr = CASE WHEN ? THEN from_addr ELSE ? END
		 WHERE id = ?`,
		bodyID, r.bodyText, r.snippet, r.hasAttachments, r.warning, len(raw), keep, from.Name, keep, from.Email, id); err != nil {
		return fmt.Errorf("storage: set body of message %d: %w", id, err)
	}
	if err := tx.indexBody(ctx, id); err != nil {
		return err
	}
	return putAttachments(ctx, tx, id, r.attachments, !has)
}

// SetBody stores the full source of a message known so far by its envelope.
func (s *Store) SetBody(ctx context.Context, id int64, raw []byte) error {
	return s.inWriteTx(ctx, ChangeMessages, func(tx *writeTx) error {
		return setBody(ctx, tx, id, raw, false)
	})
}

// RemoveMessages removes messages from the store only (not from any
// server): for mail that is gone elsewhere.
func (s *Store) RemoveMessages(ctx context.Context, ids ...int64) error {
	return s.inWriteTx(ctx, ChangeMessages|ChangeFolders, func(tx *writeTx) error {
		for _, id := range ids {
			if _, err := tx.sqlTx.ExecContext(ctx, `DELETE FROM messages WHERE id = ?`, id); err != nil {
				return fmt.Errorf("storage: delete message %d: %w", id, err)
			}
		}
		return nil
	})
}

const summaryColumns = `m.id, m.account_id, m.folder_id, f.name, coalesce(m.uid, 0), m.date, m.from_name,
	m.from_addr, m.subject, m.seen, m.flagged, m.answered, m.draft, m.deleted, m.keywords,
	m.has_attachments, m.body_id IS NOT NULL, m.size, m.snippet, m.thread_key, f.role, m.to_addrs`

func scanSummary(sc interface{ Scan(...any) error }, extra ...any) (MessageSummary, error) {
	var m MessageSummary
	var date int64
	var kw string
	dest := append([]any{&m.ID, &m.AccountID, &m.FolderID, &m.FolderName, &m.UID, &date, &m.FromName,
		&m.FromAddr, &m.Subject, &m.Flags.Seen, &m.Flags.Flagged, &m.Flags.Answered, &m.Flags.Draft,
		&m.Flags.Deleted, &kw, &m.HasAttachments, &m.HasBody, &m.Size, &m.Snippet, &m.ThreadKey, &m.FolderRole, &m.ToAddrs}, extra...)
	if err := sc.Scan(dest...); err != nil {
		return m, err
	}
	if date != 0 {
		m.Date = time.Unix(date, 0)
	}
	m.Flags.Keywords = strings.Fields(kw)
	return m, nil
}

// ListQuery selects messages for a list, newest first.
type ListQuery struct {
	AccountID string  // "" for all accounts
	FolderIDs []int64 // empty for all folders
	Limit     int     // 0 for no limit
	Offset    int
}

// ListMessages returns the messages q selects, newest first.
func (s *Store) ListMessages(ctx context.Context, q ListQuery) ([]MessageSummary, error) {
	var where []string
	var args []any
	if q.AccountID != "" {
		where = append(where, "m.account_id = ?")
		args = append(args, q.AccountID)
	}
	if len(q.FolderIDs) > 0 {
		where = append(where, "m.folder_id IN ("+strings.TrimSuffix(strings.Repeat("?,", len(q.FolderIDs)), ",")+")")
		for _, id := range q.FolderIDs {
			args = append(args, id)
		}
	}
	sqlq := `SELECT ` + summaryColumns + ` FROM messages m JOIN folders f ON f.id = m.folder_id`
	if len(where) > 0 {
		sqlq += " WHERE " + strings.Join(where, " AND ")
	}
	sqlq += " ORDER BY m.date DESC, m.id DESC"
	if q.Limit > 0 {
		sqlq += " LIMIT ? OFFSET ?"
		args = append(args, q.Limit, q.Offset)
	}
	rows, err := s.db.QueryContext(ctx, sqlq, args...)
	if err != nil {
		return nil, fmt.Errorf("storage: list messages: %w", err)
	}
	defer rows.Close()
	var out []MessageSummary
	for rows.Next() {
		m, err := scanSummary(rows)
		if err != nil {
			return nil, fmt.Errorf("storage: list messages: %w", err)
		}
		out = append(out, m)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("storage: list messages: %w", err)
	}
	return out, nil
}

// Message returns everything stored of one message, its source included.
func (s *Store) Message(ctx context.Context, id int64) (*StoredMessage, error) {
	var sm StoredMessage
	var refs string
	var raw []byte
	summary, err := scanSummary(s.db.QueryRowContext(ctx,
		`SELECT `+summaryColumns+`, m.to_addrs, m.cc_addrs, m.message_id, m.in_reply_to, m.refs,
		   m.parse_warning, b.raw
		 FROM messages m JOIN folders f ON f.id = m.folder_id LEFT JOIN bodies b ON b.id = m.body_id
		 WHERE m.id = ?`, id),
		&sm.To, &sm.Cc, &sm.MessageID, &sm.InReplyTo, &refs, &sm.ParseWarning, &raw)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("storage: message %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("storage: message %d: %w", id, err)
	}
	sm.MessageSummary = summary
	sm.References = strings.Fields(refs)
	sm.Raw = raw
	rows, err := s.db.QueryContext(ctx,
		`SELECT idx, filename, content_type, size, content_id, inline FROM attachments
		 WHERE message_id = ? ORDER BY idx`, id)
	if err != nil {
		return nil, fmt.Errorf("storage: attachments of message %d: %w", id, err)
	}
	defer rows.Close()
	for rows.Next() {
		var a message.Attachment
		if err := rows.Scan(&a.Index, &a.Filename, &a.ContentType, &a.Size, &a.ContentID, &a.Inline); err != nil {
			return nil, fmt.Errorf("storage: attachments of message %d: %w", id, err)
		}
		sm.Attachments = append(sm.Attachments, a)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("storage: attachments of message %d: %w", id, err)
	}
	return &sm, nil
}

// FirstPage is how many rows a window loads first when it opens a folder:
// more than a screenful, few enough to show at once.
const FirstPage = 200
