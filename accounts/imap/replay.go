package imap

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"

	"github.com/tern-mail/tern/accounts"
	"github.com/tern-mail/tern/storage"
)

// errGone means an action's message or folder no longer exists (or its
// UIDVALIDITY changed): the action is dropped.
var errGone = errors.New("no longer on the server")

// replayBackoff spaces the attempts at a queued change that failed for a
// reason that may pass (the connection, a busy server).
var replayBackoff = accounts.Backoff{First: 2 * time.Second, Max: 10 * time.Minute}

// permanent reports whether err is the server refusing for good (a NO or
// BAD answer that retrying will not change), as opposed to the connection
// failing.
func permanent(err error) bool {
	var ie *imap.Error
	if !errors.As(err, &ie) {
		return false
	}
	switch ie.Code {
	case imap.ResponseCodeUnavailable, imap.ResponseCodeInUse, imap.ResponseCodeLimit, imap.ResponseCodeServerBug:
		return false
	}
	return ie.Type == imap.StatusResponseTypeNo || ie.Type == imap.StatusResponseTypeBad
}

// replay applies the account's pending actions on the server, in order.
// It stops at the first transient failure (keeping the order) and returns
// it; actions that are done, moot or refused are removed.
func (c *Conn) replay(ctx context.Context, st *storage.Store, accountID string) error {
	alone := 0 // after the server refused a batch: how many to try one at a time
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		// Re-read the head each time: completing a move points later
		// actions on the same message at its new UID.
		actions, err := st.PendingActions(ctx, accountID)
		if err != nil {
			return err
		}
		if len(actions) == 0 {
			return nil
		}
		a := actions[0]
		if a.NextAttempt.After(time.Now()) {
			return nil // wait for its turn; later actions depend on it
		}
		if batch := batchOf(actions); len(batch) > 1 && alone == 0 {
			refused, err := c.replayBatch(ctx, st, batch)
			if err != nil {
				return err
			}
			if refused {
				alone = len(batch)
			}
			continue
		}
		alone = max(alone-1, 0)
		validity, newUID, err := c.apply(ctx, st, a)
		switch {
		case err == nil:
			if err := st.CompleteAction(ctx, a, validity, newUID); err != nil {
				return err
			}
		case errors.Is(err, errGone):
			if err := st.DropAction(ctx, a.ID); err != nil {
				return err
			}
		case permanent(err):
			if err := st.RollbackAction(ctx, a, serverText(err)); err != nil {
				return err
			}
		default:
			st.RetryAction(ctx, a.ID, err.Error(), time.Now().Add(replayBackoff.Delay(a.Attempts)))
			return fmt.Errorf("imap: replay %s: %w", a.Kind, err)
		}
	}
}

// serverText is the server's own words from a refusal.
func serverText(err error) string {
	var ie *imap.Error
	if errors.As(err, &ie) && ie.Text != "" {
		return ie.Text
	}
	return err.Error()
}

// apply carries out one action. For moves and copies it returns the
// destination's UIDVALIDITY and the message's new UID when the server says
// (UIDPLUS).
func (c *Conn) apply(ctx context.Context, st *storage.Store, a storage.Action) (uint32, uint32, error) {
	switch a.Kind {
	case storage.ActionCreateFolder:
		c.names.mailbox(a.Folder)
		err := c.run("CREATE", func() error { return c.c.Create(a.Folder, nil).Wait() })
		if code(err) == imap.ResponseCodeAlreadyExists {
			err = nil
		}
		if err == nil {
			c.names.mailbox(a.Folder)
			c.run("SUBSCRIBE", func() error { return c.c.Subscribe(a.Folder).Wait() })
		}
		return 0, 0, err
	case storage.ActionRenameFolder:
		c.names.mailbox(a.Folder)
		err := c.run("RENAME", func() error { return c.c.Rename(a.Folder, a.Args.Dest, nil).Wait() })
		if code(err) == imap.ResponseCodeNonExistent || code(err) == imap.ResponseCodeAlreadyExists {
			return 0, 0, errGone // done before (a replay after a crash) or done elsewhere
		}
		if err == nil {
			c.run("SUBSCRIBE", func() error { return c.c.Subscribe(a.Args.Dest).Wait() })
			if c.selected == a.Folder {
				c.selected, c.selectedData = "", nil
			}
		}
		return 0, 0, err
	case storage.ActionDeleteFolder:
		if c.selected == a.Folder {
			c.run("UNSELECT", func() error { return c.c.Unselect().Wait() })
			c.selected, c.selectedData = "", nil
		}
		c.names.mailbox(a.Folder)
		err := c.run("DELETE", func() error { return c.c.Delete(a.Folder).Wait() })
		if code(err) == imap.ResponseCodeNonExistent {
			return 0, 0, errGone
		}
		return 0, 0, err
	}

	if a.Kind == storage.ActionAppend {
		return c.appendMessage(ctx, st, a)
	}

	uid := a.UID
	if uid == 0 {
		found, err := c.refind(ctx, st, a)
		if err != nil {
			return 0, 0, err
		}
		uid, a.UIDValidity = found, 0
	}
	data, err := c.applySet(a, imap.UIDSetNum(imap.UID(uid)))
	if err != nil {
		return 0, 0, err
	}
	if a.Kind == storage.ActionMove || a.Kind == storage.ActionCopy {
		return copied(data, uid)
	}
	return 0, 0, nil
}

