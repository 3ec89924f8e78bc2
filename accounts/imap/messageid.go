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
	data, err := c.c.UIDSearch(crit, &imap.SearchOptions{}).Wait()
	if err != nil {
		return false, fmt.Errorf("imap: search %q for Message-ID %s: %w", folder, id, err)
	}
	return len(data.AllUIDs()) > 0, nil
}
