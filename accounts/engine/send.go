package engine

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/tern-mail/tern/accounts"
	"github.com/tern-mail/tern/accounts/smtp"
	"github.com/tern-mail/tern/storage"
	"github.com/tern-mail/tern/storage/message"
)

// Queue composes d and puts it in the account's outbox; it returns at once.
// The message goes out with the next drain (DrainOutbox, or the running
// sender while the window is open).
func (e *Engine) Queue(ctx context.Context, accountID string, d message.Draft) (int64, error) {
	a, err := e.m.Get(accountID)
	if err != nil {
		return 0, err
	}
	d.From = a.Sender()
	if len(d.Recipients()) == 0 {
		return 0, fmt.Errorf("send: the message has no recipient")
	}
	raw, d, err := message.Compose(d)
	if err != nil {
		return 0, err
	}
	id, err := e.st.QueueOutgoing(ctx, a.ID, a.Address, d.Recipients(), raw)
	if err != nil {
		return 0, err
	}
	e.kickSender(a.ID)
	return id, nil
}

// DrainOutbox sends what an account has queued and is due, now (see
// smtp.Drain), then looks in an IMAP account's Sent folder on the server
// for the messages whose fate is unknown. When a message went out, the
// connection works: every other queued message becomes due at once.
func (e *Engine) DrainOutbox(ctx context.Context, a accounts.Account) (int, error) {
	rows, err := e.st.Outbox(ctx, a.ID)
	if err != nil || len(rows) == 0 {
		return 0, err
	}
	pw, err := e.password(ctx, a)
	if err != nil {
		return 0, err
	}
	n, err := smtp.Drain(ctx, a, e.st, pw, e.smtpOptions(a))
	logSend(a, n, err)
	if n > 0 {
		e.reachable(a.ID)
		e.Kick(a.ID) // the Sent copy waits in the IMAP queue
		if _, rerr := e.st.ResetOutgoingBackoff(ctx, a.ID); rerr != nil {
			err = errors.Join(err, rerr)
		}
	}
	if ferr := e.findUnknownInSent(ctx, a); ferr != nil {
		err = errors.Join(err, fmt.Errorf("look in Sent for messages that may have gone: %w", ferr))
	}
	return n, err
}

// SaveDraft stores d in the account's Drafts folder, replacing the draft
// with local id replace (0 for a new one), and returns the new local id.
func (e *Engine) SaveDraft(ctx context.Context, accountID string, d message.Draft, replace int64) (int64, error) {
	a, err := e.m.Get(accountID)
	if err != nil {
		return 0, err
	}
	d.From = a.Sender()
	raw, _, err := message.Compose(d)
	if err != nil {
		return 0, err
	}
	drafts, err := e.folderWithRole(ctx, a, storage.RoleDrafts, "Drafts")
	if err != nil {
		return 0, err
	}
	id, err := e.st.SaveDraft(ctx, drafts.ID, raw, replace, a.Protocol == accounts.IMAP)
	if err != nil {
		return 0, err
	}
	e.Kick(a.ID)
	return id, nil
}

// OpenDraft reads a stored draft back for editing.
func (e *Engine) OpenDraft(ctx context.Context, id int64) (message.Draft, error) {
	m, err := e.st.Message(ctx, id)
	if err != nil {
		return message.Draft{}, err
	}
	if m.Raw == nil {
		if err := e.FetchBody(ctx, id); err != nil {
			return message.Draft{}, err
		}
		if m, err = e.st.Message(ctx, id); err != nil {
			return message.Draft{}, err
		}
	}
	return draftOf(m.Raw), nil
}

// draftOf turns a message's source back into a draft to edit.
func draftOf(raw []byte) message.Draft {
	p := message.Parse(raw)
	d := message.Draft{Subject: p.Subject, To: p.To, Cc: p.Cc, Text: p.Text, InReplyTo: p.InReplyTo, References: p.References}
	if len(p.From) > 0 {
		d.From = p.From[0]
	}
	for _, at := range p.Attachments {
		if !at.Inline {
			d.Attachments = append(d.Attachments, message.OutAttachment{Filename: at.Filename, ContentType: at.ContentType, Data: at.Data})
		}
	}
	return d
}

// Outbox returns the messages waiting to be sent (or that failed), in
// every account.
func (e *Engine) Outbox(ctx context.Context) ([]storage.Outgoing, error) {
	return e.st.Outbox(ctx, "")
}

// CancelOutgoing takes a message out of the outbox before it is sent.
func (e *Engine) CancelOutgoing(ctx context.Context, id int64) error {
	return e.st.CancelOutgoing(ctx, id)
}

// EditOutgoing takes a message out of the outbox and returns it as a
// draft of its account, to edit and send again.
func (e *Engine) EditOutgoing(ctx context.Context, id int64) (string, message.Draft, error) {
	rows, err := e.st.Outbox(ctx, "")
	if err != nil {
		return "", message.Draft{}, err
	}
	for _, o := range rows {
		if o.ID != id {
			continue
		}
		if err := e.st.CancelOutgoing(ctx, id); err != nil {
			return "", message.Draft{}, err
		}
		return o.AccountID, draftOf(o.Raw), nil
	}
	return "", message.Draft{}, fmt.Errorf("outbox: message %d: %w", id, storage.ErrAlreadySent)
}

// folderWithRole finds the account's folder for role, creating name when
// there is none.
func (e *Engine) folderWithRole(ctx context.Context, a accounts.Account, role, name string) (storage.Folder, error) {
	folders, err := e.st.Folders(ctx, a.ID)
	if err != nil {
		return storage.Folder{}, err
	}
	for _, f := range folders {
		if f.Role == role {
			return f, nil
		}
	}
	return e.st.EnsureFolder(ctx, a.ID, name, "/", role)
}

// kickSender wakes an account's sender while the window runs.
func (e *Engine) kickSender(accountID string) {
	e.mu.Lock()
	k := e.senders[accountID]
	e.mu.Unlock()
	if k != nil {
		k.Kick()
	}
}

// runSender drains an account's outbox whenever kicked, and when the
// next queued message is due (at most five minutes apart).
func (e *Engine) runSender(ctx context.Context, a accounts.Account, kick *accounts.Kicker) {
	t := time.NewTimer(senderMaxWait)
	defer t.Stop()
	for {
		_, err := e.DrainOutbox(ctx, a)
		if ctx.Err() != nil {
			return
		}
		e.st.SetSendError(a.ID, err)
		t.Reset(e.senderWait(ctx, a.ID, err))
		select {
		case <-ctx.Done():
			return
		case <-kick.Kicked():
		case <-t.C:
		}
	}
}

// OutboxCount returns how many messages wait to be sent, in all accounts.
func (e *Engine) OutboxCount(ctx context.Context) int {
	rows, err := e.st.Outbox(ctx, "")
	if err != nil {
		return 0
	}
	return len(rows)
}
