package accounts

import (
	"time"
)

// Every command Tern sends to a mail server gets a budget: how long, in
// all, it may wait for the answer, how much the answer may hold, and how
// slowly it may come. A server that answers a LIST with folder names
// without end, trickles an answer a byte at a time or announces a message
// far larger than the one it was asked for is cut off when its budget runs
// out, instead of keeping a sync alive forever or filling the memory.
//
// Time is counted only while Tern waits for the server (a read or write
// on the connection is under way and a command is open), never while Tern
// itself is busy (storing what came, say): a slow disk never makes a
// healthy server look slow.

// Production defaults of Limits. They are generous: a healthy server,
// however slow or loaded, stays far within them.
const (
	DefaultMinBytes     = 1 << 10
	DefaultRateWindow   = 60 * time.Second
	DefaultCommandTime  = 5 * time.Minute
	DefaultTransferRate = 4 << 10 // bytes a second
	DefaultUnsolicited  = 64 << 20
)

// Limits are the budgets of a connection's commands; zero fields take the
// defaults above. Tests set small ones.
type Limits struct {
	// MinBytes and RateWindow are the slowest a server may answer: while
	// a command waits, every RateWindow of waiting must bring at least
	// MinBytes (or the answer's end). Less is a stall, however steadily
	// the bytes trickle in.
	MinBytes   int64
	RateWindow time.Duration
	// CommandTime is the total waiting time of a command that moves
	// little (SELECT, SEARCH, LIST); one that moves n bytes gets
	// CommandTime more, plus n bytes at TransferRate bytes a second.
	CommandTime  time.Duration
	TransferRate int64
	// Unsolicited caps what the server may send while no command is open
	// (news during IDLE, say), counted from the end of the last command.
	Unsolicited int64
}

// resolved returns l with its zero fields set to the defaults.
func (l Limits) resolved() Limits {
	if l.MinBytes <= 0 {
		l.MinBytes = DefaultMinBytes
	}
	if l.RateWindow <= 0 {
		l.RateWindow = DefaultRateWindow
	}
	if l.CommandTime <= 0 {
		l.CommandTime = DefaultCommandTime
	}
	if l.TransferRate <= 0 {
		l.TransferRate = DefaultTransferRate
	}
	if l.Unsolicited <= 0 {
		l.Unsolicited = DefaultUnsolicited
	}
	return l
}

// Transfer is the waiting time of a command that moves n bytes: the
// command time plus n bytes at the transfer rate.
func (l Limits) Transfer(n int64) time.Duration {
	l = l.resolved()
	return l.CommandTime + time.Duration(n/l.TransferRate)*time.Second
}

// Command is the waiting time of a command that moves little.
func (l Limits) Command() time.Duration { return l.resolved().CommandTime }

// Budget is what one command (or a run of pipelined ones) may use.
type Budget struct {
	// What names the command, for errors ("LIST", "RETR 4").
	What string
	// Time is the most the command may wait for the server in all; zero
	// is the Limits' CommandTime.
	Time time.Duration
	// Bytes is the most the server may send in answer; zero is no cap.
	// Over it, the connection is closed and the error is of kind Flood
	// (or the kind Over names).
	Bytes int64
	// Over is the kind of error when Bytes is exceeded: Flood unless set
	// (FolderFlood for a LIST, LineFlood for a POP3 listing).
	Over Misbehaviour
	// Sparse marks an answer of a few short lines that may come far
	// apart while the server works (SELECT, SEARCH, a run of STATUS, an
	// SMTP reply): no minimum rate applies to it, only its total time
	// and the timeout of each read. The minimum rate is for answers that
	// stream (a FETCH, a LIST, RETR), where a trickle could otherwise
	// last as long as their generous total time.
	Sparse bool
}

// Slack is added to every cap computed from what the server announced:
// a little room for its own framing and for servers that count lines'
// ends differently.
const Slack = 64 << 10

// Misbehaviour is what a server did that made Tern give up on it.
type Misbehaviour int

// The misbehaviours, each with its own sentence (see budgetsentence.go).
const (
	// Flood: the server sent far more than the command asked for.
	Flood Misbehaviour = iota + 1
	// FolderFlood: folder names without end in answer to LIST.
	FolderFlood
	// LineFlood: lines without end in a listing (UIDL, LIST, a reply).
	LineFlood
	// Stalled: the answer came too slowly, a trickle at a time.
	Stalled
	// TooLong: the command used up its total time.
	TooLong
	// Oversized: a message or literal larger than the server said, or
	// than any message Tern would download.
	Oversized
	// HungUp: the server ended the connection in the middle of an answer.
	HungUp
)

// ServerError is a server cut off for misbehaving. Its Error is one
// sentence for a person, in the user's language.
type ServerError struct {
	Kind Misbehaviour
	// What is the command, for the log ("LIST", "FETCH").
	What string
	// Sending is set for an SMTP server: its sentence speaks of the
	// message being sent, not of a sync.
	Sending bool
	// Err is what the protocol library said, if anything.
	Err error
}

// Unwrap returns what the protocol library said.
func (e *ServerError) Unwrap() error { return e.Err }

// Error is the sentence for Kind.
func (e *ServerError) Error() string { return sentence(e.Kind, e.Sending) }

// Timeout lets a ServerError of a time budget pass for a timeout where a
// library looks for one.
func (e *ServerError) Timeout() bool { return e.Kind == Stalled || e.Kind == TooLong }

// Temporary is part of net.Error.
func (e *ServerError) Temporary() bool { return false }
