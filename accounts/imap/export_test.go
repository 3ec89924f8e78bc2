package imap

import "github.com/emersion/go-imap/v2"

// Caps returns the server's capabilities after login.
func (c *Conn) Caps() imap.CapSet { return c.caps }
