package storage

import (
	"context"
	"fmt"
)

// KnownBodies returns, for the messages of a folder that have no body yet,
// the source of another message of the same account with the same
// Message-ID and size that has one, keyed by local message id. It is the
// same message filed in two places — as Gmail shows a message with two
// labels in two folders and in "[Gmail]/All Mail" — and need not be
// downloaded again. At most limit are returned, so that what is read
// stays small however large the folder: once stored, they are no longer
// returned, and the next call returns the next ones.
func (s *Store) KnownBodies(ctx context.Context, folderID int64, limit int) (map[int64][]byte, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT m.id, (SELECT b.raw FROM messages o JOIN bodies b ON b.id = o.body_id
			WHERE o.account_id = m.account_id AND o.message_id = m.message_id AND o.size = m.size LIMIT 1)
		FROM messages m
		WHERE m.folder_id = ? AND m.body_id IS NULL AND m.message_id != ''
		  AND EXISTS (SELECT 1 FROM messages o WHERE o.account_id = m.account_id AND o.message_id = m.message_id
		    AND o.size = m.size AND o.body_id IS NOT NULL)
		LIMIT ?`, folderID, limit)
	if err != nil {
		return nil, fmt.Errorf("storage: known bodies of folder %d: %w", folderID, err)
	}
	defer rows.Close()
	out := map[int64][]byte{}
	for rows.Next() {
		var id int64
		var raw []byte
		if err := rows.Scan(&id, &raw); err != nil {
			return nil, fmt.Errorf("storage: known bodies of folder %d: %w", folderID, err)
		}
		out[id] = raw
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("storage: known bodies of folder %d: %w", folderID, err)
	}
	return out, nil
}
