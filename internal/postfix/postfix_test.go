package postfix

import (
	"context"
	"crypto/sha256"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tern-mail/tern/accounts"
	"github.com/tern-mail/tern/accounts/smtp"
	"github.com/tern-mail/tern/internal/dovecot"
)

func TestDeliversIntoDovecot(t *testing.T) {
	before := snapshot(t, systemDir)
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
	pf.WaitQueueEmpty(t)
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
	if n != 2 {
		t.Fatalf("%d of 2 delivered\n%s", n, pf.Log())
	}
	// Stopped and started again, it still runs from its own directory.
	if err := pf.Stop(); err != nil {
		t.Fatal(err)
	}
	if err := pf.Restart(); err != nil {
		t.Fatal(err)
	}
	if after := snapshot(t, systemDir); after != before {
		t.Fatalf("the system's %s changed:\nbefore:\n%s\nafter:\n%s", systemDir, before, after)
	}
}

// snapshot describes every file under dir (name, mode, contents' hash),
// or says that dir does not exist.
func snapshot(t *testing.T, dir string) string {
	t.Helper()
	var b strings.Builder
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		fmt.Fprintf(&b, "%s %v", p, info.Mode())
		if info.Mode().IsRegular() {
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			fmt.Fprintf(&b, " %x", sha256.Sum256(data))
		}
		b.WriteString("\n")
		return nil
	})
	if os.IsNotExist(err) {
		return dir + " does not exist"
	}
	if err != nil {
		t.Fatal(err)
	}
	return b.String()
}
