package storage

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/tern-mail/tern/storage/message"
)

// Addresses suggests addresses for a recipient field: people who wrote to
// the user and people the user wrote to, whose name or address starts
// with (or has a word starting with) prefix; most recently seen first.
func (s *Store) Addresses(ctx context.Context, prefix string, limit int) ([]message.Address, error) {
	p := strings.ToLower(strings.TrimSpace(prefix))
	if p == "" {
		return nil, nil
	}
	like := p + "%"
	word := "% " + p + "%"
	rows, err := s.db.QueryContext(ctx, `
		SELECT from_name, from_addr, max(date) AS d FROM messages
		WHERE from_addr != '' AND (lower(from_addr) LIKE ?1 OR lower(from_name) LIKE ?1 OR lower(from_name) LIKE ?2)
		GROUP BY lower(from_addr) ORDER BY d DESC LIMIT ?3`, like, word, limit)
	if err != nil {
		return nil, fmt.Errorf("storage: addresses: %w", err)
	}
	seen := map[string]int64{}
	var out []message.Address
	for rows.Next() {
		var a message.Address
		var d int64
		if err := rows.Scan(&a.Name, &a.Email, &d); err != nil {
			rows.Close()
			return nil, err
		}
		seen[strings.ToLower(a.Email)] = d
		out = append(out, a)
	}
	rows.Close()
	// Recipients of what the user sent.
	sent, err := s.db.QueryContext(ctx, `SELECT m.to_addrs || ', ' || m.cc_addrs, m.date FROM messages m
		JOIN folders f ON f.id = m.folder_id WHERE f.role = ? AND lower(m.to_addrs || m.cc_addrs) LIKE ?
		ORDER BY m.date DESC LIMIT 200`, RoleSent, "%"+p+"%")
	if err != nil {
		return nil, fmt.Errorf("storage: addresses: %w", err)
	}
	defer sent.Close()
	for sent.Next() {
		var list string
		var d int64
		if err := sent.Scan(&list, &d); err != nil {
			return nil, err
		}
		// A list stored before names were quoted may not read back.
		addrs, _ := message.ParseAddressList(list)
		for _, a := range addrs {
			k := strings.ToLower(a.Email)
			if _, ok := seen[k]; ok {
				continue
			}
			n := strings.ToLower(a.Name)
			if !strings.HasPrefix(k, p) && !strings.HasPrefix(n, p) && !strings.Contains(n, " "+p) {
				continue
			}
			seen[k] = d
			out = append(out, a)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		return seen[strings.ToLower(out[i].Email)] > seen[strings.ToLower(out[j].Email)]
	})
	if len(out) > limit {
		out = out[:limit]
	}
	return out, sent.Err()
}
