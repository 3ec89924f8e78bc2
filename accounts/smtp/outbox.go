package smtp

import (
	"context"
	"errors"
	"fmt"
	"time"

	gosmtp "github.com/emersion/go-smtp"

	"github.com/tern-mail/tern/accounts"
	"github.com/tern-mail/tern/storage"
	"github.com/tern-mail/tern/storage/message"
)

// retryBackoff spaces the attempts at a message whose sending failed for
// a reason that may pass: 30 s, doubling, at most 5 minutes. (A network
// coming back or a working connection makes every message due at once:
// storage.ResetOutgoingBackoff.)
var retryBackoff = accounts.Backoff{First: 30 * time.Second, Max: 5 * time.Minute}

// RetryDelay is the wait before the next attempt at a message after its
// attempts-th failure in a row (from 0).
func RetryDelay(attempts int) time.Duration { return retryBackoff.Delay(attempts) }

// Drain sends an account's queued messages that are due, each on its own:
// one that waits or fails never holds back the others. Each is claimed
// first (storage.ClaimOutgoing), so no two senders, in this process or
// another, send the same message. Right after the server accepts one, its
// row is marked sent — before anything else — so a crash from then on
// never sends it twice; then its copy is filed in Sent (and, for IMAP,
// queued for the server's Sent folder) and the row goes. A connection that
// ends after DATA's final "." and before the answer leaves the message
// 'unknown': it is not sent again on its own. A failure that may pass
// puts the message back with its own backoff; a permanent one marks it
// failed with the server's words. When the server cannot be reached or
// refuses the account, the pass stops there.
func Drain(ctx context.Context, a accounts.Account, st *storage.Store, password string, opts Options) (sent int, err error) {
	if _, err := st.RecoverOutgoing(ctx, a.ID); err != nil {
		return 0, err
	}
	rows, err := st.Outbox(ctx, a.ID)
	if err != nil {
		return 0, err
	}
	d := &drainer{ctx: ctx, a: a, st: st, password: password, opts: opts}
	now := opts.now()
	for _, o := range rows {
		stop, err := d.one(o, now)
		if err != nil {
			return d.sent, err
		}
		if stop {
			break
		}
	}
	return d.sent, errors.Join(d.errs...)
}

// drainer is one pass of Drain.
type drainer struct {
	ctx      context.Context
	a        accounts.Account
	st       *storage.Store
	password string
	opts     Options
	sent     int
	errs     []error // what went wrong with single messages, for the caller
}

// one handles one outbox row; stop ends the pass, err is a failure of the
// store (or of the account's settings) that ends it too.
func (d *drainer) one(o storage.Outgoing, now time.Time) (stop bool, err error) {
	switch {
	case o.State == storage.OutboxSent:
		// Accepted before a crash: only the filing is left.
		return false, FileSent(d.ctx, d.a, d.st, o.ID)
	case o.State != storage.OutboxQueued || o.NextAttempt.After(now):
		return false, nil
	case d.a.Outgoing.Host == "":
		return true, fmt.Errorf("smtp: %s has no outgoing server set up", d.a.Address)
	}
	claim, err := d.st.ClaimOutgoing(d.ctx, o.ID)
	if errors.Is(err, storage.ErrClaimed) {
		return false, nil // another sender has it
	}
	if err != nil {
		return true, err
	}
	defer claim.Release()
	opts := d.opts
	opts.beforeDot = func() error { return claim.DataSent(d.ctx) }
	sendErr := Send(d.ctx, d.a.Outgoing, d.password, o.From, o.Recipients, o.Raw, opts)
	return d.settle(claim, o, sendErr)
}

