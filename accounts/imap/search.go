package imap

import (
	"fmt"

	"github.com/emersion/go-imap/v2"
)

// SearchText asks the server which messages of folder contain text
// anywhere (RFC 9051 section 6.4.4, SEARCH TEXT) and returns their UIDs:
// for mail whose body is not on this computer.
func (c *Conn) SearchText(folder, text string) ([]uint32, error) {
	c.forgetSelection()
	if _, err := c.selectFolder(folder); err != nil {
		return nil, err
	}
	data, err := c.search(&imap.SearchCriteria{Text: []string{text}})
	if err != nil {
		return nil, fmt.Errorf("imap: search %q in %q: %w", text, folder, err)
	}
	var out []uint32
	for _, u := range data.AllUIDs() {
		out = append(out, uint32(u))
	}
	return out, nil
}
