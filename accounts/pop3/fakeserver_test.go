package pop3

import (
	"bufio"
	"crypto/tls"
	"fmt"
	"net"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/tern-mail/tern/internal/testenv"
)

// fakeServer is a small POP3 server over TLS that can misbehave.
type fakeServer struct {
	l net.Listener

	mu       sync.Mutex
	msgs     []string // message n is msgs[n-1]; "" once deleted
	noUIDL   bool     // answer UIDL with -ERR
	refuseDE bool     // answer DELE with -ERR
	dropRetr int      // cut the connection in the middle of RETR of this message, once
	noSTLS   bool     // plain listener that offers no STLS (for STARTTLS tests)
	passErr  string   // answer PASS with this line (e.g. "-ERR [IN-USE] locked")
	capa     []string // more CAPA lines (e.g. "LOGIN-DELAY 900")
	lines    []string // every line received
}

func startFake(t *testing.T, f *fakeServer) int {
	t.Helper()
	ca, err := testenv.TestCA()
	if err != nil {
		t.Fatal(err)
	}
	var l net.Listener
	if f.noSTLS {
		l, err = net.Listen("tcp", "127.0.0.1:0")
	} else {
		l, err = tls.Listen("tcp", "127.0.0.1:0", &tls.Config{Certificates: []tls.Certificate{ca.ServerCert}})
	}
	if err != nil {
		t.Fatal(err)
	}
	f.l = l
	t.Cleanup(func() { l.Close() })
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			go f.serve(c)
		}
	}()
	return l.Addr().(*net.TCPAddr).Port
}

func (f *fakeServer) serve(c net.Conn) {
	defer c.Close()
	r := bufio.NewReader(c)
	w := bufio.NewWriter(c)
	say := func(s string) { w.WriteString(s + "\r\n"); w.Flush() }
	say("+OK fake POP3 ready")
	var dele []int
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		line = strings.TrimRight(line, "\r\n")
		f.mu.Lock()
		f.lines = append(f.lines, line)
		f.mu.Unlock()
		fields := strings.Fields(line)
		if len(fields) == 0 {
			continue
		}
		arg := 0
		if len(fields) > 1 {
			arg, _ = strconv.Atoi(fields[1])
		}
		f.mu.Lock()
		msgs := f.msgs
		valid := arg >= 1 && arg <= len(msgs) && msgs[arg-1] != ""
		f.mu.Unlock()
		switch strings.ToUpper(fields[0]) {
		case "CAPA":
			say("+OK")
			if !f.noUIDL {
				say("UIDL")
			}
			say("TOP")
			for _, l := range f.capa {
				say(l)
			}
			say(".")
		case "PASS":
			if f.passErr != "" {
				say(f.passErr)
				continue
			}
			say("+OK")
		case "USER", "NOOP":
			say("+OK")
		case "STAT":
			say(fmt.Sprintf("+OK %d 0", len(msgs)))
		case "LIST":
			say("+OK")
			for i, m := range msgs {
				if m != "" {
					say(fmt.Sprintf("%d %d", i+1, len(m)))
				}
			}
			say(".")
		case "UIDL":
			if f.noUIDL {
				say("-ERR unknown command")
				continue
			}
			say("+OK")
			for i, m := range msgs {
				if m != "" {
					say(fmt.Sprintf("%d uid-%d", i+1, i+1))
				}
			}
			say(".")
		case "TOP":
			if !valid {
				say("-ERR no such message")
				continue
			}
			head, _, _ := strings.Cut(msgs[arg-1], "\r\n\r\n")
			say("+OK")
			w.WriteString(stuff(head + "\r\n\r\n"))
			say(".")
		case "RETR":
			if !valid {
				say("-ERR no such message")
				continue
			}
			body := stuff(msgs[arg-1])
			f.mu.Lock()
			drop := f.dropRetr == arg
			if drop {
				f.dropRetr = 0
			}
			f.mu.Unlock()
			say("+OK")
			if drop {
				w.WriteString(body[:len(body)/2])
				w.Flush()
				return
			}
			w.WriteString(body)
			say(".")
		case "DELE":
			if f.refuseDE {
				say("-ERR permission denied")
				continue
			}
			dele = append(dele, arg)
			say("+OK")
		case "QUIT":
			f.mu.Lock()
			for _, n := range dele {
				f.msgs[n-1] = ""
			}
			f.mu.Unlock()
			say("+OK bye")
			return
		default:
			say("-ERR unknown command")
		}
	}
}

// stuff dot-stuffs a message for the wire (RFC 1939 section 3).
func stuff(s string) string {
	lines := strings.SplitAfter(s, "\n")
	for i, l := range lines {
		if strings.HasPrefix(l, ".") {
			lines[i] = "." + l
		}
	}
	return strings.Join(lines, "")
}

func (f *fakeServer) remaining() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := 0
	for _, m := range f.msgs {
		if m != "" {
			n++
		}
	}
	return n
}

// count returns how many commands received so far begin with verb.
func (f *fakeServer) count(verb string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := 0
	for _, l := range f.lines {
		if strings.HasPrefix(strings.ToUpper(l), verb) {
			n++
		}
	}
	return n
}
