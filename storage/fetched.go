package storage

import (
	"context"
	"fmt"
	"time"
)

// FetchedMessage is a message downloaded whole from an IMAP folder: what
// the server said of it beside its source, and that source, prepared.
type FetchedMessage struct {
	UID      uint32
	Flags    Flags
	Size     int64     // RFC822.SIZE
	Received time.Time // INTERNALDATE; used when the message has no Date
	Body     PreparedBody
}

// AddFetchedMessages stores whole messages of an IMAP folder in one
// transaction. Each is written once, row, source and full-text entry
// together; a message stored first by its envelope is written twice, the
// second time with its body. A UID already stored in the folder is not
// added again: it gets its body, if it had none.
func (s *Store) AddFetchedMessages(ctx context.Context, folderID int64, msgs []FetchedMessage) error {
	return s.inWriteTx(ctx, ChangeMessages|ChangeFolders, func(tx *writeTx) error {
		var account string
		if err := tx.queryRow(ctx, `SELECT account_id FROM folders WHERE id = ?`, folderID).Scan(&account); err != nil {
			return fmt.Errorf("storage: add messages to folder %d: %w", folderID, err)
		}
		for i := range msgs {
			m := &msgs[i]
			nm := &NewMessage{UID: m.UID, Flags: m.Flags, Size: m.Size, Received: m.Received, Raw: m.Body.raw}
			if _, err := addPrepared(ctx, tx, account, folderID, nm, &m.Body); err != nil {
				return err
			}
		}
		return nil
	})
}
