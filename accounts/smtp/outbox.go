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
// a reason that may pass.
var retryBackoff = accounts.Backoff{First: 30 * time.Second, Max: time.Hour}

// Drain sends an account's queued messages in order. Right after the
// server accepts one, its row is marked sent — before anything else — so a
// crash from then on never sends it twice; then its copy is filed in Sent
// (and, for IMAP, queued for the server's Sent folder) and the row goes.
// A transient failure stops the drain (later rows wait their turn); a
// permanent one marks that row failed with the server's words and goes on.
func Drain(ctx context.Context, a accounts.Account, st *storage.Store, password string, opts Options) (sent int, err error) {
	rows, err := st.Outbox(ctx, a.ID)
	if err != nil {
		return 0, err
	}
	var failed []error
	for _, o := range rows {
		switch {
		case o.State == storage.OutboxFailed:
			continue
		case o.State == storage.OutboxSent:
			// Accepted before a crash: only the filing is left.
			if err := file(ctx, a, st, o.ID); err != nil {
				return sent, err
			}
			continue
		case o.NextAttempt.After(time.Now()):
			return sent, nil
		}
		if a.Outgoing.Host == "" {
			return sent, fmt.Errorf("smtp: %s has no outgoing server set up", a.Address)
		}
		err := Send(ctx, a.Outgoing, password, o.From, o.Recipients, o.Raw, opts)
		var rr *RecipientsRefused
		accepted := err == nil || (errors.As(err, &rr) && rr.Sent > 0)
		if accepted {
			if err := st.MarkOutgoingSent(ctx, o.ID); err != nil {
				return sent, err
			}
			sent++
			if opts.AfterAccept != nil {
				if err := opts.AfterAccept(); err != nil {
					return sent, err
				}
			}
			if err := file(ctx, a, st, o.ID); err != nil {
				return sent, err
			}
			if rr != nil {
				if err := st.AddNotice(ctx, storage.Notice{AccountID: a.ID, Kind: storage.NoticeSomeRecipientsRefused,
					Subject: subjectOf(o.Raw), ServerText: rr.refusals()}); err != nil {
					return sent, err
				}
				failed = append(failed, rr)
			}
			continue
		}
		if Permanent(err) {
			if err := st.FailOutgoing(ctx, o.ID, err.Error()); err != nil {
				return sent, err
			}
			if err := st.AddNotice(ctx, storage.Notice{AccountID: a.ID, Kind: storage.NoticeNotSent,
				Subject: subjectOf(o.Raw), ServerText: serverText(err)}); err != nil {
				return sent, err
			}
			failed = append(failed, err)
			continue
		}
		st.RetryOutgoing(ctx, o.ID, err.Error(), time.Now().Add(retryBackoff.Delay(o.Attempts)))
		return sent, err
	}
	return sent, errors.Join(failed...)
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

// file stores the sent copy and removes the outbox row.
func file(ctx context.Context, a accounts.Account, st *storage.Store, id int64) error {
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
