package imap

import (
	"context"

	"github.com/tern-mail/tern/storage"
)

// adoptKnownBodies gives the folder's messages that lack a body the source
// of the same message stored from another folder, so it is not downloaded
// twice: Gmail shows one message in every folder named after its labels and
// in "[Gmail]/All Mail". The store keeps the source once, keyed by its
// content. It reads them a batch at a time, so a large folder of copies
// never passes through memory at once.
func adoptKnownBodies(ctx context.Context, st *storage.Store, f storage.Folder) error {
	for {
		known, err := st.KnownBodies(ctx, f.ID, maxBatchMessages)
		if err != nil || len(known) == 0 {
			return err
		}
		prep := make(map[int64]storage.PreparedBody, len(known))
		for id, raw := range known {
			prep[id] = storage.PrepareBody(raw)
		}
		if err := st.SetPreparedBodies(ctx, prep); err != nil {
			return err
		}
		if len(known) < maxBatchMessages {
			return nil
		}
	}
}
