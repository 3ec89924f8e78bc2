package pop3

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"

	"github.com/tern-mail/tern/accounts"
)

// Every command goes to the server within a budget (accounts/budget.go):
// the most its answer may hold and the time to move it at the slowest
// rate allowed. A listing (LIST, UIDL) may have a line per message STAT
// counted and lineSlack more; a message (RETR, TOP) twice the size LIST
// gave it and Slack: a server that sends more is cut off.
const (
	// answerBytes caps a one-line answer, or a short listing (CAPA).
	answerBytes = 1 << 20
	// lineSlack is how many more lines than messages a listing may have.
	lineSlack = 100
	// listLineBytes and uidlLineBytes are what a line of LIST and of
	// UIDL may take: a number, a size or a unique-id of at most 70
	// characters (RFC 1939 section 7), spaces and the line's end.
	listLineBytes = 48
	uidlLineBytes = 96
)

// within runs fn, one command or a few pipelined, within budget b. When
// the connection was cut off meanwhile, the error is why (an
// *accounts.ServerError); when the server hung up in the middle of the
// answer, one of kind HungUp.
func (c *Conn) within(b accounts.Budget, fn func() error) error {
	end := c.raw.Begin(b)
	err := fn()
	end()
	return c.cut(b.What, err)
}

// cut returns why the connection was cut off, when it was, else err, as
// a HungUp *accounts.ServerError when the connection ended.
func (c *Conn) cut(what string, err error) error {
	if t := c.raw.Tripped(); t != nil {
		return t
	}
	if err != nil && (errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF)) {
		return &accounts.ServerError{Kind: accounts.HungUp, What: what, Err: err}
	}
	return err
}

// small is the budget of a command with a one-line answer.
func small(what string) accounts.Budget {
	return accounts.Budget{What: what, Bytes: answerBytes, Sparse: true}
}

// transfer is the budget of an answer of at most n bytes; kind is the
// error when it holds more.
func (c *Conn) transfer(what string, n int64, kind accounts.Misbehaviour) accounts.Budget {
	return accounts.Budget{What: what, Bytes: n, Time: c.raw.Limits().Transfer(n), Over: kind}
}

// messageLimit is the most the answer to RETR or TOP of a message of size
// bytes may hold.
func messageLimit(size int) int64 { return 2*int64(max(size, 0)) + accounts.Slack }

// count asks STAT how many messages the maildrop holds.
func (c *Conn) count() (int, error) {
	var n int
	err := c.within(small("STAT"), func() error {
		var err error
		n, _, err = c.c.Stat()
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("pop3: STAT: %w", err)
	}
	return n, nil
}

// listing runs LIST or UIDL (cmd) for the whole maildrop of count
// messages and returns each line's message number and second word (the
// size or the unique-id). A server that answers with more lines than
// count and lineSlack is cut off; a line that is not two words is left
// out.
func (c *Conn) listing(cmd string, count int, lineBytes int64) (map[int]string, error) {
	most := count + lineSlack
	out := map[int]string{}
	err := c.within(c.transfer(cmd, int64(most)*lineBytes+answerBytes, accounts.LineFlood), func() error {
		buf, err := c.c.Cmd(cmd, true)
		if err != nil {
			return err
		}
		lines := bytes.Split(buf.Bytes(), []byte("\r\n"))
		if len(lines) > most+1 { // the last is empty
			return c.raw.Trip(accounts.LineFlood, cmd)
		}
		for _, l := range lines {
			f := bytes.Fields(l)
			if len(f) < 2 {
				continue
			}
			if n, err := strconv.Atoi(string(f[0])); err == nil && n > 0 {
				out[n] = string(f[1])
			}
		}
		return nil
	})
	return out, err
}
