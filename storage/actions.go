package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
)

// ActionKind says what a pending action does on the server.
type ActionKind string

// The kinds of pending action.
const (
	ActionFlags        ActionKind = "flags"         // STORE flags on Folder/UID
	ActionMove         ActionKind = "move"          // MOVE Folder/UID to Args.Dest
	ActionCopy         ActionKind = "copy"          // COPY Folder/UID to Args.Dest
	ActionExpunge      ActionKind = "expunge"       // delete Folder/UID for good
	ActionCreateFolder ActionKind = "create-folder" // CREATE Folder
	ActionRenameFolder ActionKind = "rename-folder" // RENAME Folder to Args.Dest
	ActionDeleteFolder ActionKind = "delete-folder" // DELETE Folder
	// ActionAppend uploads local message MessageID to Folder (a Sent copy
	// or a draft) with the flags in Args.Add; a non-zero UID is an older
	// version there to delete once the new one is in.
	ActionAppend ActionKind = "append"
)

// ActionArgs are an action's kind-specific details, kept as JSON.
type ActionArgs struct {
	Add    []string `json:"add,omitempty"`    // flags to add (IMAP spelling, e.g. \Seen)
	Remove []string `json:"remove,omitempty"` // flags to remove
	Prev   *Flags   `json:"prev,omitempty"`   // flags before the change, to roll back
	Dest   string   `json:"dest,omitempty"`   // destination folder, or new name
	// SrcFolderID and DestFolderID are local folder ids, to roll back a move.
	SrcFolderID  int64  `json:"srcFolder,omitempty"`
	DestFolderID int64  `json:"destFolder,omitempty"`
	Subject      string `json:"subject,omitempty"` // for messages to the user
}

// Action is a change made locally that the server has not seen yet.
type Action struct {
	ID          int64
	AccountID   string
	Kind        ActionKind
	Folder      string // server folder the action applies to
	UIDValidity uint32 // of Folder when the action was taken; 0 when unknown
	UID         uint32 // 0 when the message has no known UID yet
	MessageID   int64  // local message, 0 for folder actions
	Args        ActionArgs
	Attempts    int
	NextAttempt time.Time
	LastError   string
}

// FlagChange sets or clears flags; nil leaves a flag as it is.
type FlagChange struct {
	Seen    *bool
	Flagged *bool
}

// msgRef is what an action needs of a message.
type msgRef struct {
	id, folderID int64
	account      string
	folder       string
	uidValidity  uint32
	uid          uint32
	subject      string
	flags        Flags
	role         string
}

