package smtp

import (
	"errors"
	"io"

	gosmtp "github.com/emersion/go-smtp"

	"github.com/tern-mail/tern/accounts"
)

// replyBytes caps a reply: RFC 5321 section 4.5.3.1.5 limits a reply
// line to 512 octets, so this is hundreds of lines, far more than any
// EHLO lists. A server that answers without end is cut off.
const replyBytes = 256 << 10

// client is a go-smtp client with the connection under it, within whose
// budgets its commands run.
type client struct {
	*gosmtp.Client
	raw *accounts.DeadlineConn
}

// within runs fn, one command whose part to send is about n bytes (the
// message, for DATA), within its budget: a reply of at most replyBytes,
// and the time to send n bytes at the slowest rate allowed. When the
// connection was cut off meanwhile, the error is why (an
// *accounts.ServerError); when the server hung up in the middle of its
// reply, one of kind HungUp.
func (c *client) within(what string, n int64, fn func() error) error {
	// A reply may be slow to come (a server that checks the sender, or
	// holds spammers back on purpose): only the message being sent is
	// held to the minimum rate.
	b := accounts.Budget{What: what, Bytes: replyBytes, Over: accounts.LineFlood, Time: c.raw.Limits().Transfer(n), Sparse: n == 0}
	end := c.raw.Begin(b)
	err := fn()
	end()
	if t := c.raw.Tripped(); t != nil {
		return t
	}
	if err != nil && (errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF)) {
		return &accounts.ServerError{Kind: accounts.HungUp, What: what, Sending: true, Err: err}
	}
	return err
}
