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

// findUnknownInSent looks for each message of an IMAP account whose fate
// is unknown in the server's Sent folder (Gmail and Outlook put a copy of
// what they send there themselves). One found went out: its outbox row
// goes, and the server's copy is the one filed (none is appended).
func (e *Engine) findUnknownInSent(ctx context.Context, a accounts.Account) error {
	if a.Protocol != accounts.IMAP {
		return nil
	}
	unknown, err := e.unknownRows(ctx, a.ID)
	if err != nil || len(unknown) == 0 {
		return err
	}
	sent, ok, err := e.serverSent(ctx, a)
	if err != nil || !ok {
		return err
	}
	c, err := e.dialIMAP(ctx, a)
	if err != nil {
		return err
	}
	defer c.Close()
	found := 0
	for _, o := range unknown {
		id := message.Parse(o.Raw).MessageID
		if id == "" {
			continue
		}
		there, err := c.HasMessageID(sent.Name, id)
		if err != nil {
			return err
		}
		if !there {
			continue
		}
		if err := e.st.DropFiledOutgoing(ctx, o.ID); err != nil {
			return err
		}
		found++
	}
	if found > 0 {
		e.Kick(a.ID) // bring the server's copy here
	}
	return nil
}

// unknownRows returns an account's outbox rows whose fate is unknown.
func (e *Engine) unknownRows(ctx context.Context, accountID string) ([]storage.Outgoing, error) {
	rows, err := e.st.Outbox(ctx, accountID)
	if err != nil {
		return nil, err
	}
	var out []storage.Outgoing
	for _, o := range rows {
		if o.State == storage.OutboxUnknown {
			out = append(out, o)
		}
	}
	return out, nil
}

// serverSent returns an IMAP account's Sent folder as the server knows
// it; ok is false when the account has none yet.
func (e *Engine) serverSent(ctx context.Context, a accounts.Account) (storage.Folder, bool, error) {
	folders, err := e.st.Folders(ctx, a.ID)
	if err != nil {
		return storage.Folder{}, false, err
	}
	for _, f := range folders {
		if f.Role == storage.RoleSent {
			return f, true, nil
		}
	}
	return storage.Folder{}, false, nil
}

// ResendOutgoing sends again a message whose fate was unknown: the person
// chose "Send again".
func (e *Engine) ResendOutgoing(ctx context.Context, id int64) error {
	o, err := e.st.OutgoingByID(ctx, id)
	if err != nil {
		return err
	}
	if err := e.st.ResendOutgoing(ctx, id); err != nil {
		return err
	}
	e.kickSender(o.AccountID)
	return nil
}

// ConfirmOutgoingSent files a message whose fate was unknown as sent: the
// person chose "It arrived". For IMAP its copy goes to the server's Sent
// folder as for any sent message.
func (e *Engine) ConfirmOutgoingSent(ctx context.Context, id int64) error {
	o, err := e.st.OutgoingByID(ctx, id)
	if err != nil {
		return err
	}
	a, err := e.m.Get(o.AccountID)
	if err != nil {
		return err
	}
	if err := e.st.ConfirmOutgoingSent(ctx, id); err != nil {
		return err
	}
	if err := smtp.FileSent(ctx, a, e.st, id); err != nil {
		return err
	}
	e.Kick(a.ID)
	return nil
}

// NetworkUp makes every queued message of every account due at once and
// wakes the senders, and has every worker reconnect (or check its
// connection) at once: for whoever learns that the network came back or
// the computer woke up.
func (e *Engine) NetworkUp() {
	e.resetOutbox("")
	e.recheck("")
}

// GetMail is the person's "Get mail" for an account: a pass of its worker
// now, and its queued messages due at once.
func (e *Engine) GetMail(accountID string) {
	e.resetOutbox(accountID)
	e.Kick(accountID)
}

// resetOutbox makes an account's queued messages ("" for all accounts)
// due now and wakes the senders concerned.
func (e *Engine) resetOutbox(accountID string) {
	if _, err := e.st.ResetOutgoingBackoff(context.Background(), accountID); err != nil {
		e.st.SetSendError(accountID, fmt.Errorf("outbox: %w", err))
		return
	}
	e.mu.Lock()
	var kicks []*accounts.Kicker
	for id, k := range e.senders {
		if accountID == "" || id == accountID {
			kicks = append(kicks, k)
		}
	}
	e.mu.Unlock()
	for _, k := range kicks {
		k.Kick()
	}
}

// connected hears each worker status. When an account's connection works
// again after it did not (or for the first time), its queued messages
// become due at once.
func (e *Engine) connected(accountID string, online bool, err error) {
	up := online && err == nil
	e.mu.Lock()
	was := e.online[accountID]
	if e.online == nil {
		e.online = map[string]bool{}
	}
	e.online[accountID] = up
	e.mu.Unlock()
	if up && !was {
		e.resetOutbox(accountID)
	}
}

// Sender pacing: a pass after an error waits at least senderMinWait
// (so an unreachable server is not dialled in a loop), and never more
// than senderMaxWait (messages whose fate is unknown are looked for in
// Sent again then).
const (
	senderMinWait = time.Second
	senderErrWait = 30 * time.Second
	senderMaxWait = 5 * time.Minute
)

// senderWait is how long the sender sleeps (unless kicked) after a pass
// that ended with err.
func (e *Engine) senderWait(ctx context.Context, accountID string, err error) time.Duration {
	due, ok, qerr := e.st.NextOutgoingDue(ctx, accountID)
	if qerr != nil || !ok {
		return senderMaxWait
	}
	lo := senderMinWait
	if err != nil {
		lo = senderErrWait
	}
	return min(max(time.Until(due), lo), senderMaxWait)
}
