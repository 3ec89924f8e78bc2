package postfix

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tern-mail/tern/accounts"
	"github.com/tern-mail/tern/accounts/smtp"
	"github.com/tern-mail/tern/internal/dovecot"
)

func TestDeliversIntoDovecot(t *testing.T) {
	dv := dovecot.Start(t, dovecot.Options{Extra: DovecotExtra})
	dv.AddUser(t, "alice", "pw-a")
	dv.AddUser(t, "bob", "pw-b")
	pf := Start(t, dv, "example.org", []string{"alice", "bob"})
	raw := []byte("From: alice@example.org\r\nTo: bob@example.org\r\nSubject: via postfix\r\nMessage-ID: <pf1@example.org>\r\n\r\nhello bob\r\n")
	for _, srv := range []accounts.Server{
		{Host: "localhost", Port: pf.SubmitPort, Security: accounts.STARTTLS, Username: "alice"},
		{Host: "localhost", Port: pf.SMTPSPort, Security: accounts.TLS, Username: "alice"},
	} {
		if err := smtp.Send(context.Background(), srv, "pw-a", "alice@example.org", []string{"bob@example.org"}, raw, smtp.Options{}); err != nil {
			t.Fatalf("%s: %v\n%s", srv.Security, err, pf.Log())
		}
	}
	deadline := time.Now().Add(20 * time.Second)
	for {
		n := 0
		for _, d := range []string{"new", "cur"} {
			es, _ := os.ReadDir(filepath.Join(dv.Maildir("bob"), d))
			for _, e := range es {
				b, _ := os.ReadFile(filepath.Join(dv.Maildir("bob"), d, e.Name()))
				if strings.Contains(string(b), "hello bob") {
					n++
				}
			}
		}
		if n == 2 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d of 2 delivered\n%s", n, pf.Log())
		}
		time.Sleep(100 * time.Millisecond)
	}
}
