package imap

import (
	"bufio"
	"context"
	"crypto/tls"
	"errors"
	"net"
	"strings"
	"testing"

	"github.com/tern-mail/tern/accounts"
	"github.com/tern-mail/tern/internal/testenv"
)

// fakeLogin is an IMAPS server that answers LOGIN with answer.
func fakeLogin(t *testing.T, answer string) int {
	t.Helper()
	ca, err := testenv.TestCA()
	if err != nil {
		t.Fatal(err)
	}
	l, err := tls.Listen("tcp", "127.0.0.1:0", &tls.Config{Certificates: []tls.Certificate{ca.ServerCert}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			go func(c net.Conn) {
				defer c.Close()
				r := bufio.NewReader(c)
				c.Write([]byte("* OK [CAPABILITY IMAP4rev1] fake ready\r\n"))
				for {
					line, err := r.ReadString('\n')
					if err != nil {
						return
					}
					f := strings.Fields(line)
					if len(f) < 2 {
						continue
					}
					switch strings.ToUpper(f[1]) {
					case "LOGIN":
						c.Write([]byte(f[0] + " " + answer + "\r\n"))
					case "LOGOUT":
						c.Write([]byte("* BYE\r\n" + f[0] + " OK bye\r\n"))
						return
					default:
						c.Write([]byte(f[0] + " BAD no\r\n"))
					}
				}
			}(c)
		}
	}()
	return l.Addr().(*net.TCPAddr).Port
}

// RFC 5530 codes at login tell a busy or broken server from a wrong
// password.
func TestLoginResponseCodes(t *testing.T) {
	for answer, want := range map[string]error{
		"NO [UNAVAILABLE] Temporary authentication failure": accounts.ErrTemporary,
		"NO [INUSE] Mailbox in use":                         accounts.ErrTryLater,
		"NO [AUTHENTICATIONFAILED] Authentication failed":   accounts.ErrAuthFailed,
		"NO Login failed":                                   accounts.ErrAuthFailed,
	} {
		port := fakeLogin(t, answer)
		_, err := Dial(context.Background(), accounts.Server{Host: "localhost", Port: port, Security: accounts.TLS, Username: "u"}, "pw", Options{})
		if !errors.Is(err, want) {
			t.Errorf("%q: %v, want %v", answer, err, want)
		}
		for _, other := range []error{accounts.ErrTemporary, accounts.ErrTryLater, accounts.ErrAuthFailed} {
			if other != want && errors.Is(err, other) {
				t.Errorf("%q is also %v", answer, other)
			}
		}
	}
}
