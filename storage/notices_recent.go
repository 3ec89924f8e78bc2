package storage

import (
	"context"
	"fmt"
	"slices"
)

// RecentNotices returns the last limit notices, dismissed or not, oldest
// first: what a report for support lists.
func (s *Store) RecentNotices(ctx context.Context, limit int) ([]Notice, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+noticeColumns+` FROM notices ORDER BY id DESC LIMIT ?`, limit)
	if err != nil {
		return nil, fmt.Errorf("storage: recent notices: %w", err)
	}
	defer rows.Close()
	var out []Notice
	for rows.Next() {
		n, err := scanNotice(rows)
		if err != nil {
			return nil, fmt.Errorf("storage: recent notices: %w", err)
		}
		out = append(out, n)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("storage: recent notices: %w", err)
	}
	slices.Reverse(out)
	return out, nil
}
