package accounts

import (
	"time"
)

// Defaults for Timeouts.
const (
	DefaultDialTimeout    = 15 * time.Second
	DefaultCommandTimeout = 60 * time.Second
)

// Timeouts bound a mail connection; zero values take the defaults.
type Timeouts struct {
	// DialTimeout bounds connecting, TLS and the greeting.
	DialTimeout time.Duration
	// CommandTimeout is how long a command may go without the server
	// sending anything before the connection is given up.
	CommandTimeout time.Duration
	// Budget bounds each command's answer as a whole (see budget.go).
	Budget Limits
}

// Dial returns the dial timeout to use.
func (t Timeouts) Dial() time.Duration {
	if t.DialTimeout > 0 {
		return t.DialTimeout
	}
	return DefaultDialTimeout
}

// Command returns the command timeout to use.
func (t Timeouts) Command() time.Duration {
	if t.CommandTimeout > 0 {
		return t.CommandTimeout
	}
	return DefaultCommandTimeout
}
