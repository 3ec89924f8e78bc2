package hostileserver

import (
	"fmt"
	"strings"
	"testing"
)

// POP3 starts a hostile POP3 server (TLS from the first byte) whose
// maildrop holds one message of MessageSize bytes as LIST tells it, that
// takes any login and misbehaves as mode says:
//
//   - Flood: UIDL lists messages without end.
//   - Endless: LIST lists messages without end.
//   - Trickle: RETR sends the message a byte every Interval.
//   - Lie: RETR sends the message and far more than LIST said, then
//     ends the answer.
//
// Fair answers properly.
func POP3(t testing.TB, mode Mode) *Server {
	return start(t, mode, servePOP3)
}

// pop3Message is the maildrop's one message; MessageSize its size.
const pop3Message = "From: Stranger <stranger@example.com>\r\nSubject: Hello\r\n\r\nHello.\r\n"

// MessageSize is the size of the POP3 server's message as LIST says.
const MessageSize = len(pop3Message)

func servePOP3(s *Server, ss *session) {
	if !ss.send("+OK hostile POP3 ready\r\n") {
		return
	}
	for {
		line, ok := ss.line()
		if !ok {
			return
		}
		verb, _, _ := strings.Cut(line, " ")
		if !answerPOP3(ss, strings.ToUpper(verb)) {
			return
		}
	}
}

// answerPOP3 answers one command; false ends the session.
func answerPOP3(ss *session, verb string) bool {
	mode := ss.s.Mode
	switch verb {
	case "USER", "PASS", "NOOP", "DELE", "RSET":
		return ss.send("+OK\r\n")
	case "QUIT":
		ss.send("+OK bye\r\n")
		return false
	case "CAPA":
		return ss.send("+OK\r\nUIDL\r\nTOP\r\nUSER\r\n.\r\n")
	case "STAT":
		return ss.send(fmt.Sprintf("+OK 1 %d\r\n", MessageSize))
	case "LIST":
		if mode == Endless {
			ss.send("+OK\r\n")
			ss.forever(func(i int) string { return fmt.Sprintf("%d %d\r\n", i+1, MessageSize) })
			return false
		}
		return ss.send(fmt.Sprintf("+OK\r\n1 %d\r\n.\r\n", MessageSize))
	case "UIDL":
		if mode == Flood {
			ss.send("+OK\r\n")
			ss.forever(func(i int) string { return fmt.Sprintf("%d uid-%d\r\n", i+1, i+1) })
			return false
		}
		return ss.send("+OK\r\n1 uid-1\r\n.\r\n")
	case "RETR", "TOP":
		return retr(ss, mode)
	}
	return ss.send("-ERR not here\r\n")
}

// retr answers RETR of the one message as the mode says.
func retr(ss *session, mode Mode) bool {
	switch mode {
	case Trickle:
		ss.trickle("+OK\r\n" + pop3Message + ".\r\n")
		return false
	case Lie:
		more := strings.Repeat("More than LIST said, and more.\r\n", 1<<16) // 2 MB
		return ss.send("+OK\r\n" + pop3Message + more + ".\r\n")
	}
	return ss.send("+OK\r\n" + pop3Message + ".\r\n")
}