// refind looks for an action's message in its folder by Message-ID, when
// its UID there is not known: the server that moved it there gave no
// COPYUID (RFC 4315), or it was moved back before its UID came.
func (c *Conn) refind(ctx context.Context, st *storage.Store, a storage.Action) (uint32, error) {
	if a.MessageID == 0 {
		return 0, fmt.Errorf("%w: the message's place on the server is not known", errGone)
	}
	m, err := st.Message(ctx, a.MessageID)
	if errors.Is(err, storage.ErrNotFound) || (err == nil && m.MessageID == "") {
		return 0, fmt.Errorf("%w: the message's place on the server is not known", errGone)
	}
	if err != nil {
		return 0, err
	}
	if _, err := c.selectFolder(a.Folder); err != nil {
		if code(err) == imap.ResponseCodeNonExistent {
			return 0, errGone
		}
		return 0, err
	}
	uid, err := c.uidByMessageID(m.MessageID)
	if err != nil {
		return 0, fmt.Errorf("imap: search %q for a message: %w", a.Folder, err)
	}
	if uid == 0 {
		return 0, fmt.Errorf("%w: no message with that Message-ID in %q", errGone, a.Folder)
	}
	return uid, nil
}

// applySet carries out a message action (flags, move, copy, expunge) of
// the kind and folder of a on the messages in set. For moves and copies it
// returns what the server said of the new UIDs, nil without UIDPLUS.
func (c *Conn) applySet(a storage.Action, set imap.UIDSet) (*imap.CopyData, error) {
	sel, err := c.selectFolder(a.Folder)
	if code(err) == imap.ResponseCodeNonExistent {
		return nil, errGone
	}
	if err != nil {
		return nil, err
	}
	if a.UIDValidity != 0 && sel.UIDValidity != a.UIDValidity {
		return nil, fmt.Errorf("%w: UIDVALIDITY of %q changed", errGone, a.Folder)
	}
	switch a.Kind {
	case storage.ActionFlags:
		if len(a.Args.Add) > 0 {
			if err := c.store(set, imap.StoreFlagsAdd, toFlags(a.Args.Add)); err != nil {
				return nil, err
			}
		}
		if len(a.Args.Remove) > 0 {
			if err := c.store(set, imap.StoreFlagsDel, toFlags(a.Args.Remove)); err != nil {
				return nil, err
			}
		}
		return nil, nil
	case storage.ActionMove:
		if c.canMove() {
			md, err := c.move(set, a.Args.Dest)
			if err != nil {
				return nil, err
			}
			data := &imap.CopyData{UIDValidity: md.UIDValidity}
			if s, ok := md.SourceUIDs.(imap.UIDSet); ok {
				data.SourceUIDs = s
			}
			if d, ok := md.DestUIDs.(imap.UIDSet); ok {
				data.DestUIDs = d
			}
			return data, nil
		}
		data, err := c.copy(set, a.Args.Dest)
		if err != nil {
			return nil, err
		}
		if err := c.expunge(set); err != nil {
			return nil, err
		}
		return data, nil
	case storage.ActionCopy:
		return c.copy(set, a.Args.Dest)
	case storage.ActionExpunge:
		return nil, c.expunge(set)
	}
	return nil, fmt.Errorf("imap: unknown action %q", a.Kind)
}

