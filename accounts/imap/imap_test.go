package imap

import (
	"bufio"
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"net"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"

	"github.com/tern-mail/tern/accounts"
	"github.com/tern-mail/tern/internal/testenv"
	"github.com/tern-mail/tern/storage"
)

func TestConnectTLSAndSTARTTLS(t *testing.T) {
	fx := newFixture(t)
	ctx := context.Background()
	for _, srv := range []accounts.Server{
		{Host: "localhost", Port: fx.srv.IMAPSPort, Security: accounts.TLS, Username: "alice"},
		{Host: "localhost", Port: fx.srv.IMAPPort, Security: accounts.STARTTLS, Username: "alice"},
	} {
		c, err := Dial(ctx, srv, "alice-pw", Options{})
		if err != nil {
			t.Fatalf("%s: %v", srv.Security, err)
		}
		if !c.Caps().Has(imap.CapIdle) {
			t.Errorf("%s: caps %v", srv.Security, c.Caps())
		}
		c.Close()
		if _, err := Dial(ctx, srv, "wrong", Options{}); !errors.Is(err, accounts.ErrAuthFailed) {
			t.Errorf("%s with a wrong password: %v, want ErrAuthFailed", srv.Security, err)
		}
	}
	// A certificate from an unknown authority is refused.
	_, err := Dial(ctx, accounts.Server{Host: "localhost", Port: fx.srv.IMAPSPort, Security: accounts.TLS, Username: "alice"},
		"alice-pw", Options{TLSConfig: &tls.Config{RootCAs: x509.NewCertPool()}})
	if !errors.Is(err, accounts.ErrUntrusted) {
		t.Errorf("untrusted certificate: %v", err)
	}
	// Nobody listening.
	port, _ := testenv.FreePort()
	if _, err := Dial(ctx, accounts.Server{Host: "127.0.0.1", Port: port, Security: accounts.TLS}, "x", Options{}); !errors.Is(err, accounts.ErrUnreachable) {
		t.Errorf("closed port: %v", err)
	}
}

func TestRefusesToLoginWithoutSTARTTLS(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	seen := make(chan string, 1)
	go func() {
		c, err := l.Accept()
		if err != nil {
			return
		}
		defer c.Close()
		c.Write([]byte("* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] plain only\r\n"))
		r := bufio.NewReader(c)
		var all strings.Builder
		c.SetReadDeadline(time.Now().Add(3 * time.Second))
		for {
			line, err := r.ReadString('\n')
			all.WriteString(line)
			if err != nil {
				break
			}
			tag := strings.Fields(line)[0]
			c.Write([]byte(tag + " BAD STARTTLS not supported\r\n"))
		}
		seen <- all.String()
	}()
	port := l.Addr().(*net.TCPAddr).Port
	_, err = Dial(context.Background(), accounts.Server{Host: "127.0.0.1", Port: port, Security: accounts.STARTTLS, Username: "alice"},
		"top-secret-pw", Options{})
	if !errors.Is(err, accounts.ErrNoEncryption) {
		t.Fatalf("Dial = %v, want ErrNoEncryption", err)
	}
	if got := <-seen; strings.Contains(got, "top-secret-pw") || strings.Contains(got, "LOGIN") || strings.Contains(got, "AUTHENTICATE") {
		t.Fatalf("client tried to log in over plain text: %q", got)
	}
}

