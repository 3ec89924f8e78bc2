package imap

import (
	"fmt"

	"github.com/emersion/go-imap/v2"
)

// HasMessageID asks the server whether folder holds a message with the
// Message-ID id (without angle brackets), by UID SEARCH HEADER
// (RFC 9051 section 6.4.4): to learn whether a message whose sending
// ended without an answer reached the server's Sent folder.
func (c *Conn) HasMessageID(folder, id string) (bool, error) {
	c.forgetSelection()
	if _, err := c.selectFolder(folder); err != nil {
		return false, err
	}
	crit := &imap.SearchCriteria{Header: []imap.SearchCriteriaHeaderField{{Key: "Message-ID", Value: "<" + id + ">"}}}
	data, err := c.search(crit)
	if err != nil {
		return false, fmt.Errorf("imap: search %q for Message-ID %s: %w", folder, id, err)
	}
	return len(data.AllUIDs()) > 0, nil
}

// search runs UID SEARCH on the selected folder within the budget of an
// answer that names every message.
func (c *Conn) search(crit *imap.SearchCriteria) (*imap.SearchData, error) {
	var data *imap.SearchData
	err := c.within(c.sparse("SEARCH", int64(c.messages()+fetchSlack)*uidBytes), func() error {
		var err error
		data, err = c.c.UIDSearch(crit, &imap.SearchOptions{}).Wait()
		return err
	})
	return data, err
}