// expunge deletes the messages in set for good: \Deleted, then UID
// EXPUNGE (RFC 4315 section 2.1) so that nothing else marked \Deleted goes
// with them. Without UIDPLUS, EXPUNGE removes every \Deleted message of the
// folder (RFC 9051 section 6.4.3), also those another client marked and
// meant to keep until it expunges: they lose the flag for the moment and
// get it back after.
func (c *Conn) expunge(set imap.UIDSet) error {
	if err := c.store(set, imap.StoreFlagsAdd, []imap.Flag{imap.FlagDeleted}); err != nil {
		return err
	}
	if c.uidExpunge() {
		return c.within(c.sparse("EXPUNGE", c.replies()), func() error { return c.c.UIDExpunge(set).Close() })
	}
	res, err := c.search(&imap.SearchCriteria{Flag: []imap.Flag{imap.FlagDeleted}})
	if err != nil {
		return fmt.Errorf("search deleted: %w", err)
	}
	mine := map[imap.UID]bool{}
	if nums, ok := set.Nums(); ok {
		for _, u := range nums {
			mine[u] = true
		}
	}
	var others imap.UIDSet
	for _, u := range res.AllUIDs() {
		if !mine[u] {
			others.AddNum(u)
		}
	}
	if len(others) > 0 {
		if err := c.store(others, imap.StoreFlagsDel, []imap.Flag{imap.FlagDeleted}); err != nil {
			return fmt.Errorf("keep others' deleted messages: %w", err)
		}
	}
	err = c.within(c.sparse("EXPUNGE", c.replies()), func() error { return c.c.Expunge().Close() })
	if len(others) > 0 {
		// Given back even when EXPUNGE failed.
		if rerr := c.store(others, imap.StoreFlagsAdd, []imap.Flag{imap.FlagDeleted}); rerr != nil && err == nil {
			err = fmt.Errorf("mark others' messages deleted again: %w", rerr)
		}
	}
	return err
}

// copied reads the new UID out of a COPYUID response. A server with
// UIDPLUS that copied nothing means the message was gone.
func copied(data *imap.CopyData, uid uint32) (uint32, uint32, error) {
	if data == nil || data.UIDValidity == 0 {
		return 0, 0, nil // no UIDPLUS: the next sync finds the copy
	}
	src, dst := data.SourceUIDs, data.DestUIDs
	if len(src) == 0 {
		return 0, 0, errGone
	}
	srcNums, _ := src.Nums()
	dstNums, _ := dst.Nums()
	for i, s := range srcNums {
		if uint32(s) == uid && i < len(dstNums) {
			return data.UIDValidity, uint32(dstNums[i]), nil
		}
	}
	return 0, 0, errGone
}

func toFlags(l []string) []imap.Flag {
	out := make([]imap.Flag, len(l))
	for i, f := range l {
		out[i] = imap.Flag(f)
	}
	return out
}

// code returns the response code of an IMAP error, or "".
func code(err error) imap.ResponseCode {
	var ie *imap.Error
	if errors.As(err, &ie) {
		return ie.Code
	}
	return ""
}

// appendMessage uploads a local message (a Sent copy or a draft). It first
// looks for the message by Message-ID, so a replay after a crash between
// APPEND and its bookkeeping does not upload it twice; then deletes the
// version it replaces, if any.
func (c *Conn) appendMessage(ctx context.Context, st *storage.Store, a storage.Action) (uint32, uint32, error) {
	m, err := st.Message(ctx, a.MessageID)
	if errors.Is(err, storage.ErrNotFound) || (err == nil && m.Raw == nil) {
		return 0, 0, errGone // deleted here meanwhile, or replaced by a newer draft
	}
	if err != nil {
		return 0, 0, err
	}
	sel, err := c.selectOrCreate(a.Folder)
	if err != nil {
		return 0, 0, err
	}
	newUID, err := c.uidByMessageID(m.MessageID)
	if err != nil {
		return 0, 0, err
	}
	validity := sel.UIDValidity
	if newUID == 0 {
		if newUID, validity, err = c.appendRaw(a.Folder, m.Raw, toFlags(a.Args.Add)); err != nil {
			return 0, 0, err
		}
	}
	if err := c.deleteReplaced(a, sel.UIDValidity, newUID); err != nil {
		return 0, 0, err
	}
	if newUID == 0 {
		return 0, 0, nil // no UIDPLUS: the next sync adopts it by Message-ID
	}
	return validity, newUID, nil
}

