package engine

import (
	"context"
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

// DrainOutbox sends what an account has queued, now.
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
	if n > 0 {
		e.Kick(a.ID) // the Sent copy waits in the IMAP queue
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
	p := message.Parse(m.Raw)
	d := message.Draft{Subject: p.Subject, To: p.To, Cc: p.Cc, Text: p.Text, InReplyTo: p.InReplyTo, References: p.References}
	if len(p.From) > 0 {
		d.From = p.From[0]
	}
	for _, at := range p.Attachments {
		if !at.Inline {
			d.Attachments = append(d.Attachments, message.OutAttachment{Filename: at.Filename, ContentType: at.ContentType, Data: at.Data})
		}
	}
	return d, nil
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
	ch := e.senders[accountID]
	e.mu.Unlock()
	if ch != nil {
		select {
		case ch <- struct{}{}:
		default:
		}
	}
}

// runSender drains an account's outbox whenever kicked, and every minute
// while something is waiting.
func (e *Engine) runSender(ctx context.Context, a accounts.Account, kick <-chan struct{}) {
	t := time.NewTicker(time.Minute)
	defer t.Stop()
	for {
		_, err := e.DrainOutbox(ctx, a)
		e.mu.Lock()
		e.sendErr[a.ID] = err
		e.mu.Unlock()
		select {
		case <-ctx.Done():
			return
		case <-kick:
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
