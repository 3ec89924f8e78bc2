package storage

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/tern-mail/tern/storage/message"
)

// contactWeight is what an address book entry counts for in Addresses'
// ranking: less than one message received from the person, so that the
// people the user writes to and hears from come first, and the address
// book fills in the people the mail does not know (yet).
const contactWeight = 0.05

// AddContacts keeps addresses in the address book, for suggestions. An
// address already there keeps its entry, and gets the name when it had
// none. It returns how many addresses were new.
func (s *Store) AddContacts(ctx context.Context, list []message.Address) (added int, err error) {
	err = s.tx(ctx, func(tx *sql.Tx) error {
		now := time.Now().Unix()
		for _, a := range list {
			email := strings.TrimSpace(a.Email)
			if email == "" || !strings.Contains(email, "@") {
				continue
			}
			res, err := tx.ExecContext(ctx, `INSERT INTO contacts(email, name, added_at) VALUES(?, ?, ?)
				ON CONFLICT(email) DO UPDATE SET name = excluded.name WHERE contacts.name = '' AND excluded.name != ''`,
				email, strings.TrimSpace(a.Name), now)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n > 0 {
				added++
			}
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("storage: add to the address book: %w", err)
	}
	s.noteWrite(nil)
	return added, nil
}

// rankContacts counts the address book's people who match p as
// rankSenders' do, once each, at contactWeight, as of when they were
// added.
func (s *Store) rankContacts(ctx context.Context, p string, rk *ranking) error {
	rows, err := s.db.QueryContext(ctx, `SELECT name, email, added_at FROM contacts
		WHERE lower(email) LIKE ?1 OR lower(name) LIKE ?1 OR lower(name) LIKE ?2 LIMIT ?3`, p+"%", "% "+p+"%", rankScan)
	return rk.addRows(rows, err, contactWeight)
}