// selectOrCreate selects folder, creating it first if the server says it
// does not exist.
func (c *Conn) selectOrCreate(folder string) (*imap.SelectData, error) {
	sel, err := c.selectFolder(folder)
	if code(err) == imap.ResponseCodeNonExistent || code(err) == imap.ResponseCodeTryCreate {
		c.names.mailbox(folder)
		if err := c.run("CREATE", func() error { return c.c.Create(folder, nil).Wait() }); err != nil && code(err) != imap.ResponseCodeAlreadyExists {
			return nil, err
		}
		sel, err = c.selectFolder(folder)
	}
	return sel, err
}

// uidByMessageID returns the UID of the selected folder's last message
// with the Message-ID id, or 0 when there is none (or id is "").
func (c *Conn) uidByMessageID(id string) (uint32, error) {
	if id == "" {
		return 0, nil
	}
	res, err := c.search(&imap.SearchCriteria{Header: []imap.SearchCriteriaHeaderField{
		{Key: "Message-ID", Value: "<" + id + ">"}}})
	if err != nil {
		return 0, err
	}
	if uids := res.AllUIDs(); len(uids) > 0 {
		return uint32(uids[len(uids)-1]), nil
	}
	return 0, nil
}

// appendRaw APPENDs raw to folder with flags and returns the new
// message's UID and the folder's UIDVALIDITY as APPENDUID tells them
// (RFC 4315), or zeros from a server without UIDPLUS.
func (c *Conn) appendRaw(folder string, raw []byte, flags []imap.Flag) (uid, validity uint32, err error) {
	var data *imap.AppendData
	err = c.within(c.transfer("APPEND", int64(len(raw))), func() error {
		c.names.mailbox(folder)
		cmd := c.c.Append(folder, int64(len(raw)), &imap.AppendOptions{Flags: flags})
		if _, err := cmd.Write(raw); err != nil {
			return err
		}
		if err := cmd.Close(); err != nil {
			return err
		}
		var err error
		data, err = cmd.Wait()
		return err
	})
	if err != nil {
		return 0, 0, err
	}
	c.forgetSelection()
	if data.UIDValidity == 0 {
		return 0, 0, nil
	}
	return uint32(data.UID), data.UIDValidity, nil
}

// deleteReplaced expunges the server's copy of the version a replaces (a
// draft saved anew), if it has one, it is still in the folder's current
// UIDVALIDITY (validity) and it is not the message just stored (newUID).
func (c *Conn) deleteReplaced(a storage.Action, validity, newUID uint32) error {
	if a.UID == 0 || (a.UIDValidity != 0 && a.UIDValidity != validity) || a.UID == newUID {
		return nil
	}
	if _, err := c.selectFolder(a.Folder); err != nil {
		return err
	}
	return c.expunge(imap.UIDSetNum(imap.UID(a.UID)))
}

// replies is what the answer to a command on the selected folder may
// take when the server reports each of its messages: a line each.
func (c *Conn) replies() int64 { return int64(c.messages()+fetchSlack) * flagBytes }

// store changes the flags of the messages in set (op: add or remove),
// silently.
func (c *Conn) store(set imap.UIDSet, op imap.StoreFlagsOp, flags []imap.Flag) error {
	return c.within(c.sparse("STORE", c.replies()), func() error {
		return c.c.Store(set, &imap.StoreFlags{Op: op, Silent: true, Flags: flags}, nil).Close()
	})
}

// move moves the messages in set to dest (RFC 6851).
func (c *Conn) move(set imap.UIDSet, dest string) (*imapclient.MoveData, error) {
	var md *imapclient.MoveData
	err := c.within(c.sparse("MOVE", c.replies()), func() error {
		c.names.mailbox(dest)
		var err error
		md, err = c.c.Move(set, dest).Wait()
		return err
	})
	return md, err
}

// copy copies the messages in set to dest.
func (c *Conn) copy(set imap.UIDSet, dest string) (*imap.CopyData, error) {
	var data *imap.CopyData
	err := c.within(c.small("COPY"), func() error {
		c.names.mailbox(dest)
		var err error
		data, err = c.c.Copy(set, dest).Wait()
		return err
	})
	return data, err
}