// settle records how an attempt ended. The record is kept even when the
// drain's context has just been cancelled (Tern quitting): an accepted
// message must be marked sent.
func (d *drainer) settle(claim *storage.Claim, o storage.Outgoing, sendErr error) (stop bool, err error) {
	ctx := context.WithoutCancel(d.ctx)
	var rr *RecipientsRefused
	switch {
	case sendErr == nil || (errors.As(sendErr, &rr) && rr.Sent > 0):
		return false, d.accepted(ctx, claim, o, rr)
	case errors.Is(sendErr, ErrOutcomeUnknown):
		d.errs = append(d.errs, sendErr)
		return false, claim.Unknown(ctx, sendErr.Error())
	case Permanent(sendErr):
		if err := claim.Fail(ctx, sendErr.Error()); err != nil {
			return true, err
		}
		d.errs = append(d.errs, sendErr)
		return accountTrouble(sendErr), d.st.AddNotice(ctx, storage.Notice{AccountID: d.a.ID, Kind: storage.NoticeNotSent,
			Subject: subjectOf(o.Raw), ServerText: serverText(sendErr)})
	}
	if err := claim.Retry(ctx, sendErr.Error(), d.opts.now().Add(RetryDelay(o.Attempts))); err != nil {
		return true, err
	}
	d.errs = append(d.errs, sendErr)
	return accountTrouble(sendErr), nil
}

// accountTrouble tells failures that would befall every message of the
// account alike (no way to the server, a refused login, a connection that
// cannot be trusted) from those of one message.
func accountTrouble(err error) bool {
	var se *accounts.ServerError
	if errors.As(err, &se) {
		return true // a server that misbehaved for one message would for the next
	}
	for _, e := range []error{accounts.ErrUnreachable, accounts.ErrServerNotFound, accounts.ErrAuthFailed,
		accounts.ErrNoEncryption, accounts.ErrUntrusted} {
		if errors.Is(err, e) {
			return true
		}
	}
	return false
}

// accepted records a message the server took: marked sent first, then
// filed; refused recipients are told of in a notice.
func (d *drainer) accepted(ctx context.Context, claim *storage.Claim, o storage.Outgoing, rr *RecipientsRefused) error {
	if err := claim.Sent(ctx); err != nil {
		return err
	}
	d.sent++
	if d.opts.AfterAccept != nil {
		if err := d.opts.AfterAccept(); err != nil {
			return err
		}
	}
	if err := FileSent(ctx, d.a, d.st, o.ID); err != nil {
		return err
	}
	if rr == nil {
		return nil
	}
	d.errs = append(d.errs, rr)
	return d.st.AddNotice(ctx, storage.Notice{AccountID: d.a.ID, Kind: storage.NoticeSomeRecipientsRefused,
		Subject: subjectOf(o.Raw), ServerText: rr.refusals()})
}

// subjectOf is the Subject of a queued message, for notices.
func subjectOf(raw []byte) string { return message.Parse(raw).Subject }

// serverText is the server's own words from a refusal, or the error when
// the server said nothing (a refused certificate, say).
func serverText(err error) string {
	var se *gosmtp.SMTPError
	if errors.As(err, &se) && se.Message != "" {
		return se.Message
	}
	return err.Error()
}

// FileSent stores the copy of sent outbox row id in the account's Sent
// folder (queued for the server's for IMAP) and removes the row.
func FileSent(ctx context.Context, a accounts.Account, st *storage.Store, id int64) error {
	sent, err := sentFolder(ctx, a, st)
	if err != nil {
		return err
	}
	return st.FileSent(ctx, id, sent.ID, a.Protocol == accounts.IMAP)
}

// sentFolder returns the account's Sent folder, making one if it has none.
func sentFolder(ctx context.Context, a accounts.Account, st *storage.Store) (storage.Folder, error) {
	folders, err := st.Folders(ctx, a.ID)
	if err != nil {
		return storage.Folder{}, err
	}
	for _, f := range folders {
		if f.Role == storage.RoleSent {
			return f, nil
		}
	}
	return st.EnsureFolder(ctx, a.ID, "Sent", "/", storage.RoleSent)
}
