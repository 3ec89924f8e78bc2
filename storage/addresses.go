package storage

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"sort"
	"strings"
	"time"

	"github.com/tern-mail/tern/storage/message"
)

// Ranking of suggested addresses. Each message the user sent to someone
// counts 1, each message received from them counts receivedWeight, and
// every count halves in weight per halfLife of age: the people written to
// often and lately come first, and people who only wrote to the user come
// after the ones the user writes to.
const (
	halfLife       = 30 * 24 * time.Hour
	receivedWeight = 0.1
	rankScan       = 500 // newest matching messages looked at, per kind
)

// Addresses suggests addresses for a recipient field: people the user
// wrote to, people who wrote to the user and the address book's, whose name or address starts
// with (or has a word starting with) prefix, ranked by how often and how
// recently the user wrote to them.
func (s *Store) Addresses(ctx context.Context, prefix string, limit int) ([]message.Address, error) {
	return s.rankAddresses(ctx, prefix, limit, time.Now())
}

// candidate is one address being ranked.
type candidate struct {
	addr  message.Address
	score float64
	last  int64 // newest date seen, for the name and for ties
}

// ranking gathers candidates by address, as of now.
type ranking struct {
	now     time.Time
	byEmail map[string]*candidate
}

// add counts one message with a, dated date (Unix seconds), at weight.
func (rk *ranking) add(a message.Address, date int64, weight float64) {
	k := strings.ToLower(a.Email)
	if k == "" {
		return
	}
	c := rk.byEmail[k]
	if c == nil {
		c = &candidate{addr: a, last: date}
		rk.byEmail[k] = c
	}
	age := max(rk.now.Sub(time.Unix(date, 0)), 0)
	c.score += weight * math.Exp2(-float64(age)/float64(halfLife))
	// The newest name a person went by is the one to show.
	if date >= c.last && a.Name != "" || c.addr.Name == "" {
		c.addr.Name = a.Name
	}
	if date > c.last {
		c.last = date
	}
}

// best returns at most limit addresses, highest score first, then the
// most recent, then by address.
func (rk *ranking) best(limit int) []message.Address {
	all := make([]*candidate, 0, len(rk.byEmail))
	for _, c := range rk.byEmail {
		all = append(all, c)
	}
	sort.Slice(all, func(i, j int) bool {
		if all[i].score != all[j].score {
			return all[i].score > all[j].score
		}
		if all[i].last != all[j].last {
			return all[i].last > all[j].last
		}
		return all[i].addr.Email < all[j].addr.Email
	})
	if len(all) > limit {
		all = all[:limit]
	}
	out := make([]message.Address, len(all))
	for i, c := range all {
		out[i] = c.addr
	}
	return out
}

// rankAddresses is Addresses as of now.
func (s *Store) rankAddresses(ctx context.Context, prefix string, limit int, now time.Time) ([]message.Address, error) {
	p := strings.ToLower(strings.TrimSpace(prefix))
	if p == "" {
		return nil, nil
	}
	rk := &ranking{now: now, byEmail: map[string]*candidate{}}
	if err := s.rankSenders(ctx, p, rk); err != nil {
		return nil, fmt.Errorf("storage: addresses: %w", err)
	}
	if err := s.rankRecipients(ctx, p, rk); err != nil {
		return nil, fmt.Errorf("storage: addresses: %w", err)
	}
	if err := s.rankContacts(ctx, p, rk); err != nil {
		return nil, fmt.Errorf("storage: addresses: %w", err)
	}
	return rk.best(limit), nil
}

// rankSenders counts the people who wrote to the user whose name or
// address starts with p (lower case), or whose name has a word that does.
func (s *Store) rankSenders(ctx context.Context, p string, rk *ranking) error {
	rows, err := s.db.QueryContext(ctx, `
		SELECT from_name, from_addr, date FROM messages
		WHERE from_addr != '' AND (lower(from_addr) LIKE ?1 OR lower(from_name) LIKE ?1 OR lower(from_name) LIKE ?2)
		ORDER BY date DESC LIMIT ?3`, p+"%", "% "+p+"%", rankScan)
	return rk.addRows(rows, err, receivedWeight)
}

// addRows counts each (name, address, date) row of a query at weight,
// and closes the rows; err is the query's own.
func (rk *ranking) addRows(rows *sql.Rows, err error, weight float64) error {
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var a message.Address
		var d int64
		if err := rows.Scan(&a.Name, &a.Email, &d); err != nil {
			return err
		}
		rk.add(a, d, weight)
	}
	return rows.Err()
}

// rankRecipients counts the people the user wrote to (To and Cc of the
// Sent folders) who match p as rankSenders' do.
func (s *Store) rankRecipients(ctx context.Context, p string, rk *ranking) error {
	rows, err := s.db.QueryContext(ctx, `SELECT m.to_addrs || ', ' || m.cc_addrs, m.date FROM messages m
		JOIN folders f ON f.id = m.folder_id WHERE f.role = ? AND lower(m.to_addrs || m.cc_addrs) LIKE ?
		ORDER BY m.date DESC LIMIT ?`, RoleSent, "%"+p+"%", rankScan)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var list string
		var d int64
		if err := rows.Scan(&list, &d); err != nil {
			return err
		}
		// A list stored before names were quoted may not read back.
		addrs, _ := message.ParseAddressList(list)
		for _, a := range addrs {
			if matchesPrefix(a, p) {
				rk.add(a, d, 1)
			}
		}
	}
	return rows.Err()
}

// matchesPrefix reports whether a's address or name starts with p (lower
// case), or a word of its name does.
func matchesPrefix(a message.Address, p string) bool {
	k, n := strings.ToLower(a.Email), strings.ToLower(a.Name)
	return strings.HasPrefix(k, p) || strings.HasPrefix(n, p) || strings.Contains(n, " "+p)
}
