package imap

import (
	"context"

	"github.com/tern-mail/tern/storage"
)

// adoptKnownBodies gives the folder's messages that lack a body the source
// of the same message stored from another folder, so it is not downloaded
// twice: Gmail shows one message in every folder named after its labels and
// in "[Gmail]/All Mail". The store keeps the source once, keyed by its
// content.
func adoptKnownBodies(ctx context.Context, st *storage.Store, f storage.Folder) error {
	known, err := st.KnownBodies(ctx, f.ID)
	if err != nil || len(known) == 0 {
		return err
	}
	prep := make(map[int64]storage.PreparedBody, len(known))
	for id, raw := range known {
		prep[id] = storage.PrepareBody(raw)
	}
	return st.SetPreparedBodies(ctx, prep)
}
