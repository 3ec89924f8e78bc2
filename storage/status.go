package storage

import "time"

// Connection is what is known of an account's link to its servers. The
// workers record it here, in memory only, so that whoever subscribes hears
// of it (ChangeStatus) like of any other change.
type Connection struct {
	AccountID string
	Known     bool  // false until the first attempt has ended
	Online    bool  // the incoming server answered the last attempt
	Err       error // the last problem receiving mail, nil when none
	SendErr   error // the last problem sending mail, nil when none
	// Blocked is why background logins stopped until the user acts: the
	// server refused the password, or a browser sign-in must be repeated.
	// Nil while logins run.
	Blocked error
	Updated time.Time
}

// SetOnline records the outcome of an attempt to reach an account's
// incoming server: online, and the problem if any (a folder may fail while
// the connection is fine). Subscribers hear ChangeStatus when it differs
// from what was known.
func (s *Store) SetOnline(accountID string, online bool, err error) {
	s.setConnection(accountID, func(c *Connection) {
		c.Known, c.Online, c.Err = true, online, err
	})
}

// SetSendError records the outcome of the last attempt to send an
// account's outbox (nil when it went well or there was nothing to send).
func (s *Store) SetSendError(accountID string, err error) {
	s.setConnection(accountID, func(c *Connection) { c.SendErr = err })
}

// SetBlocked records that an account's background logins stopped until
// the user types a password or signs in again (err says why), or that they
// run again (nil). Subscribers hear ChangeStatus when it changes, so the
// window can ask the user at once.
func (s *Store) SetBlocked(accountID string, err error) {
	s.setConnection(accountID, func(c *Connection) { c.Blocked = err })
}

func (s *Store) setConnection(accountID string, change func(*Connection)) {
	s.mu.Lock()
	if s.conns == nil {
		s.conns = map[string]Connection{}
	}
	old, ok := s.conns[accountID]
	c := old
	c.AccountID = accountID
	change(&c)
	same := ok && c.Known == old.Known && c.Online == old.Online &&
		errText(c.Err) == errText(old.Err) && errText(c.SendErr) == errText(old.SendErr) &&
		errText(c.Blocked) == errText(old.Blocked)
	if !same {
		c.Updated = time.Now()
	}
	s.conns[accountID] = c
	s.mu.Unlock()
	if !same {
		s.notify(ChangeStatus)
	}
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// ConnectionOf returns what is known of an account's connection.
func (s *Store) ConnectionOf(accountID string) Connection {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.conns[accountID]
	if !ok {
		c.AccountID = accountID
	}
	return c
}