func TestFirstSyncThenChangesFromAnotherDevice(t *testing.T) {
	fx := newFixture(t)
	ctx := context.Background()
	for i := 1; i <= 30; i++ {
		fx.appendMsg(t, "INBOX", msg(i, "Hello "+itoa(i), "body word-"+itoa(i)))
	}
	fx.appendMsg(t, "Archive", msg(100, "Old receipt", "kumquat"), imap.FlagSeen)
	fx.sync(t)

	inbox := fx.local(t, "INBOX")
	if len(inbox) != 30 {
		t.Fatalf("inbox has %d messages, want 30", len(inbox))
	}
	for _, m := range inbox {
		if !m.HasBody {
			t.Fatalf("%q has no body after the first sync", m.Subject)
		}
	}
	if inbox[0].Subject != "Hello 30" {
		t.Errorf("newest first: %q", inbox[0].Subject)
	}
	folders, _ := fx.st.Folders(ctx, fx.acct.ID)
	roles := map[string]string{}
	for _, f := range folders {
		roles[f.Name] = f.Role
	}
	for name, role := range map[string]string{"INBOX": "inbox", "Sent": "sent", "Trash": "trash", "Drafts": "drafts",
		"Junk": "junk", "Archive": "archive"} {
		if roles[name] != role {
			t.Errorf("folder %s has role %q, want %q (all: %v)", name, roles[name], role, roles)
		}
	}
	if res, _ := fx.st.Search(ctx, storage.SearchQuery{Text: "kumquat"}); len(res) != 1 {
		t.Errorf("offline search for a body word found %d", len(res))
	}

	// Another device: two new messages, one read, one deleted for good.
	fx.appendMsg(t, "INBOX", msg(31, "Hello 31", "new one"))
	fx.appendMsg(t, "INBOX", msg(32, "Hello 32", "new two"))
	if _, err := fx.other.Select("INBOX", nil).Wait(); err != nil {
		t.Fatal(err)
	}
	fx.other.Store(imap.SeqSetNum(1), &imap.StoreFlags{Op: imap.StoreFlagsAdd, Flags: []imap.Flag{imap.FlagSeen}}, nil).Close()
	fx.other.Store(imap.SeqSetNum(2), &imap.StoreFlags{Op: imap.StoreFlagsAdd, Flags: []imap.Flag{imap.FlagDeleted}}, nil).Close()
	if err := fx.other.Expunge().Close(); err != nil {
		t.Fatal(err)
	}
	fx.sync(t)
	inbox = fx.local(t, "INBOX")
	if len(inbox) != 31 {
		t.Fatalf("after changes: %d messages, want 31", len(inbox))
	}
	bySubject := map[string]storage.MessageSummary{}
	for _, m := range inbox {
		bySubject[m.Subject] = m
	}
	if _, ok := bySubject["Hello 2"]; ok {
		t.Error("expunged message still here")
	}
	if !bySubject["Hello 1"].Flags.Seen {
		t.Error("\\Seen set elsewhere not seen here")
	}
	if !bySubject["Hello 32"].HasBody {
		t.Error("new message without body")
	}

	// The folder is deleted and made again elsewhere: new UIDVALIDITY.
	before, _ := fx.st.FolderByName(ctx, fx.acct.ID, "Archive")
	if err := fx.other.Delete("Archive").Wait(); err != nil {
		t.Fatal(err)
	}
	if err := fx.other.Create("Archive", nil).Wait(); err != nil {
		t.Fatal(err)
	}
	fx.appendMsg(t, "Archive", msg(200, "Fresh archive", "x"))
	fx.sync(t)
	after, err := fx.st.FolderByName(ctx, fx.acct.ID, "Archive")
	if err != nil {
		t.Fatal(err)
	}
	arch := fx.local(t, "Archive")
	if len(arch) != 1 || arch[0].Subject != "Fresh archive" || after.UIDValidity == before.UIDValidity {
		t.Fatalf("after UIDVALIDITY change: %+v (validity %d → %d)", arch, before.UIDValidity, after.UIDValidity)
	}
}

func TestResyncWithNoChangesIsAFewRoundTrips(t *testing.T) {
	fx := newFixture(t)
	for i := 1; i <= 50; i++ {
		fx.appendMsg(t, "INBOX", msg(i, "Hello "+itoa(i), "x"))
	}
	fx.sync(t)
	var log commandLog
	if err := SyncOnce(context.Background(), fx.acct, fx.st, fx.pw, Options{Debug: &log}); err != nil {
		t.Fatal(err)
	}
	cmds := log.commands()
	for _, c := range cmds {
		if c == "SELECT" || c == "UID FETCH" || c == "FETCH" || c == "UID SEARCH" {
			t.Errorf("no-change resync sent %s: %v", c, cmds)
		}
	}
	if len(cmds) > 6 {
		t.Errorf("no-change resync sent %d commands: %v", len(cmds), cmds)
	}
	t.Logf("no-change resync: %v", cmds)
}

func itoa(n int) string { return strconv.Itoa(n) }