func loadRef(ctx context.Context, tx *writeTx, id int64) (msgRef, error) {
	var r msgRef
	var uid sql.NullInt64
	var kw string
	err := tx.queryRow(ctx, `SELECT m.id, m.folder_id, m.account_id, f.name, f.uidvalidity, m.uid, m.subject,
		m.seen, m.flagged, m.answered, m.draft, m.deleted, m.keywords, f.role
		FROM messages m JOIN folders f ON f.id = m.folder_id WHERE m.id = ?`, id).
		Scan(&r.id, &r.folderID, &r.account, &r.folder, &r.uidValidity, &uid, &r.subject,
			&r.flags.Seen, &r.flags.Flagged, &r.flags.Answered, &r.flags.Draft, &r.flags.Deleted, &kw, &r.role)
	if errors.Is(err, sql.ErrNoRows) {
		return r, fmt.Errorf("storage: message %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return r, fmt.Errorf("storage: message %d: %w", id, err)
	}
	r.uid = uint32(uid.Int64)
	r.flags.Keywords = strings.Fields(kw)
	return r, nil
}

func queueAction(ctx context.Context, tx *writeTx, a Action) error {
	args, err := json.Marshal(a.Args)
	if err != nil {
		return fmt.Errorf("storage: encode action: %w", err)
	}
	var msg any
	if a.MessageID != 0 {
		msg = a.MessageID
	}
	_, err = tx.exec(ctx, `INSERT INTO pending_actions(account_id, kind, folder, uidvalidity, uid, message_id, args, created_at)
		VALUES(?, ?, ?, ?, ?, ?, ?, ?)`, a.AccountID, a.Kind, a.Folder, a.UIDValidity, a.UID, msg, string(args), time.Now().Unix())
	if err != nil {
		return fmt.Errorf("storage: queue %s: %w", a.Kind, err)
	}
	return nil
}

// ChangeFlags changes flags of messages at once, and with queue set records
// an action per message so the server gets the same change.
func (s *Store) ChangeFlags(ctx context.Context, ids []int64, ch FlagChange, queue bool) error {
	return s.inWriteTx(ctx, ChangeMessages|ChangeFolders|ChangeActions, func(tx *writeTx) error {
		return changeFlags(ctx, tx, ids, ch, always(queue), nil)
	})
}

// changeFlags changes flags of messages, queueing the change for accounts
// queue says; with u set it records how to put the flags back.
func changeFlags(ctx context.Context, tx *writeTx, ids []int64, ch FlagChange, queue func(string) bool, u *Undo) error {
	for _, id := range ids {
		r, err := loadRef(ctx, tx, id)
		if err != nil {
			return err
		}
		f := r.flags
		var add, rem []string
		apply := func(p *bool, cur *bool, name string) {
			if p == nil || *p == *cur {
				return
			}
			*cur = *p
			if *p {
				add = append(add, name)
			} else {
				rem = append(rem, name)
			}
		}
		apply(ch.Seen, &f.Seen, `\Seen`)
		apply(ch.Flagged, &f.Flagged, `\Flagged`)
		if len(add)+len(rem) == 0 {
			continue
		}
		if _, err := tx.exec(ctx, `UPDATE messages SET seen = ?, flagged = ? WHERE id = ?`, f.Seen, f.Flagged, id); err != nil {
			return fmt.Errorf("storage: flags of message %d: %w", id, err)
		}
		if u != nil {
			u.Flags = append(u.Flags, UndoFlags{MessageID: id, Seen: r.flags.Seen, Flagged: r.flags.Flagged})
		}
		if queue(r.account) {
			prev := r.flags
			if err := queueAction(ctx, tx, Action{AccountID: r.account, Kind: ActionFlags, Folder: r.folder,
				UIDValidity: r.uidValidity, UID: r.uid, MessageID: id,
				Args: ActionArgs{Add: add, Remove: rem, Prev: &prev, Subject: r.subject}}); err != nil {
				return err
			}
		}
	}
	return nil
}

// MoveMessages moves messages to another folder of the same account at
// once; with queue set the server is told later. Moved messages have no UID
// until the server reports the one it gave them.
func (s *Store) MoveMessages(ctx context.Context, ids []int64, destFolderID int64, queue bool) error {
	return s.inWriteTx(ctx, ChangeMessages|ChangeFolders|ChangeActions, func(tx *writeTx) error {
		return moveMessages(ctx, tx, ids, destFolderID, always(queue), nil)
	})
}

// moveMessages moves messages, queueing the move for accounts queue says;
// with u set it records where each message was.
func moveMessages(ctx context.Context, tx *writeTx, ids []int64, destFolderID int64, queue func(string) bool, u *Undo) error {
	var dest, destAccount string
	if err := tx.queryRow(ctx, `SELECT name, account_id FROM folders WHERE id = ?`, destFolderID).Scan(&dest, &destAccount); err != nil {
		return fmt.Errorf("storage: move to folder %d: %w", destFolderID, err)
	}
	for _, id := range ids {
		r, err := loadRef(ctx, tx, id)
		if err != nil {
			return err
		}
		if r.account != destAccount {
			return fmt.Errorf("storage: move message %d: the destination belongs to another account", id)
		}
		if r.folderID == destFolderID {
			continue
		}
		if _, err := tx.exec(ctx, `UPDATE messages SET folder_id = ?, uid = NULL WHERE id = ?`, destFolderID, id); err != nil {
			return fmt.Errorf("storage: move message %d: %w", id, err)
		}
		if u != nil {
			u.Moves = append(u.Moves, UndoMove{MessageID: id, FolderID: r.folderID})
		}
		if queue(r.account) {
			if err := queueAction(ctx, tx, Action{AccountID: r.account, Kind: ActionMove, Folder: r.folder,
				UIDValidity: r.uidValidity, UID: r.uid, MessageID: id,
				Args: ActionArgs{Dest: dest, SrcFolderID: r.folderID, DestFolderID: destFolderID, Subject: r.subject}}); err != nil {
				return err
			}
		}
	}
	return nil
}

// CopyMessages copies messages into another folder of the same account.
func (s *Store) CopyMessages(ctx context.Context, ids []int64, destFolderID int64, queue bool) ([]int64, error) {
	var out []int64
	err := s.inWriteTx(ctx, ChangeMessages|ChangeFolders|ChangeActions, func(tx *writeTx) error {
		var dest string
		if err := tx.queryRow(ctx, `SELECT name FROM folders WHERE id = ?`, destFolderID).Scan(&dest); err != nil {
			return fmt.Errorf("storage: copy to folder %d: %w", destFolderID, err)
		}
		for _, id := range ids {
			r, err := loadRef(ctx, tx, id)
			if err != nil {
				return err
			}
			res, err := tx.exec(ctx, `INSERT INTO messages(account_id, folder_id, uid, uidl, message_id, in_reply_to, refs,
				thread_key, date, subject, from_name, from_addr, to_addrs, cc_addrs, seen, flagged, answered, draft, deleted,
				keywords, size, has_attachments, parse_warning, snippet, body_id, added_at, body_text)
				SELECT account_id, ?, NULL, NULL, message_id, in_reply_to, refs, thread_key, date, subject, from_name,
				from_addr, to_addrs, cc_addrs, seen, flagged, answered, draft, 0, keywords, size, has_attachments,
				parse_warning, snippet, body_id, ?, body_text FROM messages WHERE id = ?`, destFolderID, time.Now().Unix(), id)
			if err != nil {
				return fmt.Errorf("storage: copy message %d: %w", id, err)
			}
			nid, err := res.LastInsertId()
			if err != nil {
				return fmt.Errorf("storage: copy message %d: %w", id, err)
			}
			tx.indexNew(nid, true)
			if _, err := tx.exec(ctx, `INSERT INTO attachments(message_id, idx, filename, content_type, size, content_id, inline)
				SELECT ?, idx, filename, content_type, size, content_id, inline FROM attachments WHERE message_id = ?`, nid, id); err != nil {
				return fmt.Errorf("storage: copy attachments: %w", err)
			}
			out = append(out, nid)
			if queue {
				if err := queueAction(ctx, tx, Action{AccountID: r.account, Kind: ActionCopy, Folder: r.folder,
					UIDValidity: r.uidValidity, UID: r.uid, MessageID: nid,
					Args: ActionArgs{Dest: dest, DestFolderID: destFolderID, Subject: r.subject}}); err != nil {
					return err
				}
			}
		}
		return nil
	})
	return out, err
}

// DeleteMessages deletes messages the way a user means it: into the
// account's Trash, or for good when they already are in the Trash (or the
// account has none). With queue set, the server does the same later.
func (s *Store) DeleteMessages(ctx context.Context, ids []int64, queue bool) error {
	return s.inWriteTx(ctx, ChangeMessages|ChangeFolders|ChangeActions, func(tx *writeTx) error {
		return deleteMessages(ctx, tx, ids, false, ServerEffects{Queue: always(queue)}, nil)
	})
}

// deleteMessages moves messages to their account's Trash, or deletes them
// for good when forever is set, they are in the Trash already or there is
// no Trash. Moves are recorded in u when it is set; a deletion for good
// cannot be undone.
func deleteMessages(ctx context.Context, tx *writeTx, ids []int64, forever bool, p ServerEffects, u *Undo) error {
	for _, id := range ids {
		r, err := loadRef(ctx, tx, id)
		if err != nil {
			return err
		}
		trash, err := trashOf(ctx, tx, r.account)
		if err != nil {
			return err
		}
		toTrash := !forever && trash != 0 && r.role != RoleTrash
		if err := deleteFromPOP3Server(ctx, tx, r, p, toTrash, u); err != nil {
			return err
		}
		if toTrash {
			err = moveMessages(ctx, tx, []int64{id}, trash, p.queue, u)
		} else {
			err = deleteForGood(ctx, tx, r, p.queue)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// trashOf returns the id of an account's Trash, or 0 when it has none.
func trashOf(ctx context.Context, tx *writeTx, account string) (int64, error) {
	var trash int64
	err := tx.queryRow(ctx, `SELECT id FROM folders WHERE account_id = ? AND role = ?`, account, RoleTrash).Scan(&trash)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return 0, fmt.Errorf("storage: find trash: %w", err)
	}
	return trash, nil
}

// deleteFromPOP3Server marks a POP3 download deleted here for deletion on
// the server at the next check, when the account asks for that. A move to
// the Trash records it in u, so that undoing it calls the deletion off.
func deleteFromPOP3Server(ctx context.Context, tx *writeTx, r msgRef, p ServerEffects, toTrash bool, u *Undo) error {
	var uidl sql.NullString
	if err := tx.queryRow(ctx, `SELECT uidl FROM messages WHERE id = ?`, r.id).Scan(&uidl); err != nil {
		return fmt.Errorf("storage: message %d: %w", r.id, err)
	}
	if uidl.String == "" || p.POP3Delete == nil || !p.POP3Delete(r.account) {
		return nil
	}
	if _, err := tx.exec(ctx, `UPDATE pop3_uidls SET delete_on_server = 1 WHERE account_id = ? AND uidl = ?
		AND delete_on_server = 0`, r.account, uidl.String); err != nil {
		return fmt.Errorf("storage: mark %s for deletion: %w", uidl.String, err)
	}
	if u != nil && toTrash {
		u.POP3 = append(u.POP3, POP3Ref{AccountID: r.account, UIDL: uidl.String})
	}
	return nil
}

// deleteForGood deletes a message here and, when queue says the account's
// server gets the change and the message is on the server, queues its
// expunge there.
func deleteForGood(ctx context.Context, tx *writeTx, r msgRef, queue func(string) bool) error {
	if _, err := tx.exec(ctx, `DELETE FROM messages WHERE id = ?`, r.id); err != nil {
		return fmt.Errorf("storage: delete message %d: %w", r.id, err)
	}
	// Actions still queued for this message are moot once it is gone,
	// except an earlier move that brought it where it is now.
	if !queue(r.account) || (r.uid == 0 && r.uidValidity == 0) {
		return nil
	}
	return queueAction(ctx, tx, Action{AccountID: r.account, Kind: ActionExpunge, Folder: r.folder,
		UIDValidity: r.uidValidity, UID: r.uid, MessageID: r.id, Args: ActionArgs{Subject: r.subject}})
}

// CreateFolder makes a folder here at once; with queue set the server
// creates it later.
func (s *Store) CreateFolder(ctx context.Context, accountID, name, delimiter string, queue bool) (Folder, error) {
	var f Folder
	err := s.inWriteTx(ctx, ChangeFolders|ChangeActions, func(tx *writeTx) error {
		name, err := serverFolderName(ctx, tx, accountID, name)
		if err != nil {
			return err
		}
		var n int
		if err := tx.queryRow(ctx, `SELECT count(*) FROM folders WHERE account_id = ? AND name = ?`, accountID, name).Scan(&n); err != nil {
			return fmt.Errorf("storage: create folder %q: %w", name, err)
		}
		if n > 0 {
			return fmt.Errorf("storage: a folder called %q already exists", name)
		}
		if _, err := tx.exec(ctx, `INSERT INTO folders(account_id, name, delimiter, local_only) VALUES(?, ?, ?, ?)`,
			accountID, name, delimiter, !queue); err != nil {
			return fmt.Errorf("storage: create folder %q: %w", name, err)
		}
		f, err = scanFolder(tx.queryRow(ctx, `SELECT `+folderColumns+` FROM folders f WHERE account_id = ? AND name = ?`, accountID, name))
		if err != nil {
			return err
		}
		if queue {
			return queueAction(ctx, tx, Action{AccountID: accountID, Kind: ActionCreateFolder, Folder: name})
		}
		return nil
	})
	return f, err
}

// RenameFolderQueued renames a folder (and those below it) here, and with
// queue set on the server later.
func (s *Store) RenameFolderQueued(ctx context.Context, id int64, newName string, queue bool) error {
	return s.inWriteTx(ctx, ChangeFolders|ChangeActions, func(tx *writeTx) error {
		var accountID string
		err := tx.queryRow(ctx, `SELECT account_id FROM folders WHERE id = ?`, id).Scan(&accountID)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("storage: rename folder %d: %w", id, ErrNotFound)
		}
		if err != nil {
			return fmt.Errorf("storage: rename folder %d: %w", id, err)
		}
		if newName, err = serverFolderName(ctx, tx, accountID, newName); err != nil {
			return err
		}
		f, err := renameFolder(ctx, tx, id, newName)
		if err != nil || !queue {
			return err
		}
		return queueAction(ctx, tx, Action{AccountID: f.AccountID, Kind: ActionRenameFolder, Folder: f.Name,
			Args: ActionArgs{Dest: newName}})
	})
}

// DeleteFolderQueued deletes a folder and its messages here, and with queue
// set on the server later.
func (s *Store) DeleteFolderQueued(ctx context.Context, id int64, queue bool) error {
	f, err := s.FolderByID(ctx, id)
	if err != nil {
		return err
	}
	return s.inWriteTx(ctx, ChangeFolders|ChangeMessages|ChangeActions, func(tx *writeTx) error {
		if _, err := tx.exec(ctx, `DELETE FROM folders WHERE id = ?`, id); err != nil {
			return fmt.Errorf("storage: delete folder %q: %w", f.Name, err)
		}
		if queue {
			return queueAction(ctx, tx, Action{AccountID: f.AccountID, Kind: ActionDeleteFolder, Folder: f.Name})
		}
		return nil
	})
}

// PendingActions returns an account's queued actions in the order they
// were taken.
func (s *Store) PendingActions(ctx context.Context, accountID string) ([]Action, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, account_id, kind, folder, uidvalidity, uid, coalesce(message_id, 0),
		args, attempts, next_attempt, last_error FROM pending_actions WHERE account_id = ? ORDER BY id`, accountID)
	if err != nil {
		return nil, fmt.Errorf("storage: pending actions: %w", err)
	}
	defer rows.Close()
	var out []Action
	for rows.Next() {
		var a Action
		var args string
		var next int64
		if err := rows.Scan(&a.ID, &a.AccountID, &a.Kind, &a.Folder, &a.UIDValidity, &a.UID, &a.MessageID,
			&args, &a.Attempts, &next, &a.LastError); err != nil {
			return nil, fmt.Errorf("storage: pending actions: %w", err)
		}
		if err := json.Unmarshal([]byte(args), &a.Args); err != nil {
			return nil, fmt.Errorf("storage: action %d: %w", a.ID, err)
		}
		if next > 0 {
			a.NextAttempt = time.Unix(next, 0)
		}
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("storage: pending actions: %w", err)
	}
	return out, nil
}

// CompleteAction removes an action the server has carried out. newUID and
// newValidity, when not zero, are the UID the server gave the message in
// the destination folder (COPYUID, RFC 4315): the local row takes it if it
// is still there, and later actions on the same message in that folder are
// pointed at it.
func (s *Store) CompleteAction(ctx context.Context, a Action, newValidity, newUID uint32) error {
	return s.inWriteTx(ctx, ChangeActions|ChangeMessages, func(tx *writeTx) error {
		if _, err := tx.exec(ctx, `DELETE FROM pending_actions WHERE id = ?`, a.ID); err != nil {
			return fmt.Errorf("storage: complete action %d: %w", a.ID, err)
		}
		if newUID == 0 || a.MessageID == 0 {
			return nil
		}
		if _, err := tx.exec(ctx, `UPDATE messages SET uid = ? WHERE id = ? AND folder_id = ? AND uid IS NULL
			AND NOT EXISTS (SELECT 1 FROM messages o WHERE o.folder_id = ? AND o.uid = ?)`,
			newUID, a.MessageID, a.Args.DestFolderID, a.Args.DestFolderID, newUID); err != nil {
			return fmt.Errorf("storage: record new uid: %w", err)
		}
		_, err := tx.exec(ctx, `UPDATE pending_actions SET uid = ?, uidvalidity = ? WHERE message_id = ? AND uid = 0 AND folder = ?`,
			newUID, newValidity, a.MessageID, a.Args.Dest)
		return err
	})
}

// DropAction removes an action that no longer applies (the message is gone
// on the server, or the folder's UIDVALIDITY changed).
func (s *Store) DropAction(ctx context.Context, id int64) error {
	return s.execWrite(ctx, ChangeActions, fmt.Sprintf("drop action %d", id),
		`DELETE FROM pending_actions WHERE id = ?`, id)
}

// RetryAction records a transient failure; the action is tried again at next.
func (s *Store) RetryAction(ctx context.Context, id int64, cause string, next time.Time) error {
	return s.execWrite(ctx, ChangeActions, fmt.Sprintf("retry action %d", id),
		`UPDATE pending_actions SET attempts = attempts + 1, last_error = ?, next_attempt = ? WHERE id = ?`,
		cause, next.Unix(), id)
}

// RollbackAction undoes locally an action the server refused for good,
// removes it, and records a NoticeRefused with the server's words
// (reason) so the user learns of it.
func (s *Store) RollbackAction(ctx context.Context, a Action, reason string) error {
	return s.inWriteTx(ctx, ChangeActions|ChangeMessages|ChangeFolders|ChangeNotices, func(tx *writeTx) error {
		if _, err := tx.exec(ctx, `DELETE FROM pending_actions WHERE id = ?`, a.ID); err != nil {
			return err
		}
		switch a.Kind {
		case ActionFlags:
			if p := a.Args.Prev; p != nil {
				if _, err := tx.exec(ctx, `UPDATE messages SET seen = ?, flagged = ? WHERE id = ?`, p.Seen, p.Flagged, a.MessageID); err != nil {
					return err
				}
			}
		case ActionMove:
			var uid any
			if a.UID != 0 {
				uid = a.UID
			}
			if _, err := tx.exec(ctx, `UPDATE messages SET folder_id = ?, uid = ? WHERE id = ? AND folder_id = ?
				AND EXISTS (SELECT 1 FROM folders WHERE id = ?)`,
				a.Args.SrcFolderID, uid, a.MessageID, a.Args.DestFolderID, a.Args.SrcFolderID); err != nil {
				return err
			}
		case ActionCopy:
			if _, err := tx.exec(ctx, `DELETE FROM messages WHERE id = ? AND uid IS NULL`, a.MessageID); err != nil {
				return err
			}
		case ActionCreateFolder:
			if _, err := tx.exec(ctx, `DELETE FROM folders WHERE account_id = ? AND name = ?`, a.AccountID, a.Folder); err != nil {
				return err
			}
		case ActionRenameFolder:
			if _, err := tx.exec(ctx, `UPDATE folders SET name = ? WHERE account_id = ? AND name = ?`, a.Folder, a.AccountID, a.Args.Dest); err != nil {
				return err
			}
		}
		return insertNotice(ctx, tx, Notice{AccountID: a.AccountID, Kind: NoticeRefused, Action: a.Kind,
			Subject: a.Args.Subject, Folder: a.Folder, Dest: a.Args.Dest, ServerText: reason})
	})
}
