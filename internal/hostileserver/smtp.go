package hostileserver

import (
	"fmt"
	"strings"
	"testing"
)

// SMTP starts a hostile SMTP server (TLS from the first byte) that takes
// any login and misbehaves as mode says:
//
//   - Flood: EHLO answers with lines without end.
//   - Trickle: the greeting comes a byte every Interval.
//   - Endless: the answer to MAIL FROM never ends.
//   - Bye: hangs up in the middle of the answer to RCPT TO.
//
// Fair takes every message.
func SMTP(t testing.TB, mode Mode) *Server {
	return start(t, mode, serveSMTP)
}

func serveSMTP(s *Server, ss *session) {
	greeting := "220 hostile.example ESMTP ready\r\n"
	if s.Mode == Trickle {
		ss.trickle(strings.Repeat("220-hostile.example says hello at length\r\n", 100) + greeting)
		return
	}
	if !ss.send(greeting) {
		return
	}
	for {
		line, ok := ss.line()
		if !ok {
			return
		}
		verb, _, _ := strings.Cut(line, " ")
		if !answerSMTP(ss, strings.ToUpper(verb)) {
			return
		}
	}
}

// answerSMTP answers one command; false ends the session.
func answerSMTP(ss *session, verb string) bool {
	mode := ss.s.Mode
	switch verb {
	case "EHLO":
		if mode == Flood {
			ss.forever(func(i int) string { return fmt.Sprintf("250-EXTENSION-%d\r\n", i) })
			return false
		}
		return ss.send("250-hostile.example\r\n250 AUTH PLAIN\r\n")
	case "HELO":
		return ss.send("250 hostile.example\r\n")
	case "AUTH":
		return ss.send("235 welcome\r\n")
	case "MAIL":
		if mode == Endless {
			ss.forever(func(int) string { return "250-still thinking about it\r\n" })
			return false
		}
		return ss.send("250 ok\r\n")
	case "RCPT":
		if mode == Bye {
			ss.send("250-ok, and\r\n")
			return false
		}
		return ss.send("250 ok\r\n")
	case "DATA":
		if !ss.send("354 go on\r\n") {
			return false
		}
		for {
			l, ok := ss.line()
			if !ok {
				return false
			}
			if l == "." {
				return ss.send("250 queued\r\n")
			}
		}
	case "QUIT":
		ss.send("221 bye\r\n")
		return false
	case "RSET", "NOOP":
		return ss.send("250 ok\r\n")
	}
	return ss.send("502 not here\r\n")
}
